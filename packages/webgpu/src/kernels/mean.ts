import type { BatchInfo } from '@aug/core';
import type { Grid } from './shader.js';

/** Invocations that share one (image, channel) sum. */
export const MEAN_WORKGROUP = 256;

/**
 * The per-image channel means that mean fill paints, one workgroup per (image, channel),
 * into `dst[b * C + c]` as f32 bits. uint8 sums are exact integers and the mean is
 * rounded half to even in integer arithmetic, exactly as core's `channelMeans`; float32
 * sums run in f32, each invocation over a strided subset, then a tree: at most a few
 * ulps from the reference's float64 sum.
 */
export function meanShader(info: BatchInfo, grid: Grid): string {
  const { height: H, width: W, channels: C } = info;
  const nchw = info.layout === 'NCHW' && info.rank === 4;
  const uint8 = info.dtype === 'uint8';
  const type = uint8 ? 'u32' : 'f32';
  const element = nchw ? 'base + c * HW + p' : 'base + p * C + c';
  const read = uint8 ? `(src[i >> 2u] >> ((i & 3u) * 8u)) & 255u` : `bitcast<f32>(src[i])`;
  const finish = uint8
    ? `var q = s / HW;
    let r = s - q * HW;
    if (2u * r > HW || (2u * r == HW && (q & 1u) == 1u)) { q += 1u; }
    dst[job] = bitcast<u32>(f32(q));`
    : `dst[job] = bitcast<u32>(s / f32(HW));`;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;

const C = ${C}u;
const HW = ${H * W}u;
const IMG = ${H * W * C}u;
const JOBS = ${info.batch * C}u;
var<workgroup> partial: array<${type}, ${MEAN_WORKGROUP}>;

@compute @workgroup_size(${MEAN_WORKGROUP})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let job = group.x + group.y * ${grid.x}u;
  let b = job / C;
  let c = job - b * C;
  let base = b * IMG;
  var s: ${type} = ${type}(0);
  if (job < JOBS) {
    for (var p = t; p < HW; p += ${MEAN_WORKGROUP}u) {
      let i = ${element};
      s += ${read};
    }
  }
  partial[t] = s;
  workgroupBarrier();
  for (var half = ${MEAN_WORKGROUP / 2}u; half > 0u; half >>= 1u) {
    if (t < half) { partial[t] += partial[t + half]; }
    workgroupBarrier();
  }
  if (t == 0u && job < JOBS) {
    s = partial[0];
    ${finish}
  }
}
`;
}
