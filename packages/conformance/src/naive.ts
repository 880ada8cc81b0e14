import type { BatchInfo, CompositePlan, FillPlan, Plan } from '@aug/core';
import { cellStart, gridMasked, toUint8, WEIGHT_SCALE } from '@aug/core/backend';
import { indexer } from './layout.js';

type Pixels = Float32Array | Uint8Array | Uint8ClampedArray;

/**
 * The spec, pixel by pixel: a deliberately slow, obviously-correct reading of
 * STRATEGIES.md for one plan, sharing no code with the reference backend's kernels.
 * Noise pixels come out NaN and marked in `noise` (their values are checked by
 * distribution instead).
 */
export function naiveApply(plan: Plan, src: Pixels): { values: Float64Array; noise: Uint8Array } {
  const info = plan.info;
  const at = indexer(info);
  const out = Float64Array.from(src);
  const noise = new Uint8Array(src.length);
  for (let b = 0; b < info.batch; b++) {
    if (!plan.active[b]) continue;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        for (let c = 0; c < info.channels; c++) {
          const v = pixel(plan, { src, info, at }, b, y, x, c);
          if (v === undefined) continue;
          out[at(b, y, x, c)] = v;
          if (plan.kind === 'fill' && plan.fill.type === 'noise') noise[at(b, y, x, c)] = 1;
        }
      }
    }
  }
  return { values: out, noise };
}

type At = ReturnType<typeof indexer>;

/** The input batch with its info and an (b, y, x, c) indexer. */
interface Source {
  readonly src: Pixels;
  readonly info: BatchInfo;
  readonly at: At;
}

function pixel(
  plan: Plan,
  source: Source,
  b: number,
  y: number,
  x: number,
  c: number,
): number | undefined {
  const { src, info, at } = source;
  if (plan.kind === 'fill') {
    const region = fillRegionAt(plan, b, y, x);
    return region === undefined ? undefined : fillValue(plan, source, b, region, c);
  }
  if (plan.kind === 'composite') return compositeValue(plan, source, b, y, x, c);
  const w = plan.weight[b]!;
  if (w === 1) return undefined;
  const own = src[at(b, y, x, c)]!;
  const other = src[at(plan.partner[b]!, y, x, c)]!;
  if (info.dtype !== 'uint8') return Math.fround(w * own + (1 - w) * other);
  const W = Math.round(w * WEIGHT_SCALE);
  // Exact rational value, then round half to even.
  return toUint8((own * W + other * (WEIGHT_SCALE - W)) / WEIGHT_SCALE);
}

const inBox = (d: ArrayLike<number>, i: number, y: number, x: number) =>
  y >= d[i]! && y < d[i + 2]! && x >= d[i + 1]! && x < d[i + 3]!;

/** Index of the region that paints (y, x), the LAST box for overlapping boxes; undefined outside. */
function fillRegionAt(plan: FillPlan, b: number, y: number, x: number): number | undefined {
  const { height: H, width: W } = plan.info;
  const r = plan.region;
  if (r.type === 'boxes') {
    let hit: number | undefined;
    for (let i = 0; i < r.count; i++) if (inBox(r.boxes, (b * r.count + i) * 4, y, x)) hit = i;
    return hit;
  }
  if (r.type === 'cells') {
    const row = Math.floor((y * r.rows) / H);
    const col = Math.floor((x * r.cols) / W);
    // cellStart is the documented inverse; check the two agree while we are here.
    if (y < cellStart(row, r.rows, H) || y >= cellStart(row + 1, r.rows, H))
      throw new Error('cellStart disagrees with floor(y * rows / H)');
    return r.cells[b * r.rows * r.cols + row * r.cols + col] ? row * r.cols + col : undefined;
  }
  return gridMasked(r, b, y, x, H, W) ? 0 : undefined;
}

function fillValue(
  plan: FillPlan,
  { src, info, at }: Source,
  b: number,
  region: number,
  c: number,
): number {
  const C = info.channels;
  const f = plan.fill;
  switch (f.type) {
    case 'constant':
      return f.values[c]!;
    case 'perRegion':
      return f.values[(b * f.regions + region) * C + c]!;
    case 'noise':
      return Number.NaN;
    case 'mean': {
      let sum = 0;
      for (let y = 0; y < info.height; y++)
        for (let x = 0; x < info.width; x++) sum += src[at(b, y, x, c)]!;
      const n = info.height * info.width;
      return info.dtype === 'uint8' ? toUint8(sum / n) : Math.fround(sum / n);
    }
  }
}

function compositeValue(
  plan: CompositePlan,
  { src, info, at }: Source,
  b: number,
  y: number,
  x: number,
  c: number,
): number | undefined {
  for (let r = 0; r < plan.rects; r++) {
    const k = b * plan.rects + r;
    if (!inBox(plan.dst, k * 4, y, x)) continue; // the FIRST rect containing (y, x) wins
    const s = plan.source[k]!;
    const sy = y + plan.offset[k * 2]!;
    const sx = x + plan.offset[k * 2 + 1]!;
    if (plan.sampler.type === 'copy') return src[at(s, sy, sx, c)]!;
    const { rows, cols } = plan.sampler;
    let acc = 0;
    for (let i = 0; i < rows.taps; i++) {
      for (let j = 0; j < cols.taps; j++) {
        const w = rows.weight[sy * rows.taps + i]! * cols.weight[sx * cols.taps + j]!;
        // Only the filter's taps count: weight-0 padding must not make 0 * Inf = NaN.
        if (w === 0) continue;
        acc += w * src[at(s, rows.index[sy * rows.taps + i]!, cols.index[sx * cols.taps + j]!, c)]!;
      }
    }
    return info.dtype === 'uint8' ? toUint8(acc) : Math.fround(acc);
  }
  return undefined;
}
