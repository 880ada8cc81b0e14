import type { CompositePlan } from '@aug/core';
import { ParamWriter } from './params.js';
import { elementShader, type Grid } from './shader.js';

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
 * (the first rect wins where they overlap) reads its source, any other is copied.
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
  const body = /* wgsl */ `
${samplerOf(plan, params)}
const RECTS = ${plan.rects}u;
fn element(e: u32, q: vec4<u32>, orig: u32) -> u32 {
  if (pu(ACTIVE + q.x) == 0u) { return orig; }
  let y = i32(q.y);
  let x = i32(q.z);
  for (var r = 0u; r < RECTS; r++) {
    let k = q.x * RECTS + r;
    let d = DST + k * 4u;
    if (y >= pi(d) && x >= pi(d + 1u) && y < pi(d + 2u) && x < pi(d + 3u)) {
      let o = OFFSET + k * 2u;
      return sample(pu(SOURCE + k), u32(y + pi(o)), u32(x + pi(o + 1u)), q.w);
    }
  }
  return orig;
}`;
  return { code: elementShader(plan.info, grid, params, body), params: params.words() };
}
