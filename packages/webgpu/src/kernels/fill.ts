import { type FillPlan, type GridRegion, InputError } from '@aug/core';
import { channelsFirst, GRID_ROTATION_ONE, toUint8 } from '@aug/core/backend';
import { meanPass } from './mean.js';
import { ParamWriter } from './params.js';
import { type Grid, type Kernel, regionShader } from './shader.js';

/**
 * Which region covers pixel (y, x) of image b: `region(b, y, x)` is its index (a box, a
 * cell, or 0 for the grid mask) or KEEP; `classify(b, y, x0, x1)` the same for a run of
 * a row, and `runMask(b, y, x0, x1)` which of the run's pixels any region covers (bit
 * i: pixel x0 + i; not for the rotated grid). See regionShader. Boxes: the last one
 * containing the pixel, since a later box paints over an earlier one.
 */
function regionTest(plan: FillPlan, params: ParamWriter): string {
  const region = plan.region;
  if (region.type === 'boxes') {
    params.add('BOXES', region.boxes, 'i32');
    return /* wgsl */ `
const COUNT = ${region.count}u;
fn box(b: u32, i: u32) -> vec4<i32> {
  let k = BOXES + (b * COUNT + i) * 4u;
  return vec4<i32>(pi(k), pi(k + 1u), pi(k + 2u), pi(k + 3u));
}
fn region(b: u32, y: i32, x: i32) -> i32 {
  var found = KEEP;
  for (var i = 0u; i < COUNT; i++) {
    let k = box(b, i);
    if (y >= k.x && x >= k.y && y < k.z && x < k.w) { found = i32(i); }
  }
  return found;
}
fn classify(b: u32, y: i32, x0: i32, x1: i32) -> i32 {
  var found = KEEP;
  for (var i = 0u; i < COUNT; i++) {
    let k = box(b, i);
    if (y >= k.x && y < k.z && x1 >= k.y && x0 < k.w) {
      found = select(MIXED, i32(i), x0 >= k.y && x1 < k.w);
    }
  }
  return found;
}
fn runMask(b: u32, y: i32, x0: i32, x1: i32) -> Run {
  var m = 0u;
  for (var i = 0u; i < COUNT; i++) {
    let k = box(b, i);
    m |= select(0u, runBits(x0, x1, k.y, k.w), y >= k.x && y < k.z);
  }
  return Run(m, 0);
}`;
  }
  if (region.type === 'cells') {
    checkCellsFit(plan, region.rows, region.cols);
    params.add('CELLS', region.cells, 'u32');
    return /* wgsl */ `
const ROWS = ${region.rows}u;
const COLS = ${region.cols}u;
// Pixel (y, x) is in cell (floor(y * rows / H), floor(x * cols / W)).
fn cell(b: u32, y: i32, column: u32) -> i32 {
  let i = (u32(y) * ROWS / H) * COLS + column;
  return select(KEEP, i32(i), pu(CELLS + b * ROWS * COLS + i) != 0u);
}
fn region(b: u32, y: i32, x: i32) -> i32 { return cell(b, y, u32(x) * COLS / W); }
fn classify(b: u32, y: i32, x0: i32, x1: i32) -> i32 {
  let column = u32(x0) * COLS / W;
  if (column != u32(x1) * COLS / W) { return MIXED; }
  return cell(b, y, column);
}
fn runMask(b: u32, y: i32, x0: i32, x1: i32) -> Run {
  let n = u32(x1 - x0 + 1);
  let column = u32(x0) * COLS / W;
  if (column == u32(x1) * COLS / W) {
    return Run(select(0u, (1u << n) - 1u, cell(b, y, column) >= 0), 0);
  }
  var m = 0u;
  for (var i = 0u; i < n; i++) {
    if (region(b, y, x0 + i32(i)) >= 0) { m |= 1u << i; }
  }
  return Run(m, 0);
}`;
  }
  if (!region.cosSin) {
    // Unrotated, the mask is (row masked) and (column masked): one bit per row and per
    // column of each image, so the kernel tests pixels and runs without a division.
    const { rowBits, colBits, rowWords, colWords } = gridBits(plan, region);
    params.add('ROW_BITS', rowBits, 'u32').add('COL_BITS', colBits, 'u32');
    return /* wgsl */ `
const ROW_WORDS = ${rowWords}u;
const COL_WORDS = ${colWords}u;
fn rowMasked(b: u32, y: i32) -> bool {
  return ((pu(ROW_BITS + b * ROW_WORDS + (u32(y) >> 5u)) >> (u32(y) & 31u)) & 1u) != 0u;
}
/** Column bits x, x + 1, ... (up to 32 of them) of image b, from bit 0 up. */
fn columns(b: u32, x: i32) -> u32 {
  let at = COL_BITS + b * COL_WORDS + (u32(x) >> 5u);
  let shift = u32(x) & 31u;
  var bits = pu(at) >> shift;
  if (shift != 0u && (u32(x) >> 5u) + 1u < COL_WORDS) { bits |= pu(at + 1u) << (32u - shift); }
  return bits;
}
fn region(b: u32, y: i32, x: i32) -> i32 {
  return select(KEEP, 0, rowMasked(b, y) && (columns(b, x) & 1u) != 0u);
}
fn masked(b: u32, y: i32, x0: i32, x1: i32) -> u32 {
  // A run is at most 16 pixels (one vector).
  let want = (1u << u32(x1 - x0 + 1)) - 1u;
  return select(0u, columns(b, x0) & want, rowMasked(b, y));
}
fn runMask(b: u32, y: i32, x0: i32, x1: i32) -> Run { return Run(masked(b, y, x0, x1), 0); }
fn classify(b: u32, y: i32, x0: i32, x1: i32) -> i32 {
  let want = (1u << u32(x1 - x0 + 1)) - 1u;
  let got = masked(b, y, x0, x1);
  if (got == want) { return 0; }
  return select(MIXED, KEEP, got == 0u);
}`;
  }
  params
    .add('PERIOD', region.period, 'i32')
    .add('MASKED', region.masked, 'i32')
    .add('OFFSET', region.offset, 'i32');
  params.add('COSSIN', region.cosSin, 'i32');
  // The integer rotation of core's gridMasked: positions doubled so the centre is an
  // integer, cos and sin in fixed point, in i32.
  const one = GRID_ROTATION_ONE;
  checkRotationFits(plan, region.period, region.offset);
  return /* wgsl */ `
fn floorMod(a: i32, m: i32) -> i32 { return ((a % m) + m) % m; }
fn region(b: u32, y: i32, x: i32) -> i32 {
  let d = pi(PERIOD + b);
  let l = pi(MASKED + b);
  let cs = pi(COSSIN + 2u * b);
  let sn = pi(COSSIN + 2u * b + 1u);
  let Y = 2 * y + 1 - i32(H);
  let X = 2 * x + 1 - i32(W);
  let yr = ${one} * (i32(H) - 1) + cs * Y - sn * X;
  let xr = ${one} * (i32(W) - 1) + sn * Y + cs * X;
  let one2 = ${2 * one};
  let inside = floorMod(yr + one2 * pi(OFFSET + 2u * b), one2 * d) < one2 * l &&
    floorMod(xr + one2 * pi(OFFSET + 2u * b + 1u), one2 * d) < one2 * l;
  return select(KEEP, 0, inside);
}
// Rotated lines cross a row anywhere: pixel by pixel.
fn classify(b: u32, y: i32, x0: i32, x1: i32) -> i32 { return MIXED; }`;
}

/** Grid Mask's masked rows and columns per image as bits: (i + offset) mod d < l. */
function gridBits(
  plan: FillPlan,
  region: GridRegion,
): { rowBits: Uint32Array; colBits: Uint32Array; rowWords: number; colWords: number } {
  const { batch: B, height: H, width: W } = plan.info;
  const rowWords = Math.ceil(H / 32);
  const colWords = Math.ceil(W / 32);
  const rowBits = new Uint32Array(B * rowWords);
  const colBits = new Uint32Array(B * colWords);
  const mark = (bits: Uint32Array, base: number, size: number, d: number, l: number, o: number) => {
    for (let i = 0; i < size; i++) {
      if ((i + o) % d < l) bits[base + (i >>> 5)]! |= 1 << (i & 31);
    }
  };
  for (let b = 0; b < B; b++) {
    if (!plan.active[b]) continue;
    const d = region.period[b]!;
    const l = region.masked[b]!;
    mark(rowBits, b * rowWords, H, d, l, region.offset[2 * b]!);
    mark(colBits, b * colWords, W, d, l, region.offset[2 * b + 1]!);
  }
  return { rowBits, colBits, rowWords, colWords };
}

/**
 * A pixel's cell is floor(y rows / H) in u32 arithmetic: (H - 1) rows must fit in 32
 * bits (and so (W - 1) cols). Grids that fine (65,536 rows on a 65,537-pixel-high image)
 * are refused rather than wrapped.
 */
function checkCellsFit(plan: FillPlan, rows: number, cols: number): void {
  const { height: H, width: W } = plan.info;
  if ((H - 1) * rows >= 2 ** 32 || (W - 1) * cols >= 2 ** 32) {
    throw new InputError(
      `${plan.strategy}: "gridSize" [${rows}, ${cols}] on ${H}x${W} images overflows the WebGPU kernel's 32-bit cell arithmetic ((H - 1) rows and (W - 1) cols must be below 2^32); use a coarser grid`,
    );
  }
}

/**
 * The rotated test's largest value, |yr| + 2 ONE |offset| (or |xr| ...), must fit in an
 * i32: with |cos|, |sin| <= ONE, |yr| <= ONE (H - 1 + H + W). Images too large for that
 * (H + W around 175,000 and more) are refused rather than wrapped.
 */
function checkRotationFits(plan: FillPlan, period: Int32Array, offset: Int32Array): void {
  const { height: H, width: W } = plan.info;
  let largest = 0;
  for (const v of [...period, ...offset]) largest = Math.max(largest, Math.abs(v));
  const bound = GRID_ROTATION_ONE * (2 * Math.max(H, W) - 1 + H + W + 2 * largest);
  if (bound > 2 ** 31 - 1) {
    throw new InputError(
      `${plan.strategy}: a rotated grid ("rotate") on ${H}x${W} images overflows the WebGPU kernel's 32-bit arithmetic; without "rotate" any size works, or resize the images first`,
    );
  }
}

/** The colour of channel c at element e of image b in region r: `colour(b, r, c, e)`. */
function colourOf(plan: FillPlan, params: ParamWriter): string {
  const fill = plan.fill;
  const C = plan.info.channels;
  switch (fill.type) {
    case 'constant':
      params.add('COLOUR', fill.values, 'f32');
      return `fn colour(b: u32, r: u32, c: u32, e: u32) -> f32 { return pf(COLOUR + c); }`;
    case 'perRegion':
      params.add('COLOUR', fill.values, 'f32');
      return `fn colour(b: u32, r: u32, c: u32, e: u32) -> f32 { return pf(COLOUR + (b * ${fill.regions}u + r) * ${C}u + c); }`;
    case 'mean':
      // Per-image channel means from the mean pass, bound as A.
      return `fn colour(b: u32, r: u32, c: u32, e: u32) -> f32 { return bitcast<f32>(A[b * ${C}u + c]); }`;
    case 'noise': {
      params.add('SEEDS', fill.seeds, 'u32');
      const integer = plan.info.dtype === 'uint8';
      const span = integer ? fill.high - fill.low + 1 : fill.high - fill.low;
      // A counter-based hash of (image seed, element): no state, any order of
      // invocations. Backends need not agree on noise, only on its distribution. The
      // seed enters twice: with only mix32(mix32(seed) ^ e), seeds whose hashes differ in
      // low bits would paint each other's noise at other elements (e ^ their difference).
      return /* wgsl */ `
fn mix32(v: u32) -> u32 {
  var h = v;
  h ^= h >> 16u; h *= 0x7feb352du;
  h ^= h >> 15u; h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}
fn colour(b: u32, r: u32, c: u32, e: u32) -> f32 {
  let seed = pu(SEEDS + b);
  let h = mix32(mix32(mix32(seed) ^ (e - b * IMG)) ^ mix32(seed ^ 0x9e3779b9u));
  let u = f32(h >> 8u) * ${1 / 16777216};
  return ${integer ? `min(${fill.low}.0 + floor(u * ${span}.0), ${fill.high}.0)` : `min(${fill.low} + u * ${span}, ${fill.high})`};
}`;
    }
  }
}

/**
 * A constant colour as whole vectors, by the channel of the vector's first element
 * (NHWC: elements then cycle through the channels; NCHW: one channel throughout), so a
 * vector inside a region is four words from the parameters: `whole(e0, q0, r)`.
 */
function constantVectors(plan: FillPlan, colour: Float32Array, params: ParamWriter): string {
  const { channels: C, dtype } = plan.info;
  const nchw = channelsFirst(plan.info);
  const perVector = dtype === 'uint8' ? 16 : 4;
  const words = new Uint32Array(C * 4);
  const bits = new Uint32Array(colour.buffer, colour.byteOffset, colour.length);
  for (let phase = 0; phase < C; phase++) {
    for (let k = 0; k < perVector; k++) {
      const c = nchw ? phase : (phase + k) % C;
      if (dtype === 'uint8') {
        words[phase * 4 + (k >> 2)]! |= toUint8(colour[c]!) << ((k & 3) * 8);
      } else {
        words[phase * 4 + k] = bits[c]!;
      }
    }
  }
  params.add('VECTORS_BY_CHANNEL', words, 'u32');
  return /* wgsl */ `
fn whole(e0: u32, q0: vec4<u32>, r: u32) -> vec4<u32> {
  let k = VECTORS_BY_CHANNEL + q0.w * 4u;
  return vec4<u32>(pu(k), pu(k + 1u), pu(k + 2u), pu(k + 3u));
}`;
}

/**
 * Cutout, Random Erasing, Hide-and-Seek, Grid Mask: one pass, each element read and
 * written once (mean fill: after a small pass computing the means).
 */
export function fillShader(plan: FillPlan, grid: Grid): Kernel {
  const params = new ParamWriter().add('ACTIVE', plan.active, 'u32');
  const fill = plan.fill;
  const constant = fill.type === 'constant' ? Float32Array.from(fill.values) : undefined;
  const body = /* wgsl */ `
${regionTest(plan, params)}
${colourOf(plan, params)}
fn inside(e: u32, q: vec4<u32>, r: u32) -> u32 { return encode(colour(q.x, r, q.w, e)); }
${constant ? constantVectors(plan, constant, params) : ''}`;
  const mean = fill.type === 'mean';
  // A constant colour over regions with a run mask (all but the rotated grid): runs can be
  // painted without branches (regionShader does so for uint8; see its `runMask`).
  const painted = !!constant && !(plan.region.type === 'grid' && plan.region.cosSin);
  const code = regionShader(plan.info, grid, params, body, {
    aux: mean,
    whole: !!constant,
    runMask: painted,
  });
  return { code, params: params.words(), ...(mean && { prepass: meanPass(plan.info) }) };
}
