import type { LabelMix } from '@aug/core';
import { GraphBuilder } from '../graph/builder.js';
import type { BuiltGraph } from './graph.js';
import { type Feeds, feed } from './view.js';

/**
 * Label mixing: row b becomes (w * own + (1 - w) * partner's) * (1 - eps_b) + eps_b / K,
 * on float32 [B, K] labels (class ids are one-hot encoded on the host, where core
 * checks them).
 */
export interface LabelsKey {
  readonly kind: 'labels';
}

export function buildLabels(): BuiltGraph {
  const name = 'labels';
  const doc = '@aug label mixing: soft labels [B, K] mixed with their partners and smoothed.';
  const g = new GraphBuilder(name, doc);
  const labels = g.input({
    name: 'labels',
    type: 'float32',
    shape: ['batch', 'classes'],
    doc: 'one-hot or soft labels [B, K]',
  });
  const partner = g.input({
    name: 'partner',
    type: 'int32',
    shape: ['batch'],
    doc: 'the partner of row b',
  });
  const weight = g.input({
    name: 'weight',
    type: 'float32',
    shape: ['batch', 1],
    doc: "w: row b's own weight",
  });
  const partnerWeight = g.input({
    name: 'partnerWeight',
    type: 'float32',
    shape: ['batch', 1],
    doc: '1 - w',
  });
  const scale = g.input({
    name: 'scale',
    type: 'float32',
    shape: ['batch', 1],
    doc: "1 - eps, with eps row b's label smoothing",
  });
  const shift = g.input({ name: 'shift', type: 'float32', shape: ['batch', 1], doc: 'eps / K' });
  const mixedRows = g.add(g.mul(labels, weight), g.mul(g.gather(labels, partner), partnerWeight));
  g.output(g.add(g.mul(mixedRows, scale), shift), {
    name: 'output',
    type: 'float32',
    shape: ['batch', 'classes'],
    doc: 'the mixed labels [B, K]',
  });
  return { name, doc, model: g.build({ kind: 'labels' }), ...g.signature() };
}

/** The inputs of the labels graph, besides the labels. */
export function labelFeeds(mix: LabelMix, classes: number): Feeds {
  const B = mix.partner.length;
  const w = Float32Array.from(mix.weight);
  return {
    partner: feed('int32', [B], Int32Array.from(mix.partner)),
    weight: feed('float32', [B, 1], w),
    partnerWeight: feed(
      'float32',
      [B, 1],
      w.map((x) => 1 - x),
    ),
    scale: feed(
      'float32',
      [B, 1],
      mix.smoothing.map((eps) => 1 - eps),
    ),
    shift: feed(
      'float32',
      [B, 1],
      mix.smoothing.map((eps) => eps / classes),
    ),
  };
}
