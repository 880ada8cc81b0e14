import * as tf from '@tensorflow/tfjs-core';

/** A small deterministic generator, as user code would use Math.random. */
function uniforms(n: number, seed: number): number[] {
  let state = (seed * 2654435761) >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  });
}

/**
 * How a tfjs user writes a per-image erase without @aug: random boxes on the host, a
 * broadcast [B, H, W, 1] mask from range comparisons, and `images * (1 - mask)`.
 */
export function eraseByHand(images: tf.Tensor, step: number): tf.Tensor {
  return tf.tidy(() => {
    const [B, H, W] = images.shape as [number, number, number, number];
    const u = uniforms(4 * B, step);
    const side = Math.round(Math.sqrt(0.1 * H * W));
    const y0 = u.slice(0, B).map((v) => Math.round(v * (H - side)));
    const x0 = u.slice(B, 2 * B).map((v) => Math.round(v * (W - side)));
    const ys = tf.reshape(tf.range(0, H), [1, H, 1, 1]);
    const xs = tf.reshape(tf.range(0, W), [1, 1, W, 1]);
    const top = tf.tensor4d(y0, [B, 1, 1, 1]);
    const left = tf.tensor4d(x0, [B, 1, 1, 1]);
    const inRows = tf.logicalAnd(tf.greaterEqual(ys, top), tf.less(ys, tf.add(top, side)));
    const inCols = tf.logicalAnd(tf.greaterEqual(xs, left), tf.less(xs, tf.add(left, side)));
    const mask = tf.cast(tf.logicalAnd(inRows, inCols), images.dtype);
    return tf.mul(images, tf.sub(tf.scalar(1, images.dtype), mask));
  });
}

/** How a tfjs user writes a per-image Mixup: gather the partners, blend with [B, 1, 1, 1] weights. */
export function mixupByHand(images: tf.Tensor, step: number): tf.Tensor {
  return tf.tidy(() => {
    const B = images.shape[0]!;
    const u = uniforms(2 * B, step);
    const order = Array.from({ length: B }, (_, i) => i).sort((a, b) => u[a]! - u[b]!);
    const partner = tf.gather(images, tf.tensor1d(order, 'int32'));
    const lam = tf.tensor4d(u.slice(B), [B, 1, 1, 1]);
    const x = tf.cast(images, 'float32');
    return tf.add(tf.mul(x, lam), tf.mul(tf.cast(partner, 'float32'), tf.sub(1, lam)));
  });
}
