import type { CompositePlan } from '@aug/core';
import { ParamWriter } from './params.js';
import { PIXEL_READER, separable, shrinkPass, smallImages } from './resample.js';
import { type Grid, type Kernel, type Prepass, regionShader, vectorIO } from './shader.js';

/**
 * How a destination element reads its source: `sample(s, y, x, c)`, the stored value for
 * source image s at resampled-or-not position (y, x). A two-stage resampling reads the
 * small images of its prepass with the up-sampling taps.
 */
function samplerOf(plan: CompositePlan, params: ParamWriter): { code: string; prepass?: Prepass } {
  const sampler = plan.sampler;
  if (sampler.type === 'copy') {
    return {
      code: 'fn sample(s: u32, y: u32, x: u32, c: u32) -> u32 { return raw(at(s, y, x, c)); }',
    };
  }
  const encoded =
    'fn sample(s: u32, y: u32, x: u32, c: u32) -> u32 { return encode(resampled(s, y, x, c)); }';
  if (!sampler.via) {
    return {
      code: `${PIXEL_READER}\n${separable('resampled', '', sampler, 'pixel', params)}\n${encoded}`,
    };
  }
  const prepass = shrinkPass(plan.info, sampler.via, params);
  const up = separable('resampled', 'UP_', sampler.via.up, 'small', params);
  return { code: `${smallImages(sampler.via, plan.info.channels)}\n${up}\n${encoded}`, prepass };
}

/**
 * CutMix, CutBlur, Cut-Thumbnail, CutPaste, CutSwap: one pass; an element inside a rect
 * (the first rect wins where they overlap) reads its source, any other is copied. A
 * vector wholly inside a copied (not resampled) rect reads its 16 source bytes as one
 * unaligned window: they are consecutive, since the rect shifts a row by a constant.
 */
export function compositeShader(plan: CompositePlan, grid: Grid): Kernel {
  const params = new ParamWriter()
    .add('ACTIVE', plan.active, 'u32')
    .add('DST', plan.dst, 'i32')
    .add('SOURCE', plan.source, 'i32')
    .add('OFFSET', plan.offset, 'i32');
  const windowed = plan.sampler.type === 'copy' && vectorIO(plan.info);
  const sampler = samplerOf(plan, params);
  const body = /* wgsl */ `
${sampler.code}
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
}
// The run's pixels in the one rect that touches it, read as one window from the source
// position of the run's first pixel. Element by element where two rects touch it (only
// the first counts where they overlap) or where that position is left of the source
// image (its index could precede the batch).
fn runMask(b: u32, y: i32, x0: i32, x1: i32) -> Run {
  var run = Run(0u, KEEP);
  for (var r = 0u; r < RECTS; r++) {
    let d = rect(b, r);
    if (y >= d.x && y < d.z && x1 >= d.y && x0 < d.w) {
      if (run.region != KEEP || x0 + pi(OFFSET + (b * RECTS + r) * 2u + 1u) < 0) {
        return Run(0u, MIXED);
      }
      run = Run(runBits(x0, x1, d.y, d.w), i32(r));
    }
  }
  return run;
}`
    : ''
}`;
  const code = regionShader(plan.info, grid, params, body, {
    whole: windowed,
    runMask: windowed,
    aux: sampler.prepass !== undefined,
  });
  return { code, params: params.words(), ...(sampler.prepass && { prepass: sampler.prepass }) };
}
