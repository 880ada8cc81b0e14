import { ParameterError } from '@aug/core';
import { describe, expect, it } from 'vitest';
import { augmentBatch, configureStrategy } from './augment.js';
import type { GrayBatch } from './batch.js';

const batch: GrayBatch = {
  data: Uint8Array.from({ length: 3 * 8 * 8 }, (_, i) => (i * 37) % 256),
  shape: [3, 8, 8],
};

describe('configureStrategy', () => {
  it('gives numClasses (one class per image) to the strategies that have it', () => {
    expect(configureStrategy('mixup', {}, 3).params).toMatchObject({ numClasses: 3 });
    expect(configureStrategy('cutThumbnail', { source: 'other' }, 3).params).toMatchObject({
      numClasses: 3,
    });
    expect(configureStrategy('cutout', {}, 3).params).not.toHaveProperty('numClasses');
  });

  it('passes the user options on, and core refuses invalid ones with its message', () => {
    expect(configureStrategy('cutout', { patchArea: 0.2 }, 3).params).toMatchObject({
      patchArea: 0.2,
    });
    expect(() => configureStrategy('cutout', { patchArea: 2 }, 3)).toThrow(ParameterError);
  });
});

describe('augmentBatch', () => {
  it('depends only on the seed: same seed same pixels, another seed others', async () => {
    const strategy = configureStrategy('cutMix', {}, 3);
    const run = (seed: number) => augmentBatch(strategy, batch, { backend: 'reference', seed });
    const [a, b, c] = await Promise.all([run(5), run(5), run(6)]);
    expect(a.images.shape).toEqual([3, 8, 8]);
    expect(b.images.data).toEqual(a.images.data);
    expect(c.images.data).not.toEqual(a.images.data);
    expect(a.labels.shape).toEqual([3, 3]);
  });
});
