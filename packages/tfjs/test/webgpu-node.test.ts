import { installNodeWebGpu } from '@aug/conformance/webgpu-node';
import { batchInfo, createAugmenter, cutMix, cutout, type FillPlan, InputError } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

// tfjs-webgpu's GPU integers are float32, so uint8 means are computed on the device by
// long division under 2^24 (fill.ts). Sums one away from a tie on either side: a sum off
// by one would round to the other neighbour. (webgpu-page.test.ts: the same in Chromium.)
describe('tfjs-webgpu (Dawn in Node): integers on its GPU', () => {
  beforeAll(async () => {
    if (!(await installNodeWebGpu())) throw new Error('no WebGPU adapter on this machine');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend failed');
    await tf.ready();
  });
  afterAll(() => useTfBackend('cpu'));

  const meanFill = cutout({ fillMethod: 'mean_per_channel', patchArea: 0.1 });
  const side = 990; // 17 n + 15 H = 16,676,550 <= 2^24
  const n = side * side;

  it('is exact up to its limit, next to a tie on either side', async () => {
    const data = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      data[i] = 200 + (i % 56);
      data[n + i] = 201 + (i % 56);
    }
    // Pixels nudged (within 0..255) until the sums are 227.5 n - 1 and 228.5 n + 1.
    const sum = (from: number) => data.subarray(from, from + n).reduce((a, v) => a + v, 0);
    const adjust = (from: number, target: number) => {
      let missing = target - sum(from);
      for (let i = from; missing !== 0; i++) {
        const step =
          Math.sign(missing) * Math.min(Math.abs(missing), missing > 0 ? 255 - data[i]! : data[i]!);
        data[i]! += step;
        missing -= step;
      }
    };
    adjust(0, 227.5 * n - 1);
    adjust(n, 228.5 * n + 1);
    const images = tf.tensor4d(data, [2, side, side, 1], 'int32');
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 1 });
    const out = aug.runSync(meanFill, images, { step: 0 });
    const values = await out.data();
    const [plan] = aug.plan(meanFill, batchInfo([2, side, side, 1], 'uint8'), 0);
    const boxes = (plan as FillPlan & { region: { type: 'boxes' } }).region.boxes;
    expect(values[boxes[0]! * side + boxes[1]!]).toBe(227);
    expect(values[n + boxes[4]! * side + boxes[5]!]).toBe(229);
    tf.dispose([images, out]);
  });

  it('refuses past it, naming the limit', () => {
    const images = tf.zeros([1, 1100, 1100, 1], 'int32');
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 1 });
    expect(() => aug.runSync(meanFill, images)).toThrow(InputError);
    expect(() => aug.runSync(meanFill, images)).toThrow(/17 x pixels \+ 15 x rows at most 2\^24/);
    images.dispose();
  });
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
