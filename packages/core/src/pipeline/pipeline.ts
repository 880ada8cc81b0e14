import { ParameterError } from '../errors.js';
import type { Plan } from '../plan.js';
import { Lane } from '../sampling/lanes.js';
import type { PlanContext, Strategy } from '../strategies/strategy.js';

/** A strategy or a pipeline of them. */
export type Augmentation = Strategy<any> | Pipeline;

/** Several augmentations combined; plans like a strategy, into several plans. */
export interface Pipeline {
  readonly kind: 'pipeline';
  readonly type: 'compose' | 'oneOf' | 'randomApply';
  readonly children: readonly Augmentation[];
  readonly mixesLabels: boolean;
  plans(ctx: PlanContext): Plan[];
}

/**
 * The plans of an augmentation for one batch, in order. A child's key is derived from
 * its position, so its numbers do not depend on what its siblings drew.
 */
export function planAugmentation(node: Augmentation, ctx: PlanContext): Plan[] {
  return node.kind === 'strategy' ? [node.plan(ctx)] : node.plans(ctx);
}

/**
 * Refuses what is not a strategy or pipeline: a ParameterError naming `where` and the
 * `parameter` it came in (`children[2]`); the likely mistake is the factory itself.
 */
export function checkAugmentation(where: string, x: unknown, parameter = 'augmentation'): void {
  if (!isAugmentation(x)) {
    throw new ParameterError(
      where,
      parameter,
      'a strategy or pipeline',
      x,
      typeof x === 'function'
        ? 'Did you pass the factory, e.g. cutout instead of cutout()?'
        : Array.isArray(x) && x.some(isAugmentation)
          ? 'To apply several in turn, pass compose([...]) (or oneOf([...]) for one of them per image)'
          : undefined,
    );
  }
}

/** A strategy (something that plans) or a pipeline (something that plans its children). */
const isAugmentation = (x: unknown): boolean => {
  const node = x as { kind?: unknown; plan?: unknown; plans?: unknown } | null | undefined;
  return (
    (node?.kind === 'strategy' && typeof node.plan === 'function') ||
    (node?.kind === 'pipeline' && typeof node.plans === 'function')
  );
};

function checkChildren(where: string, children: readonly Augmentation[]): void {
  if (!Array.isArray(children) || children.length === 0) {
    throw new ParameterError(
      where,
      'children',
      'a non-empty array of strategies or pipelines',
      children,
      isAugmentation(children) ? `Wrap it in an array: ${where}([...])` : undefined,
    );
  }
  children.forEach((c, i) => {
    checkAugmentation(where, c, `children[${i}]`);
  });
}

/** Applies every augmentation in sequence; labels flow from one to the next. */
export function compose(children: readonly Augmentation[]): Pipeline {
  checkChildren('compose', children);
  return Object.freeze({
    kind: 'pipeline' as const,
    type: 'compose' as const,
    children: Object.freeze([...children]),
    mixesLabels: children.some((c) => c.mixesLabels),
    plans: (ctx: PlanContext) =>
      children.flatMap((child, i) => planAugmentation(child, { ...ctx, rng: ctx.rng.derive(i) })),
  });
}

/**
 * Applies one of several augmentations to each image, chosen per image (with optional
 * weights). Each image is changed by at most one branch. Branches run in sequence, so a
 * mixing branch takes its partner images as earlier branches left them.
 */
export function oneOf(children: readonly Augmentation[], weights?: readonly number[]): Pipeline {
  checkChildren('oneOf', children);
  const w = weights ?? children.map(() => 1);
  if (
    !Array.isArray(w) ||
    w.length !== children.length ||
    !w.every((x) => Number.isFinite(x) && x >= 0) ||
    !w.some((x) => x > 0)
  ) {
    throw new ParameterError(
      'oneOf',
      'weights',
      `an array of ${children.length} finite numbers >= 0, not all 0`,
      w,
    );
  }
  const total = w.reduce((a, b) => a + b, 0);
  const lastPositive = w.findLastIndex((x) => x > 0);
  return Object.freeze({
    kind: 'pipeline' as const,
    type: 'oneOf' as const,
    children: Object.freeze([...children]),
    mixesLabels: children.some((c) => c.mixesLabels),
    plans(ctx: PlanContext) {
      const B = ctx.info.batch;
      const choice = new Int32Array(B).fill(-1);
      const stream = ctx.rng.stream(Lane.gate);
      for (let b = 0; b < B; b++) {
        if (ctx.gate && !ctx.gate[b]) continue;
        let u = stream.uniform() * total;
        let k = 0;
        while (k < w.length - 1 && (u >= w[k]! || w[k] === 0)) u -= w[k++]!;
        choice[b] = w[k] === 0 ? lastPositive : k; // float round-off can run past the end
      }
      return children.flatMap((child, k) =>
        planAugmentation(child, {
          ...ctx,
          rng: ctx.rng.derive(k),
          gate: Uint8Array.from(choice, (c) => (c === k ? 1 : 0)),
        }),
      );
    },
  });
}

/** Applies an augmentation to each image independently with probability p. */
export function randomApply(child: Augmentation, p = 0.5): Pipeline {
  checkAugmentation('randomApply', child, 'child');
  if (!(Number.isFinite(p) && p >= 0 && p <= 1)) {
    throw new ParameterError('randomApply', 'p', 'a number in [0, 1]', p);
  }
  return Object.freeze({
    kind: 'pipeline' as const,
    type: 'randomApply' as const,
    children: Object.freeze([child]),
    mixesLabels: child.mixesLabels,
    plans(ctx: PlanContext) {
      const stream = ctx.rng.stream(Lane.gate);
      const gate = new Uint8Array(ctx.info.batch);
      for (let b = 0; b < gate.length; b++) {
        gate[b] = (!ctx.gate || ctx.gate[b]) && stream.bernoulli(p) ? 1 : 0;
      }
      return planAugmentation(child, { ...ctx, rng: ctx.rng.derive(0), gate });
    },
  });
}
