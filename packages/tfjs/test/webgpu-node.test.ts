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

  // Class ids are read back to be range-checked; tfjs-webgpu cannot read its GPU's data
  // synchronously here (and in headless Chromium such a read gave zeros): refused.
  it('refuses class ids that live on its GPU, and takes ids made from host data', async () => {
    const images = tf.zeros([4, 8, 8, 3]);
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 1 });
    const onGpu = tf.argMax(tf.add(tf.oneHot(tf.tensor1d([3, 1, 2, 0], 'int32'), 4), 0), 1);
    expect(() => aug.runSync(cutMix({ numClasses: 4 }), { images, labels: onGpu })).toThrow(
      /class ids on tfjs-webgpu's GPU cannot be read synchronously .*make them from host data/,
    );
    const fromHost = tf.tensor1d([3, 1, 2, 0], 'int32');
    const out = aug.runSync(cutMix({ numClasses: 4 }), { images, labels: fromHost });
    expect(out.labels.shape).toEqual([4, 4]);
    expect(Array.from(await tf.sum(out.labels, 1).data())).toEqual([1, 1, 1, 1]);
    tf.dispose([images, onGpu, fromHost, out.images, out.labels]);
  });
});
