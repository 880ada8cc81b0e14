import type { BatchInfo, ResampleStages, Taps } from '@aug/core';
import { PARAM_READERS, type ParamWriter } from './params.js';
import { batchBinding, type Grid, geometry, type Prepass, WORKGROUP } from './shader.js';

/**
 * A separable resampling as WGSL: `fn name(s, y, x, c) -> f32` =
 * sum_i wy_i * (sum_j wx_j * read(s, row_i, col_j, c)) over the taps of output (y, x),
 * in the reference's order and skipping taps of weight 0 (padding, where 0 * Inf would be
 * NaN), so float32 results agree to rounding and uint8 to one level at most. The taps go into `params` as PREFIX_ROW_INDEX
 * and so on; `read` is a WGSL function of (s, y, x, c) returning f32.
 */
export function separable(
  name: string,
  prefix: string,
  taps: { readonly rows: Taps; readonly cols: Taps },
  read: string,
  params: ParamWriter,
): string {
  const { rows, cols } = taps;
  params
    .add(`${prefix}ROW_INDEX`, rows.index, 'i32')
    .add(`${prefix}ROW_WEIGHT`, rows.weight, 'f32')
    .add(`${prefix}COL_INDEX`, cols.index, 'i32')
    .add(`${prefix}COL_WEIGHT`, cols.weight, 'f32');
  const [RT, CT] = [`${rows.taps}u`, `${cols.taps}u`];
  return /* wgsl */ `
fn ${name}(s: u32, y: u32, x: u32, c: u32) -> f32 {
  var acc = 0.0;
  for (var i = 0u; i < ${RT}; i++) {
    let wy = pf(${prefix}ROW_WEIGHT + y * ${RT} + i);
    if (wy == 0.0) { continue; }
    let row = pu(${prefix}ROW_INDEX + y * ${RT} + i);
    var line = 0.0;
    for (var j = 0u; j < ${CT}; j++) {
      let wx = pf(${prefix}COL_WEIGHT + x * ${CT} + j);
      if (wx == 0.0) { continue; }
      line += wx * ${read}(s, row, pu(${prefix}COL_INDEX + x * ${CT} + j), c);
    }
    acc += wy * line;
  }
  return acc;
}`;
}

/** `pixel(s, y, x, c)`: the batch's element as f32, the read of a one-stage resampling. */
export const PIXEL_READER =
  'fn pixel(s: u32, y: u32, x: u32, c: u32) -> f32 { return value(at(s, y, x, c)); }';

/** Reading the small images of a two-stage resampling, bound as `A`: `small(s, y, x, c)`. */
export function smallImages(stages: ResampleStages, channels: number): string {
  return /* wgsl */ `
const SMALL_H = ${stages.height}u;
const SMALL_W = ${stages.width}u;
fn small(s: u32, y: u32, x: u32, c: u32) -> f32 {
  return bitcast<f32>(A[((s * SMALL_H + y) * SMALL_W + x) * ${channels}u + c]);
}`;
}

/**
 * The pass before a two-stage resampling (CutBlur): every image of the batch resampled
 * once to the small size with the down-sampling taps, as f32 in [B, h, w, C] order.
 * One invocation per small element: a tiny pass next to the batch-wide one. Its taps are
 * added to `params` now, before the kernel's parameters are packed.
 */
export function shrinkPass(info: BatchInfo, stages: ResampleStages, params: ParamWriter): Prepass {
  const sum = separable('shrunk', 'DOWN_', stages.down, 'pixel', params);
  const { height: h, width: w } = stages;
  const elements = info.batch * h * w * info.channels;
  const code = (grid: Grid) => /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: ${batchBinding(info)};
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${PARAM_READERS}
${params.declarations()}
${geometry(info)}
${PIXEL_READER}
${sum}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * ${grid.stride}u;
  if (i >= ${elements}u) { return; }
  let p = i / C;
  let q = p / ${w}u;
  dst[i] = bitcast<u32>(shrunk(q / ${h}u, q % ${h}u, p % ${w}u, i % C));
}
`;
  return { bytes: elements * 4, invocations: elements, code };
}
