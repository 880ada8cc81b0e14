import type { BatchInfo, Strides } from '../batch.js';
import { divRoundHalfEven } from '../sampling/round.js';
import type { Pixels } from './spans.js';

/**
 * Each channel's mean over image b, into `out`. For uint8 the exact integer sum is
 * divided with round half to even in integer arithmetic, so any backend that sums
 * exactly gets the same colour.
 */
export function channelMeans(
  src: Pixels,
  info: BatchInfo,
  s: Strides,
  b: number,
  out: Float64Array,
): Float64Array {
  const { height: H, width: W, channels: C } = info;
  const count = H * W;
  for (let c = 0; c < C; c++) {
    let sum = 0;
    const base = b * s.image + c * s.channel;
    for (let y = 0; y < H; y++) {
      const row = base + y * s.row;
      for (let x = 0; x < W; x++) sum += src[row + x * s.pixel]!;
    }
    if (info.dtype === 'uint8') {
      out[c] = divRoundHalfEven(sum, count);
    } else {
      out[c] = Math.fround(sum / count);
    }
  }
  return out;
}
