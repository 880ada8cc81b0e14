import type { CompositePlan, Taps } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { translatedImages } from './crop.js';
import { outer, select, toFloat32, withDtype } from './geometry.js';
import { colMask, rowMask, type View } from './view.js';

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
 * Pastes every rect from its source: per rect, ONE translation of the source images into
 * place (`translatedImages`, a native crop on every backend), a mask that is an outer
 * product of host-built row and column masks, and one `where`. Rects are applied from the
 * last to the first, so the first rect containing a pixel wins.
 */
export function applyComposite(plan: CompositePlan, images: tf.Tensor4D): tf.Tensor4D {
  const { batch: B, height: H, width: W, channels: C } = plan.info;
  const R = plan.rects;
  let source: tf.Tensor4D = images;
  if (plan.sampler.type === 'resample') {
    const { rows, cols, via } = plan.sampler;
    if (rows.size === 0 || cols.size === 0) return tf.clone(images);
    // CutBlur through its small image: the dense matrices are H x h and h x H rather
    // than H x H (at the default blurFactor 0.1, about 6x fewer multiply-adds).
    source = via
      ? resample(resample(images, via.down.rows, via.down.cols), via.up.rows, via.up.cols)
      : resample(images, rows, cols);
    if (images.dtype === 'int32')
      source = tf.cast(tf.clipByValue(tf.round(source), 0, 255), 'int32');
  }
  const [, Hs, Ws] = source.shape;
  // CutBlur: each image's own resampled copy, at the same place: nothing to move.
  const aligned =
    Hs === H &&
    Ws === W &&
    plan.offset.every((v) => v === 0) &&
    plan.source.every((s, k) => s === Math.floor(k / R));
  const view: View = { B, H, W, C, active: plan.active };
  let out: tf.Tensor = tf.reshape(images, [B, H, W * C]);
  for (let r = R - 1; r >= 0; r--) {
    const corner = (b: number, k: number) => plan.dst[(b * R + r) * 4 + k]!;
    const inside = outer(
      rowMask(view, (b) => [corner(b, 0), corner(b, 2)]),
      colMask(view, (b) => [corner(b, 1), corner(b, 3)]),
    );
    const moves = Array.from({ length: B }, (_, b) => {
      const k = b * R + r;
      return { image: plan.source[k]!, dy: plan.offset[k * 2]!, dx: plan.offset[k * 2 + 1]! };
    });
    const pixels = aligned
      ? source
      : withDtype(translatedImages(source, moves, H, W), images.dtype);
    out = select(tf.cast(inside, 'bool'), tf.reshape(pixels, [B, H, W * C]), out);
  }
  return tf.reshape(out, [B, H, W, C]) as tf.Tensor4D;
}
