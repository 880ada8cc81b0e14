import type { CompositePlan } from '@aug/core';
import { ParamWriter } from './params.js';
import { type Grid, hasWindow, regionShader } from './shader.js';

/**
 * How a destination element reads its source: `sample(s, y, x, c, orig)`, the stored
 * value for source image s at resampled-or-not position (y, x).
 */
function samplerOf(plan: CompositePlan, params: ParamWriter): string {
  const sampler = plan.sampler;
  if (sampler.type === 'copy') {
    return `fn sample(s: u32, y: u32, x: u32, c: u32) -> u32 { return raw(at(s, y, x, c)); }`;
  }
  const { rows, cols } = sampler;
  params
    .add('ROW_INDEX', rows.index, 'i32')
    .add('ROW_WEIGHT', rows.weight, 'f32')
    .add('COL_INDEX', cols.index, 'i32')
    .add('COL_WEIGHT', cols.weight, 'f32');
  // The reference's order, sum_i wy_i * (sum_j wx_j * v), skipping rows of weight 0, so
  // float32 results agree to rounding and uint8 to one level at most.
  return /* wgsl */ `
const RT = ${rows.taps}u;
const CT = ${cols.taps}u;
fn sample(s: u32, y: u32, x: u32, c: u32) -> u32 {
  var acc = 0.0;
  for (var i = 0u; i < RT; i++) {
    let wy = pf(ROW_WEIGHT + y * RT + i);
    if (wy == 0.0) { continue; }
    let row = pu(ROW_INDEX + y * RT + i);
    var line = 0.0;
    for (var j = 0u; j < CT; j++) {
      line += pf(COL_WEIGHT + x * CT + j) * value(at(s, row, pu(COL_INDEX + x * CT + j), c));
    }
    acc += wy * line;
  }
  return encode(acc);
}`;
}

/**
 * CutMix, CutBlur, Cut-Thumbnail, CutPaste, CutSwap: one pass; an element inside a rect
 * (the first rect wins where they overlap) reads its source, any other is copied. A
 * vector wholly inside a copied (not resampled) rect reads its 16 source bytes as one
 * unaligned window: they are consecutive, since the rect shifts a row by a constant.
 */
export function compositeShader(
  plan: CompositePlan,
  grid: Grid,
): { code: string; params: Uint32Array<ArrayBuffer> } {
  const params = new ParamWriter()
    .add('ACTIVE', plan.active, 'u32')
    .add('DST', plan.dst, 'i32')
    .add('SOURCE', plan.source, 'i32')
    .add('OFFSET', plan.offset, 'i32');
  const windowed = plan.sampler.type === 'copy' && hasWindow(plan.info);
  const body = /* wgsl */ `
${samplerOf(plan, params)}
const RECTS = ${plan.rects}u;
fn rect(b: u32, r: u32) -> vec4<i32> {
  let d = DST + (b * RECTS + r) * 4u;
  return vec4<i32>(pi(d), pi(d + 1u), pi(d + 2u), pi(d + 3u));
}
fn region(b: u32, y: i32, x: i32) -> i32 {
  for (var r = 0u; r < RECTS; r++) {
    let d = rect(b, r);
    if (y >= d.x && x >= d.y && y < d.z && x < d.w) { return i32(r); }
  }
  return KEEP;
}
fn classify(b: u32, y: i32, x0: i32, x1: i32) -> i32 {
  for (var r = 0u; r < RECTS; r++) {
    let d = rect(b, r);
    if (y >= d.x && y < d.z && x1 >= d.y && x0 < d.w) {
      return select(MIXED, i32(r), x0 >= d.y && x1 < d.w);
    }
  }
  return KEEP;
}
/** Where element q of rect r reads: (source image, y, x) shifted by the rect's offset. */
fn source(q: vec4<u32>, r: u32) -> vec3<u32> {
  let k = q.x * RECTS + r;
  let o = OFFSET + k * 2u;
  return vec3<u32>(pu(SOURCE + k), u32(i32(q.y) + pi(o)), u32(i32(q.z) + pi(o + 1u)));
}
fn inside(e: u32, q: vec4<u32>, r: u32) -> u32 {
  let s = source(q, r);
  return sample(s.x, s.y, s.z, q.w);
}
${
  windowed
    ? `fn whole(e0: u32, q0: vec4<u32>, r: u32) -> vec4<u32> {
  let s = source(q0, r);
  return window(at(s.x, s.y, s.z, q0.w));
}`
    : ''
}`;
  return {
    code: regionShader(plan.info, grid, params, body, { whole: windowed }),
    params: params.words(),
  };
}
