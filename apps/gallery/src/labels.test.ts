import { describe, expect, it } from 'vitest';
import { describeLabelWeights, imageClassIds } from './labels.js';

describe('labels', () => {
  it('gives every image its own class id', () => {
    const ids = imageClassIds(3);
    expect(Array.from(ids.data)).toEqual([0, 1, 2]);
    expect(ids.shape).toEqual([3]);
  });

  it('describes each mixed label as own weight plus the other images', () => {
    const labels = {
      data: Float32Array.from([0.73, 0, 0.27, 0, 1, 0, 0.5, 0.001, 0.499]),
      shape: [3, 3],
    };
    expect(describeLabelWeights(labels, ['a', 'b', 'c'])).toEqual([
      'image 0 (a): 0.73 own + 0.27 image 2 (c)',
      'image 1 (b): 1.00 own',
      'image 2 (c): 0.50 own + 0.50 image 0 (a)',
    ]);
  });

  it('refuses labels that are not [B, B]', () => {
    expect(() =>
      describeLabelWeights({ data: new Float32Array(2), shape: [2] }, ['a', 'b']),
    ).toThrow(/expected labels \[2, 2\]/);
  });
});
