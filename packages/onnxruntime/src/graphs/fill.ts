import {
  type BoxRegion,
  type CellRegion,
  type FillPlan,
  type GridRegion,
  type ImageDType,
  InputError,
} from '@aug/core';
import { cellOf, GRID_ROTATION_ONE } from '@aug/core/backend';
import { GraphBuilder, type Value } from '../graph/builder.js';
import type { BuiltGraph, KeyBase } from './graph.js';
import {
  colourPlanes,
  type Feeds,
  feed,
  fromView,
  IMAGE_DOC,
  imageShape,
  imagesInput,
  toView,
  VIEW_DOC,
  type View,
  type ViewKind,
  viewOf,
} from './view.js';

/**
 * Fill plans (Cutout, Random Erasing, Hide-and-Seek, Grid Mask) as one graph per
 * structure: how the region is described and where the colour comes from.
 * - masks: `count` masks per image, each the AND of a row mask and a column mask built
 *   on the host (boxes, and Grid Mask without rotation: its rows and columns are
 *   periodic); a later mask paints over an earlier one.
 * - cells: Hide-and-Seek, mask = cellRows x cells_b x cellCols (one-hot matrices:
 *   every sum has a single non-zero term, so it is exact).
 * - rotated: Grid Mask with rotation, core's fixed-point integer test per pixel.
 */
export interface FillKey extends KeyBase {
  readonly kind: 'fill';
  readonly region: 'masks' | 'cells' | 'rotated';
  /** Masks per image: a box region's count; 1 for a grid and for the other regions. */
  readonly count: number;
  readonly fill: FillPlan['fill']['type'];
}

export function fillKey(plan: FillPlan, view: ViewKind): FillKey {
  const r = plan.region;
  const region = r.type === 'cells' ? 'cells' : r.type === 'grid' && r.cosSin ? 'rotated' : 'masks';
  return {
    kind: 'fill',
    dtype: plan.info.dtype,
    view,
    region,
    count: r.type === 'boxes' ? r.count : 1,
    fill: plan.fill.type,
  };
}

const ONE2 = 2 * GRID_ROTATION_ONE;
/** The noise hash's modulus, a prime below 2^31 so that squares fit in int64. */
const NOISE_PRIME = 2147483647;

/** Each image's per-channel mean, as a colour plane [B, 1, Q] or [B, P, 1]. */
function meanPlane(g: GraphBuilder, images: Value, key: FillKey): Value {
  const axes = key.view === 'NCHW' ? [2, 3] : [1, 2];
  let mean: Value;
  if (key.dtype === 'float32') {
    // onnxruntime sums a float32 ReduceMean value after value, which drifts by percents
    // over a few million pixels: rows first, then the rows, then a correction by the mean
    // of what is left (small values, whose sums round little). (Not float64: the WebGPU
    // EP cannot place a Cast to double.)
    const rowsThenColumns = (x: Value) => g.reduceMean(g.reduceMean(x, [axes[1]!]), [axes[0]!]);
    const rough = rowsThenColumns(images);
    const corrected = g.add(rough, rowsThenColumns(g.sub(images, rough)));
    // A non-finite mean stays as it is (Inf - Inf in the residuals would make it NaN):
    // rough - rough is 0 exactly when rough is finite.
    const finite = g.equal(g.sub(rough, rough), g.scalar('float32', 0));
    mean = g.where(finite, corrected, rough);
  } else {
    // uint8: the exact integer sum (int64: 255 HW passes 2^31 from 2902 x 2902 pixels),
    // divided with round half to even, as core specifies.
    const sum = g.reduceSum(g.cast(images, 'int64'), axes);
    const n = g.reduceProd(g.shape(images, axes[0], axes[1]! + 1));
    const q = g.div(sum, n);
    const r2 = g.mul(g.sub(sum, g.mul(q, n)), g.scalar('int64', 2));
    const odd = g.equal(g.mod(q, g.scalar('int64', 2)), g.scalar('int64', 1));
    const up = g.or(g.greater(r2, n), g.and(g.equal(r2, n), odd));
    mean = g.cast(g.add(q, g.cast(up, 'int64')), 'uint8');
  }
  if (key.view === 'gray') return mean; // [B, 1, 1]
  // [B, 1, 1, C] -> [B, 1, W, C] -> [B, 1, W*C];  [B, C, 1, 1] -> [B, C, H, 1] -> [B, C*H, 1]
  const one = g.int64s([1]);
  const spread = g.expand(mean, g.concat([one, one, g.shape(images, 2, 3), one]));
  return g.reshape(spread, g.int64s(key.view === 'NHWC' ? [0, 1, -1] : [0, -1, 1]));
}

/**
 * Noise uniform in [low, high] (integers for uint8) from a counter hash of (pixel, seed):
 * a few steps of a quadratic and a Lehmer map modulo 2^31 - 1 in int64, exact everywhere.
 * The seed enters twice: once added to the position, and again, through all 32 of its
 * bits and with the position, after the first quadratic step. Added only to the
 * position, seeds d apart (or equal modulo 2^31 - 1) would paint the same noise shifted
 * by d values. Every intermediate stays below 2^62 (squares of values below M).
 */
function noisePlane(g: GraphBuilder, x: Value, dtype: ImageDType): Value {
  const seed = g.input({
    name: 'noiseSeed',
    type: 'int64',
    shape: ['batch', 1, 1],
    doc: 'per-image noise seed (uint32 as int64)',
  });
  const low = g.input({ name: 'noiseLow', type: 'float32', shape: [1], doc: 'lowest noise value' });
  const high = g.input({
    name: 'noiseHigh',
    type: 'float32',
    shape: [1],
    doc: 'highest noise value',
  });
  const perImage = g.shape(x, 1, 3);
  const count = g.reshape(g.reduceProd(perImage), g.int64s([]));
  const positions = g.op('Range', [g.scalar('int64', 0), count, g.scalar('int64', 1)]);
  const e = g.reshape(positions, g.concat([g.int64s([1]), perImage]));
  const M = g.scalar('int64', NOISE_PRIME);
  // The salt reads the seed's two 16-bit halves: seed * K mod M would give seeds equal
  // modulo M (both uint32) one salt.
  const word = g.scalar('int64', 2 ** 16);
  const salt = g.mod(
    g.add(
      g.mul(g.div(seed, word), g.scalar('int64', 65537)),
      g.mul(g.mod(seed, word), g.scalar('int64', 48271)),
    ),
    M,
  );
  let h = g.mod(g.add(e, seed), M);
  h = g.mod(g.mul(h, g.scalar('int64', 48271)), M);
  h = g.mod(g.add(g.mul(h, h), g.scalar('int64', 12345)), M);
  // The position again: the square alone maps e and e' with e + e' = -2 seed (mod M) to
  // one value, which would mirror an image's noise about that point.
  h = g.mod(g.add(g.add(h, salt), e), M);
  h = g.mod(g.add(g.mul(h, h), g.scalar('int64', 12345)), M);
  h = g.mod(g.mul(h, g.scalar('int64', 69621)), M);
  const u = g.mul(
    g.cast(g.mod(h, g.scalar('int64', 2 ** 24)), 'float32'),
    g.scalar('float32', 2 ** -24),
  );
  if (dtype === 'float32') return g.add(low, g.mul(u, g.sub(high, low)));
  const span = g.add(g.sub(high, low), g.scalar('float32', 1));
  const ints = g.op('Min', [g.add(g.op('Floor', [g.mul(u, span)]), low), high]);
  return g.cast(ints, 'uint8');
}

/** The colour of every region (or of region n): broadcastable over the view. */
function fillValues(g: GraphBuilder, images: Value, x: Value, key: FillKey): (n: number) => Value {
  const pixel = key.dtype;
  switch (key.fill) {
    case 'constant': {
      const colour = g.input({
        name: 'colour',
        type: pixel,
        shape: ['colourRows', 'colourCols'],
        doc: "the fill colour, laid out to broadcast over the view: [1, Q] (each pixel's C values, repeated along W) or [P, 1] for NCHW",
      });
      return () => colour;
    }
    case 'mean': {
      const mean = meanPlane(g, images, key);
      return () => mean;
    }
    case 'noise': {
      const noise = noisePlane(g, x, key.dtype);
      return () => noise;
    }
    case 'perRegion': {
      if (key.region === 'cells') {
        const rows = g.input({
          name: 'cellColourRows',
          type: 'float32',
          shape: ['rows', 'colourA'],
          doc: 'one-hot: view row p -> its (channel,) cell row',
        });
        const colours = g.input({
          name: 'cellColours',
          type: 'float32',
          shape: ['batch', 'colourA', 'colourD'],
          doc: 'per-cell colours: [B, gridRows, gridCols*C] (NHWC) or [B, C*gridRows, gridCols] (NCHW)',
        });
        const cols = g.input({
          name: 'cellColourCols',
          type: 'float32',
          shape: ['colourD', 'cols'],
          doc: 'one-hot: view column q -> its cell column (and channel)',
        });
        const map = g.matMul(rows, g.matMul(colours, cols));
        const value = pixel === 'uint8' ? g.cast(map, 'uint8') : map;
        return () => value;
      }
      const colours = g.input({
        name: 'colours',
        type: pixel,
        shape: [key.count, 'batch', 'colourRows', 'colourCols'],
        doc: 'colour of region n of image b, laid out as `colour`',
      });
      const perRegion = Array.from({ length: key.count }, (_, n) =>
        g.gather(colours, g.scalar('int64', n)),
      );
      return (n) => perRegion[n]!;
    }
  }
}

const boolMask = (name: string, shape: (string | number)[], doc: string) => ({
  name,
  type: 'bool' as const,
  shape,
  doc,
});

/** Builds the fill graph of a key. */
export function buildFill(key: FillKey): BuiltGraph {
  const name = `fill_${key.region}${key.region === 'masks' ? key.count : ''}_${key.fill}_${key.view}_${key.dtype}`;
  const doc = `@aug fill: paints regions of ${IMAGE_DOC[key.view]} (${key.dtype}); ${VIEW_DOC[key.view]}.`;
  const g = new GraphBuilder(name, doc);
  const images = imagesInput(g, key.view, key.dtype);
  const x = toView(g, images, key.view);
  const value = fillValues(g, images, x, key);
  let out: Value;
  if (key.region === 'masks') {
    const rows = g.input(
      boolMask(
        'rowMask',
        [key.count, 'batch', 'rows', 1],
        'mask n of image b: view rows inside it',
      ),
    );
    const cols = g.input(
      boolMask(
        'colMask',
        [key.count, 'batch', 1, 'cols'],
        'mask n of image b: view columns inside it',
      ),
    );
    out = x;
    for (let n = 0; n < key.count; n++) {
      const at = g.scalar('int64', n);
      const inside = g.and(g.gather(rows, at), g.gather(cols, at));
      out = g.where(inside, value(n), out);
    }
  } else if (key.region === 'cells') {
    const rows = g.input({
      name: 'cellRows',
      type: 'float32',
      shape: ['rows', 'gridRows'],
      doc: 'one-hot: view row p -> cell row floor(y * gridRows / H)',
    });
    const cells = g.input({
      name: 'cells',
      type: 'float32',
      shape: ['batch', 'gridRows', 'gridCols'],
      doc: '1 where a cell of image b is erased (0 for images not augmented)',
    });
    const cols = g.input({
      name: 'cellCols',
      type: 'float32',
      shape: ['gridCols', 'cols'],
      doc: 'one-hot: view column q -> cell column floor(x * gridCols / W)',
    });
    const covered = g.matMul(rows, g.matMul(cells, cols));
    out = g.where(g.greater(covered, g.scalar('float32', 0.5)), value(0), x);
  } else {
    const coord = (name: string, shape: (string | number)[], doc: string) =>
      g.input({ name, type: 'int32', shape, doc });
    const Y = coord('rowCoord', ['rows', 1], '2y + 1 - H of view row p');
    const X = coord('colCoord', [1, 'cols'], '2x + 1 - W of view column q');
    const perImage = (name: string, doc: string) => coord(name, ['batch', 1, 1], doc);
    const cos = perImage('gridCos', 'round(4096 cos angle)');
    const sin = perImage('gridSin', 'round(4096 sin angle)');
    const period = perImage('gridPeriod', '8192 d');
    const masked = perImage('gridMasked', '8192 l (0 for images not augmented)');
    const shiftY = perImage('gridShiftY', '4096 (H - 1) + 8192 dy');
    const shiftX = perImage('gridShiftX', '4096 (W - 1) + 8192 dx');
    const yr = g.add(shiftY, g.sub(g.mul(cos, Y), g.mul(sin, X)));
    const xr = g.add(shiftX, g.add(g.mul(sin, Y), g.mul(cos, X)));
    const inside = g.and(g.less(g.mod(yr, period), masked), g.less(g.mod(xr, period), masked));
    out = g.where(inside, value(0), x);
  }
  g.output(fromView(g, out, images, key.view), {
    name: 'output',
    type: key.dtype,
    shape: imageShape(key.view),
    doc: 'the augmented images, same shape, layout and dtype',
  });
  return { name, doc, model: g.build({ kind: 'fill' }), ...g.signature() };
}

/** Row and column masks of `count` masks per image (boxes, or an unrotated grid). */
function maskFeeds(plan: FillPlan, r: BoxRegion | GridRegion, v: View, count: number): Feeds {
  const rows = new Uint8Array(count * v.B * v.P);
  const cols = new Uint8Array(count * v.B * v.Q);
  for (let n = 0; n < count; n++) {
    for (let b = 0; b < v.B; b++) {
      if (!plan.active[b]) continue;
      let inRow: (y: number) => boolean;
      let inCol: (x: number) => boolean;
      if (r.type === 'boxes') {
        const k = (b * r.count + n) * 4;
        const [y0, x0, y1, x1] = [r.boxes[k]!, r.boxes[k + 1]!, r.boxes[k + 2]!, r.boxes[k + 3]!];
        inRow = (y) => y >= y0 && y < y1;
        inCol = (x) => x >= x0 && x < x1;
      } else {
        const [d, l, dy, dx] = [r.period[b]!, r.masked[b]!, r.offset[2 * b]!, r.offset[2 * b + 1]!];
        inRow = (y) => (y + dy) % d < l;
        inCol = (x) => (x + dx) % d < l;
      }
      const at = n * v.B + b;
      for (let p = 0; p < v.P; p++) rows[at * v.P + p] = inRow(v.rowY(p)) ? 1 : 0;
      for (let q = 0; q < v.Q; q++) cols[at * v.Q + q] = inCol(v.colX(q)) ? 1 : 0;
    }
  }
  return {
    rowMask: feed('bool', [count, v.B, v.P, 1], rows),
    colMask: feed('bool', [count, v.B, 1, v.Q], cols),
  };
}

function cellFeeds(plan: FillPlan, r: CellRegion, v: View): Feeds {
  const { rows: R, cols: K } = r;
  const cellRows = new Float32Array(v.P * R);
  for (let p = 0; p < v.P; p++) cellRows[p * R + cellOf(v.rowY(p), R, v.H)] = 1;
  const cellCols = new Float32Array(K * v.Q);
  for (let q = 0; q < v.Q; q++) cellCols[cellOf(v.colX(q), K, v.W) * v.Q + q] = 1;
  const cells = new Float32Array(v.B * R * K);
  for (let b = 0; b < v.B; b++) {
    if (plan.active[b]) cells.set(r.cells.subarray(b * R * K, (b + 1) * R * K), b * R * K);
  }
  const feeds: Feeds = {
    cellRows: feed('float32', [v.P, R], cellRows),
    cells: feed('float32', [v.B, R, K], cells),
    cellCols: feed('float32', [K, v.Q], cellCols),
  };
  if (plan.fill.type !== 'perRegion') return feeds;
  const values = plan.fill.values;
  const C = v.C;
  const nchw = v.kind === 'NCHW';
  // Rows x colours x columns picks each pixel's cell colour for its own channel: the
  // channel goes with the rows for NCHW (view rows are (c, y)), with the columns otherwise.
  const A = nchw ? C * R : R;
  const D = nchw ? K : K * C;
  const colourRows = nchw ? new Float32Array(v.P * A) : cellRows;
  const colourCols = nchw ? cellCols : new Float32Array(D * v.Q);
  if (nchw) {
    for (let p = 0; p < v.P; p++) {
      colourRows[p * A + v.rowChannel(p) * R + cellOf(v.rowY(p), R, v.H)] = 1;
    }
  } else {
    for (let q = 0; q < v.Q; q++) {
      colourCols[(cellOf(v.colX(q), K, v.W) * C + v.colChannel(q)) * v.Q + q] = 1;
    }
  }
  // NHWC: values [B, R*K*C] already are [B, R, K*C]; NCHW needs [B, C*R, K].
  let colours = Float32Array.from(values);
  if (nchw) {
    colours = new Float32Array(v.B * C * R * K);
    for (let b = 0; b < v.B; b++)
      for (let c = 0; c < C; c++)
        for (let i = 0; i < R * K; i++)
          colours[(b * C + c) * R * K + i] = values[(b * R * K + i) * C + c]!;
  }
  return {
    ...feeds,
    cellColourRows: feed('float32', [v.P, A], colourRows),
    cellColours: feed('float32', [v.B, A, D], colours),
    cellColourCols: feed('float32', [D, v.Q], colourCols),
  };
}

/**
 * The rotated test runs in int32 (the graph above, fed by `rotatedFeeds`). Per image,
 * with Y = 2y + 1 - H in [1 - H, H - 1] and X = 2x + 1 - W in [1 - W, W - 1]:
 *   yr = shiftY + (cos Y - sin X),  shiftY = 4096 (H - 1) + 8192 dy
 *   xr = shiftX + (sin Y + cos X),  shiftX = 4096 (W - 1) + 8192 dx
 * then Mod by 8192 d and Less than 8192 l. Every intermediate (each product, each sum,
 * the fed shifts) is in magnitude at most
 *   |shiftY| + |cos| (H - 1) + |sin| (W - 1),  |shiftX| + |sin| (H - 1) + |cos| (W - 1),
 * or the fed 8192 d and 8192 l; the first two are reached at a corner pixel when the
 * shift is >= 0 (always, for Grid Mask's offsets in [0, d)). With |cos|, |sin| <= 4096
 * that is up to about 8192 (H + W + |offset|): a single row passes 2^31 - 1 from
 * 262,145 pixels wide (angle 0), a square image from about 119,000 pixels a side (45
 * degrees, offsets near the side). Such plans are refused, not wrapped (core computes
 * in exact doubles).
 */
function checkRotationFits(plan: FillPlan, r: GridRegion, cosSin: Int32Array, v: View): void {
  const { H, W } = v;
  let largest = 0;
  for (let b = 0; b < v.B; b++) {
    const c = Math.abs(cosSin[2 * b]!);
    const s = Math.abs(cosSin[2 * b + 1]!);
    const shiftY = Math.abs(GRID_ROTATION_ONE * (H - 1) + ONE2 * r.offset[2 * b]!);
    const shiftX = Math.abs(GRID_ROTATION_ONE * (W - 1) + ONE2 * r.offset[2 * b + 1]!);
    largest = Math.max(
      largest,
      shiftY + c * (H - 1) + s * (W - 1),
      shiftX + s * (H - 1) + c * (W - 1),
      ONE2 * Math.abs(r.period[b]!),
      plan.active[b] ? ONE2 * Math.abs(r.masked[b]!) : 0,
    );
  }
  if (largest > 2 ** 31 - 1) {
    throw new InputError(
      `${plan.strategy}: a rotated grid ("rotate") on ${H}x${W} images overflows the graph's 32-bit arithmetic (a fixed-point coordinate reaches ${largest}, past 2^31 - 1); without "rotate" any size works, or resize the images first`,
    );
  }
}

function rotatedFeeds(plan: FillPlan, r: GridRegion, cosSin: Int32Array, v: View): Feeds {
  checkRotationFits(plan, r, cosSin, v);
  const rowCoord = Int32Array.from({ length: v.P }, (_, p) => 2 * v.rowY(p) + 1 - v.H);
  const colCoord = Int32Array.from({ length: v.Q }, (_, q) => 2 * v.colX(q) + 1 - v.W);
  const perImage = (f: (b: number) => number) =>
    feed(
      'int32',
      [v.B, 1, 1],
      Int32Array.from({ length: v.B }, (_, b) => f(b)),
    );
  return {
    rowCoord: feed('int32', [v.P, 1], rowCoord),
    colCoord: feed('int32', [1, v.Q], colCoord),
    gridCos: perImage((b) => cosSin[2 * b]!),
    gridSin: perImage((b) => cosSin[2 * b + 1]!),
    gridPeriod: perImage((b) => ONE2 * r.period[b]!),
    gridMasked: perImage((b) => (plan.active[b] ? ONE2 * r.masked[b]! : 0)),
    gridShiftY: perImage((b) => GRID_ROTATION_ONE * (v.H - 1) + ONE2 * r.offset[2 * b]!),
    gridShiftX: perImage((b) => GRID_ROTATION_ONE * (v.W - 1) + ONE2 * r.offset[2 * b + 1]!),
  };
}

function valueFeeds(plan: FillPlan, key: FillKey, v: View): Feeds {
  const f = plan.fill;
  const dtype = plan.info.dtype;
  switch (f.type) {
    case 'constant': {
      const { data, dims } = colourPlanes(v, dtype, f.values, 1, () => 0);
      return { colour: feed(dtype, dims, data as never) };
    }
    case 'perRegion': {
      if (key.region === 'cells') return {}; // with the cells
      const planes = key.count * v.B;
      // Plane (n, b) holds region n of image b: values[(b * regions + n) * C].
      const { data, dims } = colourPlanes(v, dtype, f.values, planes, (i) => {
        const n = Math.floor(i / v.B);
        const b = i % v.B;
        return (b * f.regions + n) * v.C;
      });
      return { colours: feed(dtype, [key.count, v.B, ...dims], data as never) };
    }
    case 'mean':
      return {};
    case 'noise':
      return {
        noiseSeed: feed(
          'int64',
          [v.B, 1, 1],
          BigInt64Array.from(f.seeds, (s) => BigInt(s)),
        ),
        noiseLow: feed('float32', [1], Float32Array.of(f.low)),
        noiseHigh: feed('float32', [1], Float32Array.of(f.high)),
      };
  }
}

/** The inputs of a fill graph for a plan, besides the images. */
export function fillFeeds(plan: FillPlan, key: FillKey): Feeds {
  const v = viewOf(plan.info);
  // The plan's region picks its graph (as in fillKey): dispatching on it narrows its type.
  const r = plan.region;
  const region =
    r.type === 'cells'
      ? cellFeeds(plan, r, v)
      : r.type === 'grid' && r.cosSin
        ? rotatedFeeds(plan, r, r.cosSin, v)
        : maskFeeds(plan, r, v, key.count);
  return { ...region, ...valueFeeds(plan, key, v) };
}
