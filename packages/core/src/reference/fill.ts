import { stridesOf } from '../batch.js';
import { fillRegionBoxes, gridMasked } from '../geometry.js';
import type { FillPlan } from '../plan.js';
import { channelMeans } from './mean.js';
import { NoiseSource, noiseSpan, type Pixels, paintSpan } from './spans.js';

/** Paints a fill plan's regions into `out` (a copy of `src`). */
export function applyFill(plan: FillPlan, src: Pixels, out: Pixels): void {
  const { info, fill, region } = plan;
  const { height: H, width: W, channels: C } = info;
  const s = stridesOf(info);
  const mean = new Float64Array(C);
  for (let b = 0; b < info.batch; b++) {
    if (!plan.active[b]) continue;
    const noise = fill.type === 'noise' ? new NoiseSource(fill.seeds[b]!) : undefined;
    const imageColour = fill.type === 'mean' ? channelMeans(src, info, s, b, mean) : undefined;
    const span = (y: number, x0: number, x1: number, regionIndex: number) => {
      const start = b * s.image + y * s.row + x0 * s.pixel;
      if (noise && fill.type === 'noise') {
        noiseSpan(out, start, x1 - x0, s, C, noise, fill.low, fill.high, info.dtype === 'uint8');
      } else if (fill.type === 'perRegion') {
        const at = (b * fill.regions + regionIndex) * C;
        paintSpan(out, start, x1 - x0, s, fill.values, at, C);
      } else {
        paintSpan(
          out,
          start,
          x1 - x0,
          s,
          imageColour ?? (fill as { values: Float32Array }).values,
          0,
          C,
        );
      }
    };
    if (region.type === 'grid') {
      paintGrid(plan, b, H, W, span);
    } else {
      fillRegionBoxes(plan, b, (y0, x0, y1, x1, i) => {
        if (x1 <= x0) return;
        for (let y = y0; y < y1; y++) span(y, x0, x1, i);
      });
    }
  }
}

type Span = (y: number, x0: number, x1: number, regionIndex: number) => void;

/** Grid Mask rows as runs: the masked columns are the same for every masked row unless rotated. */
function paintGrid(plan: FillPlan, b: number, H: number, W: number, span: Span): void {
  const region = plan.region;
  if (region.type !== 'grid') return;
  if (region.cosSin) {
    for (let y = 0; y < H; y++) {
      let runStart = -1;
      for (let x = 0; x <= W; x++) {
        const m = x < W && gridMasked(region, b, y, x, H, W);
        if (m && runStart < 0) runStart = x;
        if (!m && runStart >= 0) {
          span(y, runStart, x, 0);
          runStart = -1;
        }
      }
    }
    return;
  }
  const d = region.period[b]!;
  const l = region.masked[b]!;
  const dy = region.offset[b * 2]!;
  const dx = region.offset[b * 2 + 1]!;
  if (l === 0) return;
  const runs: number[] = [];
  // Masked columns: x with (x + dx) mod d < l, i.e. runs starting at x = k * d - dx.
  for (let start = -dx; start < W; start += d) {
    const x0 = Math.max(0, start);
    const x1 = Math.min(W, start + l);
    if (x1 > x0) runs.push(x0, x1);
  }
  for (let y = 0; y < H; y++) {
    if ((y + dy) % d >= l) continue;
    for (let i = 0; i < runs.length; i += 2) span(y, runs[i]!, runs[i + 1]!, 0);
  }
}
