import type { BatchInfo } from '@aug/core';
import { PARAM_READERS, type ParamWriter } from './params.js';

/** Invocations per workgroup of every element-wise kernel. */
export const WORKGROUP = 256;

/** A 1-D range of invocations laid out as a 2-D grid when it exceeds the per-dimension limit. */
export interface Grid {
  readonly x: number;
  readonly y: number;
  /** Invocations per row of the grid: invocation id = gid.x + gid.y * stride. */
  readonly stride: number;
}

export function gridFor(invocations: number, maxPerDimension: number): Grid {
  const groups = Math.max(1, Math.ceil(invocations / WORKGROUP));
  // As few rows as the limit allows, then rows as even as can be: x = min(groups, max)
  // would launch up to a whole row of idle workgroups (23% more at [256, 224, 224, 3]).
  const y = Math.ceil(groups / maxPerDimension);
  const x = Math.ceil(groups / y);
  return { x, y, stride: x * WORKGROUP };
}

/** Words of a batch's buffer: one per float32 element, one per four uint8 elements. */
export function wordsOf(info: BatchInfo): number {
  const n = info.batch * info.height * info.width * info.channels;
  return info.dtype === 'uint8' ? Math.ceil(n / 4) : n;
}

/**
 * The geometry of a batch as WGSL constants and the functions every image kernel uses:
 * `coords(e)` = (b, y, x, c) of element e, `next(q)` (uint8 only) = those of element
 * e + 1 given q = coords(e), `at(b, y, x, c)` = element index, `raw(e)` =
 * the element as stored (float bits, or the byte), `value(e)` = the element as f32, and
 * `encode(v)` = a value as stored (uint8: rounded half to even, as WGSL's `round` does,
 * and clamped). Everything is specialised to the shape, so divisions by constants
 * compile to multiplications.
 */
function geometry(info: BatchInfo): string {
  const { batch: B, height: H, width: W, channels: C } = info;
  const nchw = info.layout === 'NCHW' && info.rank === 4;
  const coords = nchw
    ? `let c = r / HW; let p = r - c * HW; let y = p / W; return vec4<u32>(b, y, p - y * W, c);`
    : `let p = r / C; let c = r - p * C; let y = p / W; return vec4<u32>(b, y, p - y * W, c);`;
  const at = nchw
    ? `return b * IMG + c * HW + y * W + x;`
    : `return b * IMG + (y * W + x) * C + c;`;
  const uint8 = info.dtype === 'uint8';
  // The coordinates of element e + 1 from those of e, carrying into the next axis: cheaper
  // than `coords`'s three divisions for the four elements of a uint8 word.
  const [fastest, second, third] = nchw ? ['z', 'y', 'w'] : ['w', 'z', 'y'];
  const [fastestSize, secondSize, thirdSize] = nchw ? ['W', 'H', 'C'] : ['C', 'W', 'H'];
  const next = `fn next(q: vec4<u32>) -> vec4<u32> {
  var r = q;
  r.${fastest} += 1u;
  if (r.${fastest} == ${fastestSize}) {
    r.${fastest} = 0u; r.${second} += 1u;
    if (r.${second} == ${secondSize}) {
      r.${second} = 0u; r.${third} += 1u;
      if (r.${third} == ${thirdSize}) { r.${third} = 0u; r.x += 1u; }
    }
  }
  return r;
}`;
  return /* wgsl */ `
const B = ${B}u;
const H = ${H}u;
const W = ${W}u;
const C = ${C}u;
const HW = ${H * W}u;
const IMG = ${H * W * C}u;
const N = ${B * H * W * C}u;

fn coords(e: u32) -> vec4<u32> {
  let b = e / IMG;
  let r = e - b * IMG;
  ${coords}
}

${uint8 ? next : ''}

fn at(b: u32, y: u32, x: u32, c: u32) -> u32 { ${at} }

${
  uint8
    ? `fn raw(e: u32) -> u32 { return (src[e >> 2u] >> ((e & 3u) * 8u)) & 255u; }
fn value(e: u32) -> f32 { return f32(raw(e)); }
fn encode(v: f32) -> u32 { return u32(clamp(round(v), 0.0, 255.0)); }`
    : `fn raw(e: u32) -> u32 { return src[e]; }
fn value(e: u32) -> f32 { return bitcast<f32>(src[e]); }
fn encode(v: f32) -> u32 { return bitcast<u32>(v); }`
}
`;
}

/**
 * An element-wise kernel over a batch of images: `body` defines
 * `fn element(e: u32, q: vec4<u32>, orig: u32) -> u32`, the stored value of output
 * element e, at q = coords(e), given its stored input value `orig`. One invocation writes
 * one 32-bit word (one float32, or four uint8 elements), so every kernel reads and writes the batch exactly once, plus
 * whatever `element` reads elsewhere (a partner image, a source rect).
 */
export function elementShader(
  info: BatchInfo,
  grid: Grid,
  params: ParamWriter,
  body: string,
  aux = false,
): string {
  const words = wordsOf(info);
  const store =
    info.dtype === 'uint8'
      ? `let orig = src[word];
  var out = 0u;
  var q = coords(word * 4u);
  for (var k = 0u; k < 4u; k++) {
    let e = word * 4u + k;
    if (e < N) { out |= element(e, q, (orig >> (k * 8u)) & 255u) << (k * 8u); }
    q = next(q);
  }
  dst[word] = out;`
      : `dst[word] = element(word, coords(word), src[word]);`;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<u32>;
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${aux ? '@group(0) @binding(3) var<storage, read> A: array<u32>;' : ''}
${PARAM_READERS}
${params.declarations()}
${geometry(info)}
${body}

const WORDS = ${words}u;
const STRIDE = ${grid.stride}u;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let word = gid.x + gid.y * STRIDE;
  if (word >= WORDS) { return; }
  ${store}
}
`;
}
