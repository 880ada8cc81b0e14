import { type FillPlan, GRID_ROTATION_ONE, InputError } from '@aug/core';
import { ParamWriter } from './params.js';
import { elementShader, type Grid } from './shader.js';

/**
 * Which region covers pixel (y, x) of image b: `region(b, y, x)` is its index (a box, a
 * cell, or 0 for the grid mask) or -1. Boxes: the last one containing the pixel, since a
 * later box paints over an earlier one.
 */
function regionTest(plan: FillPlan, params: ParamWriter): string {
  const region = plan.region;
  if (region.type === 'boxes') {
    params.add('BOXES', region.boxes, 'i32');
    return /* wgsl */ `
const COUNT = ${region.count}u;
fn region(b: u32, y: i32, x: i32) -> i32 {
  var found = -1;
  for (var i = 0u; i < COUNT; i++) {
    let k = BOXES + (b * COUNT + i) * 4u;
    if (y >= pi(k) && x >= pi(k + 1u) && y < pi(k + 2u) && x < pi(k + 3u)) { found = i32(i); }
  }
  return found;
}`;
  }
  if (region.type === 'cells') {
    params.add('CELLS', region.cells, 'u32');
    return /* wgsl */ `
const ROWS = ${region.rows}u;
const COLS = ${region.cols}u;
fn region(b: u32, y: i32, x: i32) -> i32 {
  // Pixel (y, x) is in cell (floor(y * rows / H), floor(x * cols / W)).
  let cell = (u32(y) * ROWS / H) * COLS + u32(x) * COLS / W;
  return select(-1, i32(cell), pu(CELLS + b * ROWS * COLS + cell) != 0u);
}`;
  }
  params
    .add('PERIOD', region.period, 'i32')
    .add('MASKED', region.masked, 'i32')
    .add('OFFSET', region.offset, 'i32');
  if (!region.cosSin) {
    return /* wgsl */ `
fn region(b: u32, y: i32, x: i32) -> i32 {
  let d = pi(PERIOD + b);
  let l = pi(MASKED + b);
  let inside = (y + pi(OFFSET + 2u * b)) % d < l && (x + pi(OFFSET + 2u * b + 1u)) % d < l;
  return select(-1, 0, inside);
}`;
  }
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
  return select(-1, 0, inside);
}`;
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
      `webgpu gridMask: a rotated grid on ${H}x${W} images overflows the kernel's 32-bit arithmetic; rotate: 0 works at any size, or resize the images first`,
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
      // invocations. Backends need not agree on noise, only on its distribution.
      return /* wgsl */ `
fn mix32(v: u32) -> u32 {
  var h = v;
  h ^= h >> 16u; h *= 0x7feb352du;
  h ^= h >> 15u; h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}
fn colour(b: u32, r: u32, c: u32, e: u32) -> f32 {
  let h = mix32(mix32(pu(SEEDS + b)) ^ (e - b * IMG));
  let u = f32(h >> 8u) * ${1 / 16777216};
  return ${integer ? `min(${fill.low}.0 + floor(u * ${span}.0), ${fill.high}.0)` : `${fill.low} + u * ${span}`};
}`;
    }
  }
}

/** Cutout, Random Erasing, Hide-and-Seek, Grid Mask: one pass, each element read and written once. */
export function fillShader(
  plan: FillPlan,
  grid: Grid,
): { code: string; params: Uint32Array<ArrayBuffer> } {
  const params = new ParamWriter().add('ACTIVE', plan.active, 'u32');
  const body = /* wgsl */ `
${regionTest(plan, params)}
${colourOf(plan, params)}
fn element(e: u32, q: vec4<u32>, orig: u32) -> u32 {
  if (pu(ACTIVE + q.x) == 0u) { return orig; }
  let r = region(q.x, i32(q.y), i32(q.z));
  if (r < 0) { return orig; }
  return encode(colour(q.x, u32(r), q.w, e));
}`;
  const code = elementShader(plan.info, grid, params, body, plan.fill.type === 'mean');
  return { code, params: params.words() };
}
