import { type Strides, stridesOf } from '../batch.js';
import type { CompositePlan } from '../plan.js';
import { resampleRect } from './resample.js';
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
