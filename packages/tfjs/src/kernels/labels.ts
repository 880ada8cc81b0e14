import { InputError, type LabelMix } from '@aug/core';
import { labelMixShape } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { onActiveBackend } from './geometry.js';

/** Labels after a mixing plan: one-hot if ids, mixed with the partners' rows, then smoothed per row. */
export function mixLabels(mix: LabelMix, labels: tf.Tensor, strategy: string): tf.Tensor2D {
  // Class ids are [B]: tiny to read on the host, where core checks them.
  const ids = labels.rank === 1 ? readIds(labels) : undefined;
  const { batch: B, kind, classes: K } = labelMixShape(labels.shape, mix, strategy, ids);
  // tfjs-wasm's gather with no indices returns a rank-4 shape.
  if (B === 0) return tf.zeros([0, K]);
  return tf.tidy(() => {
    // tf.oneHot refuses one class (depth must be >= 2); then every id is 0 and every row [1].
    const raw =
      kind.type === 'soft'
        ? labels
        : K === 1
          ? tf.ones([B, 1])
          : tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, K);
    const y = tf.cast(raw, 'float32') as tf.Tensor2D;
    const w = tf.tensor2d(mix.weight, [B, 1]);
    const mixed = tf.add(
      tf.mul(y, w),
      tf.mul(tf.gather(y, tf.tensor1d(mix.partner, 'int32')), tf.sub(1, w)),
    ) as tf.Tensor2D;
    if (mix.smoothing.every((eps) => eps === 0)) return mixed;
    const eps = tf.tensor2d(mix.smoothing, [B, 1]);
    return tf.add(tf.mul(mixed, tf.sub(1, eps)), tf.div(eps, K));
  });
}

/** The slice of tfjs-webgpu's backend (4.x) that says where a tensor's values are. */
interface WebGpuTensorMap {
  readonly tensorMap?: { get(dataId: tf.DataId): { values?: unknown } | undefined };
}

/**
 * Class ids' values, read synchronously. tfjs-webgpu's synchronous read of data on its GPU
 * needs OffscreenCanvas (Node has none), and in headless Chromium it returned zeros, which
 * would be wrong labels without a word: ids living there are refused, not read. Ids made
 * from host data keep their values on the host, and read as they are.
 */
function readIds(labels: tf.Tensor): tf.TypedArray {
  if (tf.getBackend().includes('webgpu') && onActiveBackend(labels)) {
    const backend = tf.engine().backend as unknown as WebGpuTensorMap;
    const data = backend.tensorMap?.get(labels.dataId);
    if (data !== undefined && data.values == null) {
      throw new InputError(
        `${tf.getBackend()}: class ids on tfjs-webgpu's GPU cannot be read synchronously (in Node there is no OffscreenCanvas; in headless Chromium the read returned zeros): make them from host data (tf.tensor1d(ids, 'int32')), or pass one-hot [B, K] labels`,
      );
    }
  }
  return labels.dataSync() as tf.TypedArray;
}
