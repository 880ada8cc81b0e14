import {
  type BoxRegion,
  type CellRegion,
  type FillPlan,
  type GridRegion,
  InputError,
} from '@aug/core';
import { floorMod, GRID_ROTATION_ONE } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { gridToPixels } from './crop.js';
import { clampInt, int, onWebGl, outer, perImage, select, toFloat32 } from './geometry.js';
import { colMask, rowMask, type View } from './view.js';

/**
 * Grid Mask with rotation: core's fixed-point test `gridMasked`, exact on every tfjs
 * backend. Along each axis the rotated coordinate is a part that depends on the row minus
 * a part that depends on the column (or the other way round); each part is reduced mod d
 * on the host, exactly, and (R - S) mod d < l is then R - S < l where R >= S, else
 * R - S < l - d: int32 sums and comparisons below d, with no MOD on the device (tfjs-webgpu
 * computes MOD in float32, which loses integers from 2^24 on; tfjs-webgl holds int32 as
 * float32 throughout, so there d must stay below 2^24).
 */
function rotatedGrid(plan: FillPlan, r: GridRegion, cosSin: Int32Array): tf.Tensor3D {
  const { batch: B, height: H, width: W } = plan.info;
  const one = GRID_ROTATION_ONE;
  const one2 = 2 * one;
  const exactBelow = onWebGl() ? 2 ** 24 : 2 ** 31;
  // Row axis: (yr + 2 dy) = [one (H - 1) + c Y + 2 dy] - [s X]; column axis:
  // (xr + 2 dx) = [one (W - 1) + c X + 2 dx] - [-s Y] (all scaled by one2 where needed).
  const rowOfY = new Int32Array(B * H);
  const rowOfX = new Int32Array(B * W);
  const colOfX = new Int32Array(B * W);
  const colOfY = new Int32Array(B * H);
  const below = new Int32Array(B);
  const wrapped = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const d = r.period[b]! * one2;
    if (d >= exactBelow) {
      throw new InputError(
        `${plan.strategy}: a rotated grid ("rotate") with a period of ${r.period[b]} pixels (its "unitLength" times the image side) is past what tfjs-${tf.getBackend()} computes exactly (${onWebGl() ? 'float32' : 'int32'} integers): at most ${Math.ceil(exactBelow / one2) - 1} pixels; without "rotate" any size works, or resize the images first`,
      );
    }
    const [c, s] = [cosSin[b * 2]!, cosSin[b * 2 + 1]!];
    const [dy, dx] = [r.offset[b * 2]! * one2, r.offset[b * 2 + 1]! * one2];
    for (let y = 0; y < H; y++) {
      const Y = 2 * y + 1 - H;
      rowOfY[b * H + y] = floorMod(one * (H - 1) + c * Y + dy, d);
      colOfY[b * H + y] = floorMod(-s * Y, d);
    }
    for (let x = 0; x < W; x++) {
      const X = 2 * x + 1 - W;
      rowOfX[b * W + x] = floorMod(s * X, d);
      colOfX[b * W + x] = floorMod(one * (W - 1) + c * X + dx, d);
    }
    below[b] = r.masked[b]! * one2;
    wrapped[b] = below[b]! - d;
  }
  const l = perImage(below);
  const lMinusD = perImage(wrapped);
  // (R - S) mod d < l, for R and S in [0, d).
  const masked = (diff: tf.Tensor) =>
    tf.logicalOr(
      tf.logicalAnd(tf.greaterEqual(diff, int(0)), tf.less(diff, l)),
      tf.less(diff, lMinusD),
    );
  const inRows = masked(
    tf.sub(tf.tensor3d(rowOfY, [B, H, 1], 'int32'), tf.tensor3d(rowOfX, [B, 1, W], 'int32')),
  );
  const inCols = masked(
    tf.sub(tf.tensor3d(colOfX, [B, 1, W], 'int32'), tf.tensor3d(colOfY, [B, H, 1], 'int32')),
  );
  return tf.logicalAnd(inRows, inCols) as tf.Tensor3D;
}

/** Means over H and W of [B, H, W, C] float32: each row, then the rows. */
const rowsThenColumns = (x: tf.Tensor) => tf.mean(tf.mean(x, 2, true), 1, true);

/**
 * Per-image, per-channel means [B, 1, 1, C]; for integer pixels the exact mean rounded
 * half to even, as core's `channelMeans`.
 */
function channelMeans(images: tf.Tensor4D): tf.Tensor4D {
  if (images.dtype === 'float32') {
    // tfjs-wasm sums in float32 one value after another, which over a large image drifts
    // far past 1e-5 of the reference's float64 mean: sum rows first, then correct by the
    // mean of what is left (small values, whose sums round little).
    const rough = rowsThenColumns(images);
    const corrected = tf.add(rough, rowsThenColumns(tf.sub(images, rough)));
    // A non-finite mean stays as it is (Inf - Inf in the residuals would make it NaN).
    return tf.where(tf.isFinite(rough), corrected, rough) as tf.Tensor4D;
  }
  return integerMeans(images);
}

/** Base-16 digits of a row sum (at most 255 W <= 2^24): six of them. */
const ROW_SUM_DIGITS = 6;

/**
 * Exact uint8 means, rounded half to even as core's `channelMeans`, on the device, with
 * float32 integers below 2^24 only: tfjs-webgpu sums int32 in float32 and tfjs-webgl holds
 * int32 as float32, so nothing past 2^24 is exact there, and no division is exact on a GPU
 * (WGSL allows 2.5 ULP). Each image row's sum (at most 255 W) is split into six base-16
 * digits (by multiplying by 1/16: exact), each digit is summed over the rows (at most
 * 15 H), and carries make the base-16 digits N_k of twice the channel sum S (each step at
 * most 32 H). The rounded mean S / n is then the count of t in 1..255 with 2 S >= T_t,
 * T_t = (2 t - 1) n, plus 1 for odd t (a tie goes to the even neighbour), and 2 S >= T_t
 * where sum_k sign(N_k - digit_k(T_t)) 2^k >= 0: that sum has the sign of the highest
 * differing digit. No value passes 2^24, whatever the image size, and nothing is read back.
 */
function integerMeans(images: tf.Tensor4D): tf.Tensor4D {
  const [B, H, W, C] = images.shape;
  if (255 * W > 2 ** 24 || 32 * H > 2 ** 24) {
    throw new InputError(
      `tfjs: mean fill on uint8 ${H}x${W} images: past what tfjs sums exactly in float32 (rows of at most ${Math.floor(2 ** 24 / 255)} pixels, at most ${2 ** 19} rows); resize the images first, or use another fill`,
    );
  }
  const n = H * W;
  let K = 1; // digits of 2 S <= 510 n
  while (16 ** K <= 510 * n) K++;
  const thresholds = new Float32Array(255 * K);
  for (let t = 1; t <= 255; t++) {
    let v = (2 * t - 1) * n + (t % 2);
    for (let k = 0; k < K; k++, v = Math.floor(v / 16)) thresholds[(t - 1) * K + k] = v % 16;
  }
  const sixteenth = (x: tf.Tensor) => tf.floor(tf.mul(x, 1 / 16));
  let rest = tf.sum(toFloat32(images), 2); // [B, H, C] row sums, exact in float32
  let carry: tf.Tensor = tf.zeros([B, C]);
  const digits: tf.Tensor[] = [];
  for (let k = 0; k < K; k++) {
    let t = carry;
    if (k < ROW_SUM_DIGITS) {
      const next = sixteenth(rest);
      t = tf.add(t, tf.mul(tf.sum(tf.sub(rest, tf.mul(next, 16)), 1), 2));
      rest = next;
    }
    carry = sixteenth(t);
    digits.push(tf.sub(t, tf.mul(carry, 16)));
  }
  const own = tf.reshape(tf.stack(digits, 2), [B, C, 1, K]);
  const weights = tf.tensor1d(Array.from({ length: K }, (_, k) => 2 ** k));
  const above = tf.sign(tf.sub(own, tf.tensor4d(thresholds, [1, 1, 255, K])));
  const reached = tf.greaterEqual(tf.sum(tf.mul(above, weights), 3), 0); // [B, C, 255]
  const mean = tf.sum(tf.cast(reached, 'float32'), 2);
  return tf.reshape(tf.cast(mean, 'int32'), [B, 1, 1, C]);
}

/** Per-image colours [B, count, C] laid out as rows [B, 1, W * C] for region i. */
function colourRow(v: View, values: Float32Array, regions: number, i: number): tf.Tensor {
  const WC = v.W * v.C;
  const m = new Float32Array(v.B * WC);
  for (let b = 0; b < v.B; b++) {
    for (let x = 0; x < v.W; x++) {
      for (let c = 0; c < v.C; c++) m[b * WC + x * v.C + c] = values[(b * regions + i) * v.C + c]!;
    }
  }
  return tf.tensor3d(m, [v.B, 1, WC]);
}

/**
 * What a region paints: its 0/1 mask [B, H, W * C], its colours where they vary by
 * region, and, when the mask is one outer product, its row and column factors.
 */
interface Painted {
  readonly mask: tf.Tensor;
  readonly values?: tf.Tensor;
  readonly factors?: { readonly rows: tf.Tensor; readonly cols: tf.Tensor };
}

/** Box regions: mask, and for per-box colours the colour of the last box over each pixel. */
function paintBoxes(plan: FillPlan, r: BoxRegion, v: View): Painted {
  const at = (b: number, i: number, k: number) => r.boxes[(b * r.count + i) * 4 + k]!;
  let mask: tf.Tensor | undefined;
  let values: tf.Tensor | undefined;
  for (let i = 0; i < r.count; i++) {
    const rows = rowMask(v, (b) => [at(b, i, 0), at(b, i, 2)]);
    const cols = colMask(v, (b) => [at(b, i, 1), at(b, i, 3)]);
    const inside = outer(rows, cols);
    if (r.count === 1 && plan.fill.type !== 'perRegion')
      return { mask: inside, factors: { rows, cols } };
    mask = mask ? tf.maximum(mask, inside) : inside;
    if (plan.fill.type === 'perRegion') {
      // A later box paints over an earlier one; with 0/1 masks the blend is exact.
      const colour = tf.mul(inside, colourRow(v, plan.fill.values, plan.fill.regions, i));
      values = values ? tf.add(tf.mul(values, tf.sub(1, inside)), colour) : colour;
    }
  }
  return values ? { mask: mask!, values } : { mask: mask! };
}

/**
 * Hide-and-Seek cells: the per-image cell grid (and per-cell colours) blown up to pixels
 * by one nearest crop each (`gridToPixels`): plain copies, exact.
 */
function paintCells(plan: FillPlan, r: CellRegion, v: View): Painted {
  const { B, H, W, C } = v;
  const n = r.rows * r.cols;
  const hidden = new Float32Array(B * n * C);
  for (let b = 0; b < B; b++) {
    if (!v.active[b]) continue;
    for (let i = 0; i < n; i++)
      if (r.cells[b * n + i]) hidden.fill(1, (b * n + i) * C, (b * n + i + 1) * C);
  }
  const shape = [B, r.rows, r.cols, C] as const;
  const mask = tf.reshape(gridToPixels(hidden, shape, H, W), [B, H, W * C]);
  if (plan.fill.type !== 'perRegion') return { mask };
  const values = tf.reshape(gridToPixels(plan.fill.values, shape, H, W), [B, H, W * C]);
  return { mask, values };
}

/** Grid Mask: unrotated, an outer product of host-built row and column masks. */
function paintGrid(plan: FillPlan, r: GridRegion, v: View): Painted {
  const { B, H, W, C } = v;
  if (r.cosSin) {
    const masked = tf.cast(rotatedGrid(plan, r, r.cosSin), 'float32'); // [B, H, W]
    const perChannel = tf.mul(tf.reshape(masked, [B, H, W, 1]), tf.ones([1, 1, 1, C]));
    return { mask: tf.mul(tf.reshape(perChannel, [B, H, W * C]), perImage(v.active, 'float32')) };
  }
  const rows = new Float32Array(B * H);
  const cols = new Float32Array(B * W * C);
  for (let b = 0; b < B; b++) {
    if (!v.active[b]) continue;
    const [d, l, dy, dx] = [r.period[b]!, r.masked[b]!, r.offset[2 * b]!, r.offset[2 * b + 1]!];
    for (let y = 0; y < H; y++) rows[b * H + y] = (y + dy) % d < l ? 1 : 0;
    for (let x = 0; x < W; x++)
      if ((x + dx) % d < l) cols.fill(1, (b * W + x) * C, (b * W + x + 1) * C);
  }
  const factors = { rows: tf.tensor3d(rows, [B, H, 1]), cols: tf.tensor3d(cols, [B, 1, W * C]) };
  return { mask: outer(factors.rows, factors.cols), factors };
}

/** The fill value of every pixel, or a row broadcastable over [B, H, W * C]. */
function fillRow(plan: FillPlan, images: tf.Tensor4D, v: View): tf.Tensor {
  const f = plan.fill;
  const { B, W, C } = v;
  switch (f.type) {
    case 'constant':
      return colourRow({ ...v, B: 1 }, f.values, 0, 0);
    case 'mean': {
      const means = toFloat32(channelMeans(images)); // [B, 1, 1, C]
      return tf.reshape(tf.add(tf.zeros([B, 1, W, C]), means), [B, 1, W * C]);
    }
    case 'noise':
      return tf.reshape(noise(f, images), [B, v.H, W * C]);
    case 'perRegion':
      // Boxes and cells bring their own colours; a grid has one region: one colour per image.
      return colourRow(v, f.values, f.regions, 0);
  }
}

function noise(f: Extract<FillPlan['fill'], { type: 'noise' }>, images: tf.Tensor4D): tf.Tensor {
  const seed = f.seeds.reduce((a, s) => (a * 31 + s) % 2147483647, 17);
  if (images.dtype === 'float32')
    return tf.randomUniform(images.shape, f.low, f.high, 'float32', seed);
  const u = tf.randomUniform(images.shape, 0, f.high - f.low + 1, 'float32', seed);
  return clampInt(tf.add(tf.cast(tf.floor(u), 'int32'), int(f.low)), f.low, f.high);
}

/** Paints a fill plan: masks and colours from small tensors, then ONE `where` over the batch. */
export function applyFill(plan: FillPlan, images: tf.Tensor4D): tf.Tensor4D {
  const { batch: B, height: H, width: W, channels: C } = plan.info;
  const v: View = { B, H, W, C, active: plan.active };
  const region = plan.region;
  const painted =
    region.type === 'boxes'
      ? paintBoxes(plan, region, v)
      : region.type === 'cells'
        ? paintCells(plan, region, v)
        : paintGrid(plan, region, v);
  const mask = painted.mask;
  let values = painted.values ?? fillRow(plan, images, v);
  if (values.size !== mask.size) {
    // Only painted pixels take `values`, so a colour row can be folded into the column
    // factor when there is one; else it is spread down the rows by an outer product with
    // ones (a broadcast multiply is ~10x slower than that on tfjs-cpu).
    values = painted.factors
      ? outer(painted.factors.rows, tf.mul(painted.factors.cols, values))
      : outer(tf.ones([B, H, 1]), tf.add(tf.zeros([B, 1, W * C]), values));
  }
  if (images.dtype === 'int32' && values.dtype !== 'int32') values = tf.cast(values, 'int32');
  const flat = tf.reshape(images, [B, H, W * C]);
  return tf.reshape(select(tf.cast(mask, 'bool'), values, flat), [B, H, W, C]) as tf.Tensor4D;
}
