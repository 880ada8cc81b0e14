import { type FillPlan, GRID_ROTATION_ONE } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  clampInt,
  coordinates,
  fullCondition,
  fullValues,
  insideBoxes,
  int,
  perImage,
  toFloat32,
} from './geometry.js';

/**
 * Where a fill plan paints (a 0/1 float32 [B, H, W]), and for per-region colours which
 * region each pixel is in.
 */
function regionOf(plan: FillPlan): { mask: tf.Tensor3D; region?: tf.Tensor3D } {
  const { batch: B, height: H, width: W } = plan.info;
  const r = plan.region;
  if (r.type === 'boxes') {
    const inside = insideBoxes(r.boxes, B, r.count, H, W);
    const mask = tf.max(inside, 3) as tf.Tensor3D;
    if (plan.fill.type !== 'perRegion') return { mask };
    // A later box paints over an earlier one: the last box containing the pixel wins.
    const order = tf.reshape(tf.range(1, r.count + 1, 1, 'float32'), [1, 1, 1, r.count]);
    return { mask, region: tf.argMax(tf.mul(inside, order), 3) as tf.Tensor3D };
  }
  if (r.type === 'cells') {
    const n = r.rows * r.cols;
    const { ys, xs } = coordinates(H, W);
    const cell = tf.add(
      tf.mul(tf.floorDiv(tf.mul(ys, int(r.rows)), int(H)), int(r.cols)),
      tf.floorDiv(tf.mul(xs, int(r.cols)), int(W)),
    ) as tf.Tensor3D; // [1, H, W]
    // Flat cell indices in float32 (exact: far below 2^24), whose broadcast add is fast.
    const offsets = tf.reshape(tf.range(0, B * n, n, 'float32'), [B, 1, 1]);
    const flat = tf.cast(tf.add(tf.cast(cell, 'float32'), offsets), 'int32');
    const mask = tf.gather(tf.tensor1d(r.cells, 'float32'), flat) as tf.Tensor as tf.Tensor3D;
    if (plan.fill.type !== 'perRegion') return { mask };
    return { mask, region: tf.add(tf.zeros([B, H, W], 'int32'), cell) as tf.Tensor3D };
  }
  if (!r.cosSin) {
    // Unrotated: the mask is an outer product of a row mask and a column mask, O(B (H + W)) on the host.
    const rows = new Uint8Array(B * H);
    const cols = new Uint8Array(B * W);
    for (let b = 0; b < B; b++) {
      const [d, l, dy, dx] = [r.period[b]!, r.masked[b]!, r.offset[2 * b]!, r.offset[2 * b + 1]!];
      for (let y = 0; y < H; y++) rows[b * H + y] = (y + dy) % d < l ? 1 : 0;
      for (let x = 0; x < W; x++) cols[b * W + x] = (x + dx) % d < l ? 1 : 0;
    }
    const mask = tf.mul(
      tf.tensor3d(rows, [B, H, 1], 'float32'),
      tf.tensor3d(cols, [B, 1, W], 'float32'),
    );
    return { mask: mask as tf.Tensor3D };
  }
  return { mask: tf.cast(rotatedGrid(plan), 'float32') as tf.Tensor3D };
}

/** Grid Mask with rotation: the fixed-point integer test of core's `gridMasked`, on tensors. */
function rotatedGrid(plan: FillPlan): tf.Tensor3D {
  const r = plan.region;
  if (r.type !== 'grid' || !r.cosSin) throw new Error('rotated grid expected');
  const { height: H, width: W } = plan.info;
  const one2 = 2 * GRID_ROTATION_ONE;
  const { ys, xs } = coordinates(H, W);
  const Y = tf.sub(tf.mul(ys, int(2)), int(H - 1)); // 2y + 1 - H
  const X = tf.sub(tf.mul(xs, int(2)), int(W - 1));
  const cos = perImage(Array.from(r.cosSin).filter((_, i) => i % 2 === 0));
  const sin = perImage(Array.from(r.cosSin).filter((_, i) => i % 2 === 1));
  const d = perImage(Array.from(r.period, (v) => v * one2));
  const l = perImage(Array.from(r.masked, (v) => v * one2));
  const dy = perImage(
    Array.from(r.offset)
      .filter((_, i) => i % 2 === 0)
      .map((v) => v * one2),
  );
  const dx = perImage(
    Array.from(r.offset)
      .filter((_, i) => i % 2 === 1)
      .map((v) => v * one2),
  );
  const yr = tf.add(tf.sub(tf.mul(cos, Y), tf.mul(sin, X)), int(GRID_ROTATION_ONE * (H - 1)));
  const xr = tf.add(tf.add(tf.mul(sin, Y), tf.mul(cos, X)), int(GRID_ROTATION_ONE * (W - 1)));
  const inRows = tf.less(tf.mod(tf.add(yr, dy), d), l);
  const inCols = tf.less(tf.mod(tf.add(xr, dx), d), l);
  return tf.logicalAnd(inRows, inCols) as tf.Tensor3D;
}

/** The colour of every painted pixel, broadcastable to the images' [B, H, W, C]. */
function fillValues(
  plan: FillPlan,
  images: tf.Tensor4D,
  region: tf.Tensor3D | undefined,
): tf.Tensor {
  const { batch: B, channels: C } = plan.info;
  const dtype = images.dtype as 'float32' | 'int32';
  const f = plan.fill;
  switch (f.type) {
    case 'constant':
      return tf.tensor1d(f.values, dtype);
    case 'perRegion': {
      // Grid Mask has one region per image: region 0 everywhere.
      const inRegion = region ?? tf.zeros([B, plan.info.height, plan.info.width], 'int32');
      const flat = tf.add(
        inRegion,
        tf.reshape(tf.range(0, B * f.regions, f.regions, 'int32'), [B, 1, 1]),
      );
      return tf.gather(tf.tensor2d(f.values, [B * f.regions, C], dtype), flat);
    }
    case 'mean':
      return channelMeans(images);
    case 'noise': {
      const seed = f.seeds.reduce((a, s) => (a * 31 + s) % 2147483647, 17);
      if (dtype === 'float32')
        return tf.randomUniform(images.shape, f.low, f.high, 'float32', seed);
      const u = tf.randomUniform(images.shape, 0, f.high - f.low + 1, 'float32', seed);
      return clampInt(tf.add(tf.cast(tf.floor(u), 'int32'), int(f.low)), f.low, f.high);
    }
  }
}

/** Per-image, per-channel means [B, 1, 1, C]; for integer pixels the exact mean rounded half to even. */
function channelMeans(images: tf.Tensor4D): tf.Tensor4D {
  if (images.dtype === 'float32') return tf.mean(images, [1, 2], true);
  const [B, H, W, C] = images.shape;
  const n = H * W;
  // Exact integer sums over the last axis: channels first (a float32 transpose, exact for
  // uint8 values; tfjs-webgpu cannot transpose int32), then one int32 reduction.
  const planar = tf.reshape(tf.cast(tf.transpose(toFloat32(images), [0, 3, 1, 2]), 'int32'), [
    B,
    C,
    n,
  ]);
  const sum = tf.reshape(tf.sum(planar, 2), [B, 1, 1, C]);
  const q = tf.floorDiv(sum, int(n));
  const r2 = tf.mul(tf.sub(sum, tf.mul(q, int(n))), int(2));
  const odd = tf.equal(tf.mod(q, int(2)), int(1));
  const up = tf.logicalOr(tf.greater(r2, int(n)), tf.logicalAnd(tf.equal(r2, int(n)), odd));
  return tf.add(q, tf.cast(up, 'int32'));
}

/** Paints a fill plan: one `where` over the batch, with masks built from small tensors. */
export function applyFill(plan: FillPlan, images: tf.Tensor4D): tf.Tensor4D {
  const { mask, region } = regionOf(plan);
  const painted = tf.expandDims(tf.mul(mask, perImage(plan.active, 'float32')), 3);
  const values = fillValues(plan, images, region);
  const full = values.shape.length === 4 && values.size === images.size;
  return tf.where(
    fullCondition(painted, images.shape),
    full ? values : fullValues(values, images.shape, images.dtype as 'float32' | 'int32'),
    images,
  ) as tf.Tensor4D;
}
