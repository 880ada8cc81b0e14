import type { BlendPlan } from '../plan.js';
import { WEIGHT_SCALE } from '../plan.js';
import type { Pixels } from './spans.js';

// num / WEIGHT_SCALE rounded half to even, as a shift and a mask (WEIGHT_SCALE is a power
// of two): a third faster in this per-pixel loop than round.ts's divRoundHalfEven.
const SHIFT = Math.log2(WEIGHT_SCALE);
const HALF = WEIGHT_SCALE / 2;

/**
 * Mixup into a fresh `out`: image b = w * own + (1 - w) * partner over the image's
 * whole block (layout does not matter); images not mixed are copied as they are. uint8
 * uses the exact integer form with round half to even.
 */
export function applyBlend(plan: BlendPlan, src: Pixels, out: Pixels): void {
  const { info, partner, weight } = plan;
  const size = info.height * info.width * info.channels;
  const integer = info.dtype === 'uint8';
  for (let b = 0; b < info.batch; b++) {
    const w = weight[b]!;
    const own = b * size;
    if (!plan.active[b] || w === 1) {
      out.set(src.subarray(own, own + size), own);
      continue;
    }
    const other = partner[b]! * size;
    if (integer) {
      const W = Math.round(w * WEIGHT_SCALE);
      const V = WEIGHT_SCALE - W;
      for (let i = 0; i < size; i++) {
        const num = src[own + i]! * W + src[other + i]! * V;
        let q = num >> SHIFT;
        const r = num & (WEIGHT_SCALE - 1);
        if (r > HALF || (r === HALF && q & 1)) q++;
        out[own + i] = q;
      }
    } else {
      const v = 1 - w;
      for (let i = 0; i < size; i++) out[own + i] = w * src[own + i]! + v * src[other + i]!;
    }
  }
}
