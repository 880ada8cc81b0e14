import type { LabelMix } from '@aug/core';
import { ParamWriter } from './params.js';
import { type Grid, WORKGROUP } from './shader.js';

/**
 * Mixed labels, one invocation per output element of `[B, K]` float32: one-hot first if
 * the labels are class ids, mixed with the partner's row, then smoothed, in core's order.
 * An id outside [0, K), or a float32 id that is not a whole number (possible only for ids
 * that never were on the host), gives a row of NaN.
 */
export function labelsShader(
  mix: LabelMix,
  classes: number,
  ids: boolean,
  dtype: 'float32' | 'int32',
  grid: Grid,
): { code: string; params: Uint32Array<ArrayBuffer> } {
  const B = mix.partner.length;
  const params = new ParamWriter()
    .add('PARTNER', mix.partner, 'i32')
    .add('WEIGHT', mix.weight, 'f32')
    .add('SMOOTHING', mix.smoothing, 'f32')
    // WGSL refuses a NaN constant; a NaN read at run time is fine.
    .add('NOT_A_NUMBER', [Number.NaN], 'f32');
  const read = (i: string) =>
    dtype === 'int32' ? `f32(bitcast<i32>(src[${i}]))` : `bitcast<f32>(src[${i}])`;
  // A float32 id must be a whole number in [0, K) (NaN fails both tests): 1.7 is not
  // class 1, as upload refuses it on the host.
  const own = ids
    ? `let f = ${read('b')};
  if (f != trunc(f) || f < 0.0 || f >= f32(K)) { return bitcast<f32>(P[NOT_A_NUMBER]); }
  return select(0.0, 1.0, u32(f) == k);`
    : `return ${read('b * K + k')};`;
  const code = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${params.declarations()}
const K = ${classes}u;
const COUNT = ${B * classes}u;
const STRIDE = ${grid.stride}u;

fn own(b: u32, k: u32) -> f32 {
  ${own}
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * STRIDE;
  if (e >= COUNT) { return; }
  let b = e / K;
  let k = e - b * K;
  let w = bitcast<f32>(P[WEIGHT + b]);
  var mixed = own(b, k);
  if (w != 1.0) { mixed = w * mixed + (1.0 - w) * own(u32(bitcast<i32>(P[PARTNER + b])), k); }
  let eps = bitcast<f32>(P[SMOOTHING + b]);
  dst[e] = bitcast<u32>(mixed * (1.0 - eps) + eps / f32(K));
}
`;
  return { code, params: params.words() };
}
