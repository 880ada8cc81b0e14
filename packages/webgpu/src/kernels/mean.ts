import { type BatchInfo, InputError } from '@aug/core';
import { channelsFirst } from '@aug/core/backend';
import type { Grid, Prepass } from './shader.js';

/** Invocations that share one (image, channel) sum. */
const MEAN_WORKGROUP = 256;

/**
 * The per-image channel means that mean fill paints, one workgroup per (image, channel),
 * into `dst[b * C + c]` as f32 bits. uint8 sums are exact integers and the mean is
 * rounded half to even in integer arithmetic, exactly as core's `channelMeans`; float32
 * sums run in f32, each invocation over a strided subset, then a tree: at most a few
 * ulps from the reference's float64 sum.
 */
export function meanPass(info: BatchInfo): Prepass {
  // The uint8 sums need HW < 2^31 (see uint8MeanShader).
  if (info.dtype === 'uint8' && info.height * info.width >= 2 ** 31) {
    throw new InputError(
      `webgpu: mean fill on uint8 ${info.height}x${info.width} images: at most 2^31 - 1 pixels per image`,
    );
  }
  const jobs = info.batch * info.channels;
  return {
    bytes: jobs * 4,
    invocations: jobs * MEAN_WORKGROUP,
    code: (grid) => meanShader(info, grid),
  };
}

function meanShader(info: BatchInfo, grid: Grid): string {
  return info.dtype === 'uint8' ? uint8MeanShader(info, grid) : float32MeanShader(info, grid);
}

function header(info: BatchInfo): string {
  const { height: H, width: W, channels: C } = info;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;

const C = ${C}u;
const HW = ${H * W}u;
const IMG = ${H * W * C}u;
const JOBS = ${info.batch * C}u;`;
}

function elementOf(info: BatchInfo): string {
  return channelsFirst(info) ? 'base + c * HW + p' : 'base + p * C + c';
}

const JOB = /* wgsl */ `
  let b = job / C;
  let c = job - b * C;
  let base = b * IMG;`;

function float32MeanShader(info: BatchInfo, grid: Grid): string {
  return /* wgsl */ `${header(info)}
var<workgroup> partial: array<f32, ${MEAN_WORKGROUP}>;

@compute @workgroup_size(${MEAN_WORKGROUP})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let job = group.x + group.y * ${grid.x}u;${JOB}
  var s = 0.0;
  if (job < JOBS) {
    for (var p = t; p < HW; p += ${MEAN_WORKGROUP}u) {
      s += bitcast<f32>(src[${elementOf(info)}]);
    }
  }
  partial[t] = s;
  workgroupBarrier();
  for (var half = ${MEAN_WORKGROUP / 2}u; half > 0u; half >>= 1u) {
    if (t < half) { partial[t] += partial[t + half]; }
    workgroupBarrier();
  }
  if (t == 0u && job < JOBS) { dst[job] = bitcast<u32>(partial[0] / f32(HW)); }
}
`;
}

/**
 * uint8: a channel's sum reaches 255 HW, past 32 bits from HW = 16.8M pixels, so sums
 * travel as (q, r) with sum = q HW + r and r < HW: each invocation's own sum (at most
 * 255 ceil(HW / 256), which fits) is split so, and pairs add with a carry, r1 + r2 < 2 HW
 * fitting while HW < 2^31 (the backend refuses larger images).
 */
function uint8MeanShader(info: BatchInfo, grid: Grid): string {
  return /* wgsl */ `${header(info)}
var<workgroup> quotient: array<u32, ${MEAN_WORKGROUP}>;
var<workgroup> remainder: array<u32, ${MEAN_WORKGROUP}>;

@compute @workgroup_size(${MEAN_WORKGROUP})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let job = group.x + group.y * ${grid.x}u;${JOB}
  var s = 0u;
  if (job < JOBS) {
    for (var p = t; p < HW; p += ${MEAN_WORKGROUP}u) {
      let i = ${elementOf(info)};
      s += (src[i >> 2u] >> ((i & 3u) * 8u)) & 255u;
    }
  }
  let q0 = s / HW;
  quotient[t] = q0;
  remainder[t] = s - q0 * HW;
  workgroupBarrier();
  for (var half = ${MEAN_WORKGROUP / 2}u; half > 0u; half >>= 1u) {
    if (t < half) {
      var r = remainder[t] + remainder[t + half];
      var q = quotient[t] + quotient[t + half];
      if (r >= HW) { r -= HW; q += 1u; }
      quotient[t] = q;
      remainder[t] = r;
    }
    workgroupBarrier();
  }
  if (t == 0u && job < JOBS) {
    // The mean q + r / HW, rounded half to even as core's channelMeans.
    var q = quotient[0];
    let r = remainder[0];
    if (2u * r > HW || (2u * r == HW && (q & 1u) == 1u)) { q += 1u; }
    dst[job] = bitcast<u32>(f32(q));
  }
}
`;
}
