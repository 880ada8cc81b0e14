import type { BatchInfo } from '@aug/core';
import { channelsFirst } from '@aug/core/backend';
import { PARAM_READERS, type ParamWriter } from './params.js';

/** Invocations per workgroup of every batch-wide kernel. */
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
function wordsOf(info: BatchInfo): number {
  const n = info.batch * info.height * info.width * info.channels;
  return info.dtype === 'uint8' ? Math.ceil(n / 4) : n;
}

/** Invocations of a batch kernel: one per 16 bytes (four words) of the batch. */
export function vectorsOf(info: BatchInfo): number {
  return Math.ceil(wordsOf(info) / 4);
}

/**
 * Whether the batch's buffers are bound as `array<vec4<u32>>` (one 16-byte load and store
 * per invocation, as the copy kernel), which needs a whole number of vectors; otherwise
 * as `array<u32>`, with the same kernel reading its four words one by one. Only vector
 * bindings offer `window` and whole-vector reads of `src`.
 */
export function vectorIO(info: BatchInfo): boolean {
  return wordsOf(info) % 4 === 0;
}

/**
 * The geometry of a batch as WGSL constants and the functions every image kernel uses:
 * `coords(e)` = (b, y, x, c) of element e, `next(q)` = those of element e + 1 given
 * q = coords(e), `at(b, y, x, c)` = element index, `raw(e)` = the element as stored
 * (float bits, or the byte), `value(e)` = the element as f32, and `encode(v)` = a value
 * as stored (uint8: rounded half to even, as WGSL's `round` does, and clamped).
 * Everything is specialised to the shape, so divisions by constants compile to
 * multiplications.
 */
export function geometry(info: BatchInfo): string {
  const { batch: B, height: H, width: W, channels: C } = info;
  const nchw = channelsFirst(info);
  const coords = nchw
    ? `let c = r / HW; let p = r - c * HW; let y = p / W; return vec4<u32>(b, y, p - y * W, c);`
    : `let p = r / C; let c = r - p * C; let y = p / W; return vec4<u32>(b, y, p - y * W, c);`;
  const at = nchw
    ? `return b * IMG + c * HW + y * W + x;`
    : `return b * IMG + (y * W + x) * C + c;`;
  // The coordinates of element e + 1 from those of e, carrying into the next axis: cheaper
  // than `coords`'s three divisions for each element of a vector.
  const [fastest, second, third] = nchw ? ['z', 'y', 'w'] : ['w', 'z', 'y'];
  const [fastestSize, secondSize, thirdSize] = nchw ? ['W', 'H', 'C'] : ['C', 'W', 'H'];
  // Two elements lie on one row of one image (and, NCHW, one channel plane): the unit a
  // vector is classified by.
  const sameRow = nchw ? 'all(p.xyw == q.xyw)' : 'all(p.xy == q.xy)';
  const uint8 = info.dtype === 'uint8';
  const raw = vectorIO(info)
    ? uint8
      ? 'return (src[e >> 4u][(e >> 2u) & 3u] >> ((e & 3u) * 8u)) & 255u;'
      : 'return src[e >> 2u][e & 3u];'
    : uint8
      ? 'return (src[e >> 2u] >> ((e & 3u) * 8u)) & 255u;'
      : 'return src[e];';
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

fn next(q: vec4<u32>) -> vec4<u32> {
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
}

fn sameRow(p: vec4<u32>, q: vec4<u32>) -> bool { return ${sameRow}; }

fn at(b: u32, y: u32, x: u32, c: u32) -> u32 { ${at} }

fn raw(e: u32) -> u32 { ${raw} }
${
  uint8
    ? `fn value(e: u32) -> f32 { return f32(raw(e)); }
fn encode(v: f32) -> u32 { return u32(clamp(round(v), 0.0, 255.0)); }`
    : `fn value(e: u32) -> f32 { return bitcast<f32>(raw(e)); }
fn encode(v: f32) -> u32 { return bitcast<u32>(v); }`
}
`;
}

/**
 * Reading and writing whole vectors: `load(v)` and `store(v, words)`, and (vector I/O
 * only) `window(s)`, the 16 bytes of elements s, s + 1, ... wherever they start.
 */
function vectorAccess(info: BatchInfo): string {
  if (!vectorIO(info)) {
    return /* wgsl */ `
fn word(i: u32) -> u32 { if (i < WORDS) { return src[i]; } return 0u; }
fn load(v: u32) -> vec4<u32> {
  let i = v * 4u;
  return vec4<u32>(word(i), word(i + 1u), word(i + 2u), word(i + 3u));
}
fn store(v: u32, words: vec4<u32>) {
  for (var k = 0u; k < 4u; k++) {
    if (v * 4u + k < WORDS) { dst[v * 4u + k] = words[k]; }
  }
}`;
  }
  // The window's first word is word s / 4 (uint8) or s (float32): the 4 (+ 1) words
  // from there, out of the two vectors they span, then (uint8) shifted by s's byte.
  const uint8 = info.dtype === 'uint8';
  return /* wgsl */ `
fn load(v: u32) -> vec4<u32> { return src[v]; }
fn store(v: u32, words: vec4<u32>) { dst[v] = words; }
fn window(s: u32) -> vec4<u32> {
  let first = ${uint8 ? 's >> 2u' : 's'};
  let a = src[first >> 2u];
  let b = src[min((first >> 2u) + 1u, VECTORS - 1u)];
  var lo: vec4<u32>;
  var hi: u32;
  switch (first & 3u) {
    case 0u: { lo = a; hi = b.x; }
    case 1u: { lo = vec4<u32>(a.yzw, b.x); hi = b.y; }
    case 2u: { lo = vec4<u32>(a.zw, b.xy); hi = b.z; }
    default: { lo = vec4<u32>(a.w, b.xyz); hi = b.w; }
  }
  ${
    uint8
      ? `let shift = (s & 3u) * 8u;
  if (shift == 0u) { return lo; }
  return (lo >> vec4<u32>(shift)) | (vec4<u32>(lo.yzw, hi) << vec4<u32>(32u - shift));`
      : 'return lo;'
  }
}`;
}

/** How a batch is bound as `src` (and `dst`): see vectorIO. */
export function batchBinding(info: BatchInfo): string {
  return vectorIO(info) ? 'array<vec4<u32>>' : 'array<u32>';
}

/**
 * A generated kernel: its WGSL and its packed parameters (binding 2), and optionally a
 * small pass before it, over the same input and parameters, whose output (a scratch
 * buffer of `bytes`) the kernel reads as `A` (binding 3).
 */
export interface Kernel {
  readonly code: string;
  readonly params: Uint32Array<ArrayBuffer>;
  readonly prepass?: Prepass;
}

export interface Prepass {
  readonly bytes: number;
  readonly invocations: number;
  /** The pass's WGSL, for the grid its invocations are launched as. */
  readonly code: (grid: Grid) => string;
}

/** What a kernel's WGSL `body` defines, beyond the required functions (see regionShader). */
export interface KernelOptions {
  /** The body reads `A` (binding 3, `array<u32>`): its prepass's output. */
  readonly aux?: boolean;
  /** The body defines `whole(e0, q0, r)` itself (from `window`, from constants...). */
  readonly whole?: boolean;
  /**
   * Regions are whole images (Mixup) and every vector lies in one image (IMG is a whole
   * number of vectors): a vector is classified by its image alone.
   */
  readonly imageOnly?: boolean;
  /**
   * The body defines `runMask(b, y, x0, x1) -> Run`: `pixels`, bit i set where region
   * `region` covers pixel x0 + i (or region MIXED: no single vector serves the run), and
   * `whole(e0, q0, r)` holds the right value of every element the region covers (a
   * constant colour, a pasted window). A run is then painted as
   * (input & ~mask) | (whole & mask): one code path for runs inside and across a region,
   * so the invocations of a warp do not diverge at its edge. Used for uint8 batches,
   * where the element-by-element path is long (sixteen elements); four float32 elements
   * diverge cheaply, and masked float32 pastes ran 20 to 30% slower on SwiftShader.
   */
  readonly runMask?: boolean;
}

/**
 * `paintMask(pixels, phase)`: a run's pixel bits as a mask of the vector's elements (all
 * ones where painted), given the channel of its first element (NHWC: element k is pixel
 * (phase + k) / C of the run; NCHW: pixel k).
 */
function paintMask(info: BatchInfo): string {
  const uint8 = info.dtype === 'uint8';
  const nchw = channelsFirst(info);
  return /* wgsl */ `
fn paintMask(pixels: u32, phase: u32) -> vec4<u32> {
  var mask = vec4<u32>(0u);
  for (var k = 0u; k < EPV; k++) {
    let on = ((pixels >> ${nchw ? 'k' : '((phase + k) / C)'}) & 1u) * ${uint8 ? '255u' : '0xffffffffu'};
    ${setElement(info, 'mask', 'on')}
  }
  return mask;
}`;
}

/**
 * WGSL setting element k of the vector `target` (zeroed first) to the stored `value`,
 * with selects rather than indexing a vector by a variable, which a compiler that does
 * not unroll the loop may keep in (slow) local memory.
 */
function setElement(info: BatchInfo, target: string, value: string): string {
  return info.dtype === 'uint8'
    ? `${target} |= select(vec4<u32>(0u), vec4<u32>(${value} << ((k & 3u) * 8u)), LANES == vec4<u32>(k >> 2u));`
    : `${target} = select(${target}, vec4<u32>(${value}), LANES == vec4<u32>(k));`;
}

/**
 * A kernel over a batch that writes every output element once, reading the input once
 * plus whatever its regions read elsewhere (a partner image, a source rect). One
 * invocation owns one 16-byte vector of the output: four float32 elements or sixteen
 * uint8 ones. `body` defines, for an active image b:
 *
 * - `classify(b, y, x0, x1) -> i32`: which region covers the pixels x0..x1 of row y:
 *   KEEP (none of them: the input vector is copied), MIXED (some: each element is
 *   tested), or r >= 0 (all of them, region r: no element is tested, and the input
 *   vector is not read);
 * - `region(b, y, x) -> i32`: the region of one pixel, or KEEP;
 * - `inside(e, q, r) -> u32`: the stored value of element e, at q = coords(e), in region r;
 * - optionally `whole(e0, q0, r) -> vec4<u32>`: a whole vector in region r at once.
 *
 * Only vectors across a region's edge (or across rows, or with a tail past the batch)
 * pay for per-element tests, and those test each pixel once, not once per channel.
 */
export function regionShader(
  info: BatchInfo,
  grid: Grid,
  params: ParamWriter,
  body: string,
  options: KernelOptions = {},
): string {
  const uint8 = info.dtype === 'uint8';
  const masked = options.runMask && uint8;
  const binding = batchBinding(info);
  // Element k of a vector of words, as stored (by selects: see setElement); and setting
  // it in `out`.
  const get = uint8 ? '(pick(words, k >> 2u) >> ((k & 3u) * 8u)) & 255u' : 'pick(words, k)';
  const put = setElement(info, 'out', 'item');
  const whole = options.whole
    ? ''
    : /* wgsl */ `
fn whole(e0: u32, q0: vec4<u32>, r: u32) -> vec4<u32> {
  var out = vec4<u32>(0u);
  var q = q0;
  for (var k = 0u; k < EPV; k++) {
    let item = inside(e0 + k, q, r);
    ${put}
    q = next(q);
  }
  return out;
}`;
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: ${binding};
@group(0) @binding(1) var<storage, read_write> dst: ${binding};
@group(0) @binding(2) var<storage, read> P: array<u32>;
${options.aux ? '@group(0) @binding(3) var<storage, read> A: array<u32>;' : ''}
${PARAM_READERS}
${params.declarations()}

const WORDS = ${wordsOf(info)}u;
const VECTORS = ${vectorsOf(info)}u;
/** Elements per vector. */
const EPV = ${uint8 ? 16 : 4}u;
const STRIDE = ${grid.stride}u;
const KEEP = -1;
const MIXED = -2;
const LANES = vec4<u32>(0u, 1u, 2u, 3u);
fn pick(words: vec4<u32>, i: u32) -> u32 {
  return select(select(words.x, words.y, i == 1u), select(words.z, words.w, i == 3u), i >= 2u);
}
// What runMask returns (see KernelOptions.runMask).
struct Run { pixels: u32, region: i32 }
/** Bit i set where pixel x0 + i of the run x0..x1 (at most 16 pixels) is in [left, right). */
fn runBits(x0: i32, x1: i32, left: i32, right: i32) -> u32 {
  let n = x1 - x0 + 1;
  let lo = u32(clamp(left - x0, 0, n));
  let hi = u32(clamp(right - x0, 0, n));
  return ((1u << hi) - 1u) & ~((1u << lo) - 1u);
}

${geometry(info)}
${vectorAccess(info)}
${body}
${whole}

/** Element by element: each pixel's region found once, then its channels written. */
fn mixed(e0: u32, q0: vec4<u32>, words: vec4<u32>) -> vec4<u32> {
  var out = vec4<u32>(0u);
  var q = q0;
  var pixel = vec3<u32>(0xffffffffu);
  var r = KEEP;
  for (var k = 0u; k < EPV; k++) {
    let e = e0 + k;
    if (k < N - e0) {
      if (any(q.xyz != pixel)) {
        pixel = q.xyz;
        r = KEEP;
        if (pu(ACTIVE + q.x) != 0u) { r = region(q.x, i32(q.y), i32(q.z)); }
      }
      var item = ${get};
      if (r >= 0) { item = inside(e, q, u32(r)); }
      ${put}
    }
    q = next(q);
  }
  return out;
}

${masked ? paintMask(info) : ''}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let v = gid.x + gid.y * STRIDE;
  if (v >= VECTORS) { return; }
  let e0 = v * EPV;
  let q0 = coords(e0);
  ${
    options.imageOnly
      ? `var kind = KEEP;
  if (pu(ACTIVE + q0.x) != 0u) { kind = classify(q0.x, 0, 0, 0); }`
      : `var kind = MIXED;
  // (Written so that nothing overflows for batches of nearly 2^32 elements.)
  if (N - e0 >= EPV) {
    let q1 = coords(e0 + EPV - 1u);
    if (sameRow(q0, q1)) {${
      masked
        ? `
      var run = Run(0u, KEEP);
      if (pu(ACTIVE + q0.x) != 0u) { run = runMask(q0.x, i32(q0.y), i32(q0.z), i32(q1.z)); }
      if (run.region != MIXED) {
        // Most runs touch no region: the cheapest path, and one most warps take together.
        if (run.pixels == 0u) { store(v, load(v)); return; }
        let painted = paintMask(run.pixels, q0.w);
        store(v, (load(v) & ~painted) | (whole(e0, q0, u32(run.region)) & painted));
        return;
      }`
        : `
      kind = KEEP;
      if (pu(ACTIVE + q0.x) != 0u) { kind = classify(q0.x, i32(q0.y), i32(q0.z), i32(q1.z)); }`
    }
    }
  }`
  }
  if (kind == KEEP) {
    store(v, load(v));
  } else if (kind >= 0) {
    store(v, whole(e0, q0, u32(kind)));
  } else {
    store(v, mixed(e0, q0, load(v)));
  }
}
`;
}
