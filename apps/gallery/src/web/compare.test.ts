import { describe, expect, it } from 'vitest';
import type { GrayBatch } from '../batch.js';
import { compareBatches, describeDifference } from './compare.js';

const batch = (values: number[]): GrayBatch => ({
  data: Uint8Array.from(values),
  shape: [1, 1, values.length],
});

describe('compareBatches', () => {
  it('counts the values that differ and the largest difference', () => {
    const difference = compareBatches(batch([0, 10, 255, 7]), batch([1, 10, 250, 7]));
    expect(difference).toEqual({ values: 4, differing: 2, maxDelta: 5 });
    expect(describeDifference(difference, 'reference')).toBe(
      '2 of 4 values differ from reference, by at most 5',
    );
  });

  it('says identical when every value matches', () => {
    const difference = compareBatches(batch([3, 4]), batch([3, 4]));
    expect(difference.differing).toBe(0);
    expect(describeDifference(difference, 'reference')).toMatch(/^identical to reference/);
  });

  it('refuses batches of different shapes', () => {
    expect(() => compareBatches(batch([1]), batch([1, 2]))).toThrow(/differ in shape/);
  });
});
