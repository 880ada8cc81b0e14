import type { BatchInfo } from '@aug/core';

/** Element index of (b, y, x, c) in a batch of this info's layout. */
export function indexer(info: BatchInfo): (b: number, y: number, x: number, c: number) => number {
  const { height: H, width: W, channels: C } = info;
  return info.layout === 'NCHW' && info.rank === 4
    ? (b, y, x, c) => ((b * C + c) * H + y) * W + x
    : (b, y, x, c) => ((b * H + y) * W + x) * C + c;
}

/** The NCHW twin of an NHWC array (or the reverse with `toNHWC`). */
export function transpose<T extends Float32Array | Uint8Array | Uint8ClampedArray>(
  data: T,
  info: BatchInfo,
  toNHWC: boolean,
): T {
  const out = data.slice() as T;
  const nhwc = indexer({ ...info, layout: 'NHWC' });
  const nchw = indexer({ ...info, layout: 'NCHW' });
  for (let b = 0; b < info.batch; b++)
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++)
        for (let c = 0; c < info.channels; c++) {
          if (toNHWC) out[nhwc(b, y, x, c)] = data[nchw(b, y, x, c)]!;
          else out[nchw(b, y, x, c)] = data[nhwc(b, y, x, c)]!;
        }
  return out;
}
