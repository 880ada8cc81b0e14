import type { BlendPlan } from '@aug/core';
import { WEIGHT_SCALE } from '@aug/core/backend';
import { ParamWriter } from './params.js';
import { type Grid, type Kernel, regionShader, vectorIO } from './shader.js';

/**
 * Mixup: one pass reading each element and its partner's. uint8 is core's exact integer
 * form, round_half_even((own * W + partner * (32768 - W)) / 32768), so it agrees bit for
 * bit with every backend; float32 is w * own + (1 - w) * partner. The whole image is the
 * one region; where images are whole vectors, a vector and its partner's are mixed as
 * two 16-byte loads.
 */
export function blendShader(plan: BlendPlan, grid: Grid): Kernel {
  const params = new ParamWriter()
    .add('ACTIVE', plan.active, 'u32')
    .add('PARTNER', plan.partner, 'i32')
    .add('WEIGHT', plan.weight, 'f32');
  const info = plan.info;
  const uint8 = info.dtype === 'uint8';
  const half = WEIGHT_SCALE / 2;
  const shift = Math.log2(WEIGHT_SCALE);
  // The integer mix of uint8 elements `own` and `other` (u32 or vec4<u32>, with wi as
  // the same type), rounded half to even: num = own wi + other (32768 - wi), written as
  // other 32768 + (own - other) wi in wrapping u32 arithmetic (the result is in range);
  // adding 2^14 - 1 plus the quotient's low bit then shifting rounds ties to even.
  const integerMix = (type: string) => /* wgsl */ `
  let num = (other << ${type}(${shift}u)) + (own - other) * wi;
  return (num + ${type}(${half - 1}u) + ((num >> ${type}(${shift}u)) & ${type}(1u))) >> ${type}(${shift}u);`;
  const aligned =
    vectorIO(info) && (info.height * info.width * info.channels) % (uint8 ? 16 : 4) === 0;
  const whole = uint8
    ? /* wgsl */ `
fn mixBytes(own: vec4<u32>, other: vec4<u32>, wi: vec4<u32>) -> vec4<u32> {${integerMix('vec4<u32>')}
}
fn whole(e0: u32, q0: vec4<u32>, r: u32) -> vec4<u32> {
  let b = q0.x;
  let own = src[e0 >> 4u];
  let other = src[(partnerOf(b) + e0 - b * IMG) >> 4u];
  let wi = vec4<u32>(integerWeight(b));
  var out = vec4<u32>(0u);
  for (var k = 0u; k < 32u; k += 8u) {
    let low = vec4<u32>(255u);
    out |= mixBytes((own >> vec4<u32>(k)) & low, (other >> vec4<u32>(k)) & low, wi) << vec4<u32>(k);
  }
  return out;
}`
    : /* wgsl */ `
fn whole(e0: u32, q0: vec4<u32>, r: u32) -> vec4<u32> {
  let b = q0.x;
  let w = pf(WEIGHT + b);
  let own = bitcast<vec4<f32>>(src[e0 >> 2u]);
  let other = bitcast<vec4<f32>>(src[(partnerOf(b) + e0 - b * IMG) >> 2u]);
  return bitcast<vec4<u32>>(w * own + (1.0 - w) * other);
}`;
  const body = /* wgsl */ `
fn partnerOf(b: u32) -> u32 { return pu(PARTNER + b) * IMG; }
fn region(b: u32, y: i32, x: i32) -> i32 { return select(0, KEEP, pf(WEIGHT + b) == 1.0); }
fn classify(b: u32, y: i32, x0: i32, x1: i32) -> i32 { return region(b, y, x0); }
${
  uint8
    ? `fn integerWeight(b: u32) -> u32 { return u32(round(pf(WEIGHT + b) * ${WEIGHT_SCALE}.0)); }
fn mixByte(own: u32, other: u32, wi: u32) -> u32 {${integerMix('u32')}
}
fn inside(e: u32, q: vec4<u32>, r: u32) -> u32 {
  return mixByte(raw(e), raw(partnerOf(q.x) + e - q.x * IMG), integerWeight(q.x));
}`
    : `fn inside(e: u32, q: vec4<u32>, r: u32) -> u32 {
  let w = pf(WEIGHT + q.x);
  return bitcast<u32>(w * value(e) + (1.0 - w) * value(partnerOf(q.x) + e - q.x * IMG));
}`
}
${aligned ? whole : ''}`;
  return {
    code: regionShader(info, grid, params, body, { whole: aligned, imageOnly: aligned }),
    params: params.words(),
  };
}
