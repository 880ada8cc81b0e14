import type { Plan } from '@aug/core';
import { type BlendKey, blendFeeds, blendKey, buildBlend } from './blend.js';
import { buildComposite, type CompositeKey, compositeFeeds, compositeKey } from './composite.js';
import { buildFill, type FillKey, fillFeeds, fillKey } from './fill.js';
import type { BuiltGraph } from './graph.js';
import { buildLabels, type LabelsKey } from './labels.js';
import { type Feeds, viewKind } from './view.js';

/** Everything that selects a graph: one graph (and one session) per distinct key. */
export type GraphKey = FillKey | CompositeKey | BlendKey | LabelsKey;

/**
 * The graph a plan runs on. `exported`: the general graph, valid for every plan of the
 * strategy (no shortcut chosen from this plan's numbers, such as Mixup's every-image-mixed).
 */
export function graphKey(plan: Plan, exported = false): GraphKey {
  const view = viewKind(plan.info);
  if (plan.kind === 'fill') return fillKey(plan, view);
  if (plan.kind === 'composite') return compositeKey(plan, view);
  return blendKey(plan, view, exported);
}

/**
 * A stable string for a key, for caches: every field, at every depth, in sorted order,
 * so two keys share a string (and a session) only if they select the same graph.
 */
export function keyString(key: GraphKey): string {
  return canonical(key);
}

/** JSON with object keys sorted at every depth (fields that are `undefined` left out, as JSON does). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function buildGraph(key: GraphKey): BuiltGraph {
  switch (key.kind) {
    case 'fill':
      return buildFill(key);
    case 'composite':
      return buildComposite(key);
    case 'blend':
      return buildBlend(key);
    case 'labels':
      return buildLabels();
  }
}

/** The inputs of a plan's graph besides `images`: the plan's numbers, laid out for the view. */
export function planFeeds(plan: Plan, key: GraphKey): Feeds {
  if (plan.kind === 'fill' && key.kind === 'fill') return fillFeeds(plan, key);
  if (plan.kind === 'composite' && key.kind === 'composite') return compositeFeeds(plan);
  if (plan.kind === 'blend' && key.kind === 'blend') return blendFeeds(plan, key);
  throw new Error(`planFeeds: a ${plan.kind} plan does not run on a ${key.kind} graph`);
}

export type { BuiltGraph } from './graph.js';
export type { Feed, Feeds, ViewKind } from './view.js';
