import type { LabelBatch } from '../batch.js';
import { InputError } from '../errors.js';
import type { LabelMix } from '../plan.js';

/** What a label batch holds: class ids `[B]` or soft labels `[B, K]`. */
export type LabelKind =
  | { readonly type: 'ids' }
  | { readonly type: 'soft'; readonly classes: number };

/**
 * Checks labels against the images' batch size; says whether they are ids or soft.
 * `where` (a strategy, or the call) begins error messages.
 */
export function labelKind(shape: readonly number[], batch: number, where: string): LabelKind {
  if (shape.length !== 1 && shape.length !== 2) {
    throw new InputError(
      `${where}: labels must be [B, K] (one-hot or soft) or [B] (class ids); received shape [${shape.join(', ')}]`,
    );
  }
  if (shape[0] !== batch) {
    throw new InputError(`${where}: labels have batch ${shape[0]} but images have batch ${batch}`);
  }
  if (shape.length === 2 && shape[1]! < 1) {
    throw new InputError(
      `${where}: labels [B, K] need at least one class; received shape [${shape.join(', ')}]`,
    );
  }
  return shape.length === 1 ? { type: 'ids' } : { type: 'soft', classes: shape[1]! };
}

/** The number of classes a mix produces, checking `numClasses` against the labels. */
export function mixedClasses(kind: LabelKind, mix: LabelMix, strategy: string): number {
  if (kind.type === 'soft') {
    if (mix.numClasses !== undefined && mix.numClasses !== kind.classes) {
      const hint =
        kind.classes === 1
          ? ' (class ids are [B], not [B, 1])'
          : ' (given as [B, K], or made so by an earlier strategy of the pipeline from class ids and its own numClasses: every strategy must say the same numClasses)';
      throw new InputError(
        `${strategy}: numClasses is ${mix.numClasses} but the labels it receives have ${kind.classes} ${kind.classes === 1 ? 'column' : 'columns'}${hint}`,
      );
    }
    return kind.classes;
  }
  if (mix.numClasses === undefined) {
    throw new InputError(
      `${strategy}: labels are class ids [B]; give numClasses so they can be mixed as [B, K]`,
    );
  }
  return mix.numClasses;
}

/** Refuses class ids that are not integers in [0, K): a one-hot of a bad id would silently be a zero row. */
export function checkClassIds(ids: ArrayLike<number>, K: number, strategy: string): void {
  for (let b = 0; b < ids.length; b++) {
    const id = ids[b]!;
    if (!Number.isInteger(id) || id < 0 || id >= K) {
      throw new InputError(
        `${strategy}: label of image ${b} is ${id}; class ids must be integers in [0, ${K - 1}]`,
      );
    }
  }
}

/** What a label mix makes of labels of some shape: its batch, their kind, its classes. */
export interface LabelMixShape {
  readonly batch: number;
  readonly kind: LabelKind;
  /** K of the float32 `[B, K]` result. */
  readonly classes: number;
}

/**
 * The checks every backend's `mixLabels` makes before any work: the labels' shape
 * against the mix's batch, `numClasses` against their columns (or its presence for
 * class ids), and the ids themselves where they can be read on the host (`ids`).
 */
export function labelMixShape(
  shape: readonly number[],
  mix: LabelMix,
  strategy: string,
  ids?: ArrayLike<number>,
): LabelMixShape {
  const batch = mix.partner.length;
  const kind = labelKind(shape, batch, strategy);
  const classes = mixedClasses(kind, mix, strategy);
  if (kind.type === 'ids' && ids !== undefined) checkClassIds(ids, classes, strategy);
  return { batch, kind, classes };
}

/** Class ids `[B]` (checked to be in [0, K)) as one-hot float32 `[B, K]`. */
export function oneHot(ids: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(ids.length * classes);
  for (let b = 0; b < ids.length; b++) out[b * classes + ids[b]!] = 1;
  return out;
}

/**
 * Mixes labels on the host: row b = w * own + (1 - w) * partner's, then smoothed with
 * the row's epsilon. Returns new float32 `[B, K]` labels; the input is not modified.
 */
export function mixLabelArrays(labels: LabelBatch, mix: LabelMix, strategy: string): LabelBatch {
  const { batch: B, kind, classes: K } = labelMixShape(labels.shape, mix, strategy, labels.data);
  const own = Float64Array.from(kind.type === 'ids' ? oneHot(labels.data, K) : labels.data);
  const out = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    const w = mix.weight[b]!;
    const p = mix.partner[b]!;
    const eps = mix.smoothing[b]!;
    for (let k = 0; k < K; k++) {
      const mixed = w === 1 ? own[b * K + k]! : w * own[b * K + k]! + (1 - w) * own[p * K + k]!;
      out[b * K + k] = mixed * (1 - eps) + eps / K;
    }
  }
  return { data: out, shape: [B, K] };
}
