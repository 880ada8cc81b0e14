import type { CompositePlan, Taps } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { fullCondition, insideBoxes } from './geometry.js';

/**
 * A separable resampling of [B, H, W, C] images to [B, rows.size, cols.size, C]: per
 * axis, one gather of all taps at once, a multiply by the weights and a sum over taps.
 */
export function resample(images: tf.Tensor4D, rows: Taps, cols: Taps): tf.Tensor4D {
  const [B, H, , C] = images.shape;
  const x = tf.cast(images, 'float32');
  const byCols = tf.sum(
    tf.mul(
      tf.reshape(tf.gather(x, tf.tensor1d(cols.index, 'int32'), 2), [
        B,
        H,
        cols.size,
        cols.taps,
        C,
      ]),
      tf.tensor5d(cols.weight, [1, 1, cols.size, cols.taps, 1]),
    ),
    3,
  );
  return tf.sum(
    tf.mul(
      tf.reshape(tf.gather(byCols, tf.tensor1d(rows.index, 'int32'), 1), [
        B,
        rows.size,
        rows.taps,
        cols.size,
        C,
      ]),
      tf.tensor5d(rows.weight, [1, rows.size, rows.taps, 1, 1]),
    ),
    2,
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
  const flat = tf.cast(tf.reshape(chosen, [-1]), 'int32');
  const pixels = tf.reshape(tf.gather(tf.reshape(source, [-1, C]), flat), [B, H, W, C]);
  return tf.where(
    fullCondition(tf.expandDims(any, 3), images.shape),
    pixels,
    images,
  ) as tf.Tensor4D;
}
