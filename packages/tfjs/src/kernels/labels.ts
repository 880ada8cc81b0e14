import type { LabelMix } from '@aug/core';
import { labelMixShape } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { onActiveBackend } from './geometry.js';

/**
 * Labels after a mixing plan: one-hot if ids, mixed with the partners' rows (a weight of 1
 * keeps its own row whatever the partner's holds, as core), then smoothed per row.
 */
export function mixLabels(mix: LabelMix, labels: tf.Tensor, strategy: string): tf.Tensor2D {
  // Class ids are [B]: tiny to read on the host, where core checks them, when they can be.
  const ids = labels.rank === 1 ? readIds(labels) : undefined;
  const { batch: B, kind, classes: K } = labelMixShape(labels.shape, mix, strategy, ids);
  // tfjs-wasm's gather with no indices returns a rank-4 shape.
  if (B === 0) return tf.zeros([0, K]);
  return tf.tidy(() => {
    const y = kind.type === 'soft' ? tf.cast(labels, 'float32') : oneHotRows(labels, K);
    const w = tf.tensor2d(mix.weight, [B, 1]);
    const blended = tf.add(
      tf.mul(y, w),
      tf.mul(tf.gather(y, tf.tensor1d(mix.partner, 'int32')), tf.sub(1, w)),
    );
    const mixed = tf.where(tf.equal(w, 1), y, blended) as tf.Tensor2D;
    if (mix.smoothing.every((eps) => eps === 0)) return mixed;
    const eps = tf.tensor2d(mix.smoothing, [B, 1]);
    return tf.add(tf.mul(mixed, tf.sub(1, eps)), tf.div(eps, K));
  });
}

/**
 * Class ids [B] as one-hot float32 rows [B, K] (tf.oneHot refuses K = 1). Ids read on the
 * host were checked by core; ids that stayed on tfjs-webgpu's GPU were not, and there an
 * id outside [0, K), or a float32 id that is not a whole number, gives a row of NaN, as
 * @aug/webgpu does: never a plausible wrong label.
 */
function oneHotRows(ids: tf.Tensor, K: number): tf.Tensor2D {
  const column = tf.reshape(tf.cast(ids, 'float32'), [-1, 1]);
  const rows = tf.cast(tf.equal(column, tf.range(0, K, 1, 'float32')), 'float32');
  const valid = tf.logicalAnd(
    tf.equal(column, tf.floor(column)),
    tf.logicalAnd(tf.greaterEqual(column, 0), tf.less(column, K)),
  );
  return tf.where(valid, rows, tf.scalar(Number.NaN)) as tf.Tensor2D;
}

/** The slice of tfjs-webgpu's backend (4.x) that says where a tensor's values are. */
interface WebGpuTensorMap {
  readonly tensorMap?: { get(dataId: tf.DataId): { values?: unknown } | undefined };
}

/**
 * Class ids' values, read synchronously to be checked on the host, or undefined for ids on
 * tfjs-webgpu's GPU: its synchronous read needs OffscreenCanvas (Node has none), and in
 * headless Chromium it returned zeros, which would be wrong labels without a word. Those
 * are one-hot encoded on the GPU instead (`oneHotRows`). Ids made from host data keep
 * their values on the host until a GPU op uses them, and read as they are.
 */
function readIds(labels: tf.Tensor): tf.TypedArray | undefined {
  if (tf.getBackend().includes('webgpu') && onActiveBackend(labels)) {
    const backend = tf.engine().backend as unknown as WebGpuTensorMap;
    if (backend.tensorMap?.get(labels.dataId)?.values == null) return undefined;
  }
  return labels.dataSync() as tf.TypedArray;
}
