import type { Uint8Batch } from '../batch.js';

/** How two batches of one shape differ, value by value (a value is one channel of a pixel). */
export interface Difference {
  readonly values: number;
  readonly differing: number;
  /** The largest |a - b|; 0 when identical. */
  readonly maxDelta: number;
}

export function compareBatches(a: Uint8Batch, b: Uint8Batch): Difference {
  if (a.shape.join() !== b.shape.join()) {
    throw new Error(
      `compareBatches: [${a.shape.join(', ')}] and [${b.shape.join(', ')}] differ in shape`,
    );
  }
  let differing = 0;
  let maxDelta = 0;
  for (let i = 0; i < a.data.length; i++) {
    const delta = Math.abs(a.data[i]! - b.data[i]!);
    if (delta > 0) {
      differing++;
      if (delta > maxDelta) maxDelta = delta;
    }
  }
  return { values: a.data.length, differing, maxDelta };
}

/** e.g. 'identical to reference', or '12 of 49152 values differ from reference, by at most 1'. */
export function describeDifference(difference: Difference, other: string): string {
  if (difference.differing === 0) return `identical to ${other}: same seed, same pixels`;
  const { differing, values, maxDelta } = difference;
  return `${differing} of ${values} values differ from ${other}, by at most ${maxDelta}`;
}
