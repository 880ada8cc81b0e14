import type { BlendPlan } from '@aug/core';
import { WEIGHT_SCALE } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { translatedImages } from './crop.js';
import { int, outer, select, withDtype } from './geometry.js';

/**
 * Mixup: w * own + (1 - w) * partner, one crop for the partners and one fused pass.
 * Integer pixels use the exact integer form with round half to even, as core specifies.
 */
export function applyBlend(plan: BlendPlan, images: tf.Tensor4D): tf.Tensor4D {
  const B = plan.info.batch;
  // The [B, H * W * C] view: per-image weights broadcast over a long last axis (fast).
  const x = tf.reshape(images, [B, -1]) as tf.Tensor2D;
  const N = x.shape[1];
  // The partners, moved by `translatedImages` (one native crop: 25x faster than a
  // GatherV2 on tfjs-wasm).
  const [, height, width] = images.shape;
  const moved = translatedImages(
    images,
    Array.from(plan.partner, (image) => ({ image, dy: 0, dx: 0 })),
    height,
    width,
  );
  const partner = tf.reshape(withDtype(moved, images.dtype), [B, N]);
  const changed = Array.from(plan.weight, (w, b) => (plan.active[b] && w !== 1 ? 1 : 0));
  const changes = tf.tensor3d(changed, [1, B, 1]);
  // Per-image values over each image's N values: an outer product with a row of ones.
  const ones = tf.ones([1, 1, N]);
  const perImage = (values: tf.Tensor3D) => tf.reshape(outer(values, ones), [B, N]);
  let blended: tf.Tensor;
  if (images.dtype === 'float32') {
    const w = perImage(tf.tensor3d(plan.weight, [1, B, 1]));
    blended = tf.add(tf.mul(x, w), tf.mul(partner, tf.sub(1, w)));
  } else {
    const own = Array.from(plan.weight, (w) => Math.round(w * WEIGHT_SCALE));
    const W = tf.tensor2d(own, [B, 1], 'int32');
    const V = tf.tensor2d(
      own.map((w) => WEIGHT_SCALE - w),
      [B, 1],
      'int32',
    );
    const num = tf.add(tf.mul(x, W), tf.mul(partner, V));
    const q = tf.floorDiv(num, int(WEIGHT_SCALE));
    const r = tf.sub(num, tf.mul(q, int(WEIGHT_SCALE)));
    const odd = tf.equal(tf.mod(q, int(2)), int(1));
    const half = int(WEIGHT_SCALE / 2);
    const up = tf.logicalOr(tf.greater(r, half), tf.logicalAnd(tf.equal(r, half), odd));
    blended = tf.add(q, tf.cast(up, 'int32'));
  }
  // The usual case: every image is mixed, and `blended` is the answer.
  if (changed.every((c) => c === 1)) return tf.reshape(blended, images.shape) as tf.Tensor4D;
  // Images that are not mixed stay bit-identical, even where a partner holds Inf or NaN.
  const keep = tf.cast(perImage(changes), 'bool');
  return tf.reshape(select(keep, blended, x), images.shape) as tf.Tensor4D;
}
