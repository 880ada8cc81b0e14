import { type BlendPlan, WEIGHT_SCALE } from '@aug/core';
import { ParamWriter } from './params.js';
import { elementShader, type Grid } from './shader.js';

/**
 * Mixup: one pass reading each element and its partner's. uint8 is core's exact integer
 * form, round_half_even((own * W + partner * (32768 - W)) / 32768), so it agrees bit for
 * bit with every backend; float32 is w * own + (1 - w) * partner.
 */
export function blendShader(
  plan: BlendPlan,
  grid: Grid,
): { code: string; params: Uint32Array<ArrayBuffer> } {
  const params = new ParamWriter()
    .add('ACTIVE', plan.active, 'u32')
    .add('PARTNER', plan.partner, 'i32')
    .add('WEIGHT', plan.weight, 'f32');
  const half = WEIGHT_SCALE / 2;
  const mix =
    plan.info.dtype === 'uint8'
      ? /* wgsl */ `
  let wi = u32(round(w * ${WEIGHT_SCALE}.0));
  let num = orig * wi + raw(other) * (${WEIGHT_SCALE}u - wi);
  var quotient = num >> 15u;
  let rem = num & ${WEIGHT_SCALE - 1}u;
  if (rem > ${half}u || (rem == ${half}u && (quotient & 1u) == 1u)) { quotient += 1u; }
  return quotient;`
      : /* wgsl */ `
  return bitcast<u32>(w * bitcast<f32>(orig) + (1.0 - w) * value(other));`;
  const body = /* wgsl */ `
fn element(e: u32, q: vec4<u32>, orig: u32) -> u32 {
  let b = q.x;
  let w = pf(WEIGHT + b);
  if (pu(ACTIVE + b) == 0u || w == 1.0) { return orig; }
  let other = pu(PARTNER + b) * IMG + (e - b * IMG);
  ${mix}
}`;
  return { code: elementShader(plan.info, grid, params, body), params: params.words() };
}
