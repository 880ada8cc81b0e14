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
      for (let y = y0; y < y1; y++) {
        const at = b * s.image + y * s.row + x0 * s.pixel;
        if (sampler.type === 'copy') {
          copyRow(src, out, from + (y + oy) * s.row + (x0 + ox) * s.pixel, at, x1 - x0, s, C);
        } else {
          resampleRow(
            src,
            out,
            from,
            at,
            y + oy,
            x0 + ox,
            x1 - x0,
            sampler.rows,
            sampler.cols,
            s,
            C,
            integer,
          );
        }
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

/** One row of a separable resampling: output pixels (sy, sx .. sx + n) of the source image at `from`. */
export function resampleRow(
  src: Pixels,
  out: Pixels,
  from: number,
  at: number,
  sy: number,
  sx: number,
  n: number,
  rows: Taps,
  cols: Taps,
  s: Strides,
  C: number,
  integer: boolean,
  /** Strides of `out` when it differs in size from `src`. */
  o: Strides = s,
): void {
  const rt = rows.taps;
  const ct = cols.taps;
  for (let k = 0; k < n; k++) {
    const x = sx + k;
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let i = 0; i < rt; i++) {
        const wy = rows.weight[sy * rt + i]!;
        if (wy === 0) continue;
        const rowAt = from + rows.index[sy * rt + i]! * s.row + c * s.channel;
        let line = 0;
        for (let j = 0; j < ct; j++) {
          line += cols.weight[x * ct + j]! * src[rowAt + cols.index[x * ct + j]! * s.pixel]!;
        }
        acc += wy * line;
      }
      out[at + k * o.pixel + c * o.channel] = integer ? toUint8(acc) : acc;
    }
  }
}
