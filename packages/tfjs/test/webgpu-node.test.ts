import { installNodeWebGpu } from '@aug/conformance/webgpu-node';
import { createAugmenter, cutMix } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

// tfjs-webgpu on Dawn in Node: what its GPU's data allows. (Exact uint8 means past 2^24 on
// its float32 integers: the conformance suite's 3000 x 3000 case, and webgpu-page.test.ts.)
describe('tfjs-webgpu (Dawn in Node): data on its GPU', () => {
  beforeAll(async () => {
    if (!(await installNodeWebGpu())) throw new Error('no WebGPU adapter on this machine');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend failed');
    await tf.ready();
  });
  afterAll(() => useTfBackend('cpu'));

  // Class ids are read back to be range-checked where they can be; tfjs-webgpu cannot read
  // its GPU's data synchronously (in headless Chromium such a read gave zeros), so ids
  // living there, as a batch gathered from a dataset's ids, are one-hot encoded there.
  it('mixes class ids that live on its GPU as the reference does, unread', async () => {
    const images = tf.zeros([4, 8, 8, 3]);
    const strategy = cutMix({ numClasses: 4, labelSmoothing: 0.1 });
    const dataset = tf.tensor1d(
      Int32Array.from({ length: 5000 }, (_, i) => i % 4),
      'int32',
    );
    const gathered = (rows: number[]) => tf.gather(dataset, tf.tensor1d(rows, 'int32'));
    const ids = gathered([3, 1, 2, 4000]); // [3, 1, 2, 0]
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 1 });
    const out = aug.runSync(strategy, { images, labels: ids }, { step: 0 });
    const reference = createAugmenter({ backend: 'reference', seed: 1 }).runSync(
      strategy,
      {
        images: { data: new Float32Array(4 * 8 * 8 * 3), shape: [4, 8, 8, 3] },
        labels: { data: Int32Array.of(3, 1, 2, 0), shape: [4] },
      },
      { step: 0 },
    );
    const got = await out.labels.data();
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(reference.labels.data[i]!, 6);
    tf.dispose([images, dataset, ids, out.images, out.labels]);
  });

  it('gives a row of NaN for an id outside [0, K) on its GPU, as @aug/webgpu', async () => {
    // Gathered from a dataset too large for tfjs-webgpu to run the gather on the CPU.
    const dataset = tf.tensor1d(
      Int32Array.from({ length: 5000 }, (_, i) => (i === 4000 ? 7 : i % 4)),
      'int32',
    );
    const ids = tf.gather(dataset, tf.tensor1d([3, 1, 4000, 4], 'int32')); // [3, 1, 7, 0]
    // Image 2's id is 7. Image 0 keeps its own row (weight 1) whatever its partner holds;
    // image 1, half its partner 2, is NaN too.
    const mix = {
      partner: Int32Array.of(2, 2, 2, 1),
      weight: Float32Array.of(1, 0.5, 1, 0.25),
      smoothing: new Float32Array(4),
      numClasses: 4,
    };
    const labels = await tfjsBackend().mixLabels(mix, ids, 'cutMix');
    const rows = (await labels.array()) as number[][];
    expect(rows[0]).toEqual([0, 0, 0, 1]);
    expect(rows[1]!.every(Number.isNaN)).toBe(true);
    expect(rows[2]!.every(Number.isNaN)).toBe(true);
    expect(rows[3]).toEqual([0.25, 0.75, 0, 0]);
    tf.dispose([dataset, ids, labels]);
  });
});
