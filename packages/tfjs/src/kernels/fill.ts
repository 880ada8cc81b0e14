import {
  type BoxRegion,
  type CellRegion,
  type FillPlan,
  type GridRegion,
  InputError,
} from '@aug/core';
import { divRoundHalfEven, floorMod, GRID_ROTATION_ONE } from '@aug/core/backend';
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
  return onWebGl() ? integerMeansOnHost(images) : integerMeans(images);
}

/** Base-16 digits of a row sum (at most 255 W <= 2^24): six of them. */
const ROW_SUM_DIGITS = 6;

/**
 * Exact integer means, rounded half to even, on the device. Each image row's channel sum
 * (at most 255 W) is split into base-16 digits, each digit is summed over the rows (at
 * most 15 H), and the total sum_k 16^k D_k is divided by n by long division from the top
 * digit: every dividend 16 r + D_k (r < n) stays below 16 n + 15 H, and a quotient digit
 * one too large (a float division next to a whole number) multiplies back to below
 * 17 n + 15 H. Sums are exact below
 * 2^24 on every tfjs backend (tfjs-webgpu sums int32 in float32), as is int32 arithmetic
 * on tfjs-webgpu's GPU; on tfjs-cpu and tfjs-wasm int32 arithmetic is exact to 2^31.
 */
function integerMeans(images: tf.Tensor4D): tf.Tensor4D {
  const [B, H, W, C] = images.shape;
  const n = H * W;
  const exactBelow = tf.getBackend().includes('webgpu') ? 2 ** 24 : 2 ** 31;
  if (255 * W > 2 ** 24 || 15 * H > 2 ** 24 || 17 * n + 15 * H > exactBelow) {
    throw new InputError(
      `tfjs: mean fill on uint8 ${H}x${W} images: past what tfjs-${tf.getBackend()} sums exactly (17 x pixels + 15 x rows at most ${exactBelow === 2 ** 24 ? '2^24: its GPU integers are float32' : '2^31'}); resize the images first, or use another fill`,
    );
  }
  // Row sums in float32 (a float32 sum of at most 255 W is exact), channels first while
  // still float32 (tfjs-webgpu cannot transpose int32), then int32: [B, C, H].
  let rest = tf.cast(tf.transpose(tf.sum(toFloat32(images), 2), [0, 2, 1]), 'int32');
  const digitSums: tf.Tensor[] = [];
  for (let k = 0; k < ROW_SUM_DIGITS; k++) {
    const next = tf.floorDiv(rest, int(16));
    digitSums.push(tf.sum(tf.sub(rest, tf.mul(next, int(16))), 2)); // [B, C], at most 15 H
    rest = next;
  }
  let q: tf.Tensor = tf.zeros([B, C], 'int32');
  let r: tf.Tensor = tf.zeros([B, C], 'int32');
  for (let k = ROW_SUM_DIGITS - 1; k >= 0; k--) {
    const t = tf.add(tf.mul(r, int(16)), digitSums[k]!);
    // A float division may land one off next to a whole quotient: the exact remainder says.
    let digit = tf.floorDiv(t, int(n));
    r = tf.sub(t, tf.mul(digit, int(n)));
    const below = tf.cast(tf.less(r, int(0)), 'int32');
    const above = tf.cast(tf.greaterEqual(r, int(n)), 'int32');
    digit = tf.add(digit, tf.sub(above, below));
    r = tf.add(r, tf.mul(tf.sub(below, above), int(n)));
    q = tf.add(tf.mul(q, int(16)), digit);
  }
  // q is at most 255, so its parity is exact even where MOD runs in float32 (tfjs-webgpu).
  const r2 = tf.mul(r, int(2));
  const odd = tf.equal(tf.mod(q, int(2)), int(1));
  const up = tf.logicalOr(tf.greater(r2, int(n)), tf.logicalAnd(tf.equal(r2, int(n)), odd));
  return tf.reshape(tf.add(q, tf.cast(up, 'int32')), [B, 1, 1, C]);
}

/**
 * tfjs-webgl holds int32 values in float32 too, so the long division above is exact there
 * only for images of about a million pixels; its synchronous reads work (tfjs-webgpu's do
 * not: in headless Chromium they returned zeros). So each image row's channel sums (at
 * most 255 W, exact on the device, as is every partial sum) are read back ([B, H, C]:
 * small) and finished on the host in float64, exact, as core's channelMeans.
 */
function integerMeansOnHost(images: tf.Tensor4D): tf.Tensor4D {
  const [B, H, W, C] = images.shape;
  // Integers up to 2^24 itself are exact in float32.
  if (255 * W > 2 ** 24) {
    throw new InputError(
      `tfjs: mean fill on uint8 ${H}x${W} images: rows of at most ${Math.floor(2 ** 24 / 255)} pixels on tfjs-${tf.getBackend()} (its int32 values are float32, exact to 2^24); resize the images first, or use another fill`,
    );
  }
  const rows = tf.tidy(() => tf.sum(toFloat32(images), 2)); // [B, H, C]
  const sums = rows.dataSync();
  rows.dispose();
  const means = new Int32Array(B * C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      let total = 0;
      for (let y = 0; y < H; y++) total += sums[(b * H + y) * C + c]!;
      means[b * C + c] = divRoundHalfEven(total, H * W);
    }
  }
  return tf.tensor4d(means, [B, 1, 1, C], 'int32');
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
