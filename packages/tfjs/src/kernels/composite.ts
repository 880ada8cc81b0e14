import type { CompositePlan, Taps } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { fullCondition, insideBoxes, toFloat32 } from './geometry.js';

/** A resampling's taps as a dense [inputSize, taps.size] matrix (transposed for matMul). */
function denseTaps(taps: Taps, inputSize: number): tf.Tensor2D {
  const m = new Float32Array(inputSize * taps.size);
  for (let o = 0; o < taps.size; o++) {
    for (let t = 0; t < taps.taps; t++) {
      m[taps.index[o * taps.taps + t]! * taps.size + o]! += taps.weight[o * taps.taps + t]!;
    }
  }
  return tf.tensor2d(m, [inputSize, taps.size]);
}

/**
 * A separable resampling of [B, H, W, C] images to [B, rows.size, cols.size, C], as two
 * matrix products (one per axis, the axis moved last by a float transpose): tfjs's
 * matMul is its fastest kernel on every backend, far faster than gathering taps. The
 * matrices are at most H x H and W x W. (A NaN in a row of the input spreads to that
 * whole row of the product, unlike a tap-by-tap sum; pixels are expected to be finite.)
 */
export function resample(images: tf.Tensor4D, rows: Taps, cols: Taps): tf.Tensor4D {
  const [B, H, W, C] = images.shape;
  const x = tf.transpose(toFloat32(images), [0, 1, 3, 2]); // [B, H, C, W]
  const byCols = tf.matMul(tf.reshape(x, [B * H * C, W]), denseTaps(cols, W)); // [B*H*C, Wo]
  const y = tf.transpose(tf.reshape(byCols, [B, H, C, cols.size]), [0, 2, 3, 1]); // [B, C, Wo, H]
  const byRows = tf.matMul(tf.reshape(y, [B * C * cols.size, H]), denseTaps(rows, H)); // [.., Ho]
  return tf.transpose(
    tf.reshape(byRows, [B, C, cols.size, rows.size]),
    [0, 3, 2, 1],
  ) as tf.Tensor4D;
}

/**
 * Copies every rect's pixels from their source in ONE gather: each output pixel gets the
 * flat index of the source pixel it shows (the first rect containing it wins), then a
 * single `where` keeps the rest of the image.
 */
export function applyComposite(plan: CompositePlan, images: tf.Tensor4D): tf.Tensor4D {
  const { batch: B, height: H, width: W, channels: C } = plan.info;
  const R = plan.rects;
  let source: tf.Tensor4D = images;
  if (plan.sampler.type === 'resample') {
    const { rows, cols } = plan.sampler;
    if (rows.size === 0 || cols.size === 0) return tf.clone(images);
    source = resample(images, rows, cols);
    if (images.dtype === 'int32')
      source = tf.cast(tf.clipByValue(tf.round(source), 0, 255), 'int32');
  }
  const [, Hs, Ws] = source.shape;
  // CutBlur: each image's own resampled copy, at the same place: no gather needed.
  const aligned =
    Hs === H &&
    Ws === W &&
    plan.offset.every((v) => v === 0) &&
    plan.source.every((s, k) => s === Math.floor(k / R));
  // Index arithmetic in float32 where it is exact (below 2^24): tfjs's float kernels
  // broadcast fast; its int32 ones, on cpu and wasm, do not.
  const dtype = B * Hs * Ws < 2 ** 24 ? 'float32' : 'int32';
  const ys = tf.reshape(tf.range(0, H, 1, dtype), [1, H, 1]);
  const xs = tf.reshape(tf.range(0, W, 1, dtype), [1, 1, W]);
  const clamp = (v: tf.Tensor, high: number) =>
    tf.minimum(tf.maximum(v, tf.scalar(0, dtype)), tf.scalar(high, dtype));
  /** Rect r of every image: where it is (0/1 [B, H, W]) and the source index of each pixel. */
  const rect = (r: number) => {
    const perImage = (values: Int32Array, k: number, stride: number) =>
      tf.tensor3d(
        Array.from({ length: B }, (_, b) => values[(b * R + r) * stride + k]!),
        [B, 1, 1],
        dtype,
      );
    const boxes = Int32Array.from(
      { length: B * 4 },
      (_, i) => plan.dst[(Math.floor(i / 4) * R + r) * 4 + (i % 4)]!,
    );
    const inside = tf.reshape(insideBoxes(boxes, B, 1, H, W), [B, H, W]);
    const sy = clamp(tf.add(ys, perImage(plan.offset, 0, 2)), Hs - 1);
    const sx = clamp(tf.add(xs, perImage(plan.offset, 1, 2)), Ws - 1);
    const row = tf.add(tf.mul(perImage(plan.source, 0, 1), tf.scalar(Hs, dtype)), sy);
    return { inside, index: tf.add(tf.mul(row, tf.scalar(Ws, dtype)), sx) };
  };
  // The first rect containing a pixel wins: fold from the last rect to the first.
  const last = rect(R - 1);
  let chosen = last.index;
  let any = last.inside;
  for (let r = R - 2; r >= 0; r--) {
    const { inside, index } = rect(r);
    chosen = tf.where(tf.greater(inside, tf.scalar(0.5)), index, chosen);
    any = tf.maximum(any, inside);
  }
  const pixels = aligned
    ? source
    : tf.reshape(
        tf.gather(tf.reshape(source, [-1, C]), tf.cast(tf.reshape(chosen, [-1]), 'int32')),
        [B, H, W, C],
      );
  return tf.where(
    fullCondition(tf.expandDims(any, 3), images.shape),
    pixels,
    images,
  ) as tf.Tensor4D;
}
