import { type Strides, stridesOf } from '../batch.js';
import type { CompositePlan, Taps } from '../plan.js';
import { toUint8 } from '../sampling/round.js';
import type { Pixels } from './spans.js';

/**
 * Fills a composite plan's rects of `out` (a copy of `src`) from `src`, the original
 * batch. Rects are painted last to first so that the first wins where they overlap.
 */
export function applyComposite(plan: CompositePlan, src: Pixels, out: Pixels): void {
  const { info, rects, dst, source, offset, sampler } = plan;
  const s = stridesOf(info);
  const C = info.channels;
  const integer = info.dtype === 'uint8';
  for (let b = 0; b < info.batch; b++) {
    if (!plan.active[b]) continue;
    for (let r = rects - 1; r >= 0; r--) {
      const k = b * rects + r;
      const [y0, x0, y1, x1] = [dst[k * 4]!, dst[k * 4 + 1]!, dst[k * 4 + 2]!, dst[k * 4 + 3]!];
      if (y1 <= y0 || x1 <= x0) continue;
      const from = source[k]! * s.image;
      const oy = offset[k * 2]!;
      const ox = offset[k * 2 + 1]!;
      if (sampler.type === 'resample') {
        resampleRect(src, out, {
          from,
          s,
          outAt: b * s.image + x0 * s.pixel,
          o: s,
          y0,
          y1,
          oy,
          sx0: x0 + ox,
          n: x1 - x0,
          rows: sampler.rows,
          cols: sampler.cols,
          C,
          integer,
          sourceRows: info.height,
        });
        continue;
      }
      for (let y = y0; y < y1; y++) {
        const at = b * s.image + y * s.row + x0 * s.pixel;
        copyRow(src, out, from + (y + oy) * s.row + (x0 + ox) * s.pixel, at, x1 - x0, s, C);
      }
    }
  }
}

function copyRow(
  src: Pixels,
  out: Pixels,
  from: number,
  at: number,
  n: number,
  s: Strides,
  C: number,
): void {
  if (s.pixel === 1) {
    for (let c = 0; c < C; c++) {
      const o = c * s.channel;
      out.set(src.subarray(from + o, from + o + n), at + o);
    }
  } else {
    out.set(src.subarray(from, from + n * C), at);
  }
}

/** Where a resampled rect reads and writes. */
export interface ResampleRect {
  /** Offset of the source image in `src`, and the source's strides. */
  readonly from: number;
  readonly s: Strides;
  /** Offset in `out` of (row 0, first column of the rect), and the output's strides. */
  readonly outAt: number;
  readonly o: Strides;
  /** Output rows [y0, y1); output row y reads resampled row y + oy. */
  readonly y0: number;
  readonly y1: number;
  readonly oy: number;
  /** The rect's first resampled column and its width. */
  readonly sx0: number;
  readonly n: number;
  readonly rows: Taps;
  readonly cols: Taps;
  readonly C: number;
  readonly integer: boolean;
  /** Rows of the source image (the range of `rows.index`). */
  readonly sourceRows: number;
}

/**
 * A separable resampling into a rect. Each source row's horizontal pass is computed once
 * and reused by every output row whose taps reach it, so a value costs about
 * rows.taps + cols.taps multiply-adds instead of their product; the sums run in the same
 * order as sum_i w_i * (sum_j w_j * v), so results do not depend on the rect.
 */
export function resampleRect(src: Pixels, out: Pixels, r: ResampleRect): void {
  const { from, s, outAt, o, y0, y1, oy, sx0, n, rows, cols, C, integer } = r;
  const rt = rows.taps;
  const ct = cols.taps;
  const width = n * C;
  const lines = new Float64Array(r.sourceRows * width);
  const ready = new Uint8Array(r.sourceRows);
  const acc = new Float64Array(width);
  for (let y = y0; y < y1; y++) {
    const sy = y + oy;
    acc.fill(0);
    for (let i = 0; i < rt; i++) {
      const wy = rows.weight[sy * rt + i]!;
      if (wy === 0) continue;
      const row = rows.index[sy * rt + i]!;
      const base = row * width;
      if (!ready[row]) {
        for (let k = 0; k < n; k++) {
          const x = sx0 + k;
          for (let c = 0; c < C; c++) {
            const rowAt = from + row * s.row + c * s.channel;
            let line = 0;
            for (let j = 0; j < ct; j++) {
              const wx = cols.weight[x * ct + j]!;
              // Weight-0 taps pad the table: 0 * Inf would turn an infinity into NaN.
              if (wx !== 0) line += wx * src[rowAt + cols.index[x * ct + j]! * s.pixel]!;
            }
            lines[base + k * C + c] = line;
          }
        }
        ready[row] = 1;
      }
      for (let q = 0; q < width; q++) acc[q]! += wy * lines[base + q]!;
    }
    const at = outAt + y * o.row;
    for (let k = 0; k < n; k++) {
      for (let c = 0; c < C; c++) {
        const v = acc[k * C + c]!;
        out[at + k * o.pixel + c * o.channel] = integer ? toUint8(v) : v;
      }
    }
  }
}
