import { createAugmenter, cutout, gridMask, type ImageBatch } from '@aug/core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfjsBackend } from '../src/index.js';
import './setup-backends.js';

// tfjs-webgl holds int32 values in float32, exact only below 2^24, and the backend refuses
// what it cannot compute exactly there. WebGL needs a browser, so tfjs-cpu's kernels stand
// in under a name with "webgl" in it: the backend decides by the tfjs backend's name.
const NAME = 'cpu-named-webgl';

beforeAll(async () => {
  tf.registerBackend(NAME, () => new MathBackendCPU());
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({ ...kernel, backendName: NAME });
  }
  await tf.setBackend(NAME);
});
afterAll(async () => {
  await tf.setBackend('cpu');
  tf.removeBackend(NAME);
});

describe('on a tfjs-webgl backend', () => {
  const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 5 });
  const meanFill = cutout({ fillMethod: 'mean_per_channel', patchArea: 0.1 });
  const pixels = (side: number) =>
    tf.tidy(() => tf.randomUniform([1, side, side, 1], 0, 256, 'int32', 3));

  // Past about a million pixels, the device's long division in float32 would round there:
  // row sums (exact on the device) are finished on the host instead. tfjs-cpu's kernels
  // stand in, so this shows that path gives the reference's mean; that its device sums
  // stay exact in float32 follows from each being an integer below 255 W < 2^24.
  it("fills a uint8 mean exactly past the device path's limit: the reference backend's", () => {
    const x = pixels(1000);
    const out = aug.runSync(meanFill, x, { step: 0 });
    const reference = createAugmenter({ backend: 'reference', seed: 5 }).runSync(
      meanFill,
      { data: Uint8Array.from(x.dataSync()), shape: [1, 1000, 1000, 1] } satisfies ImageBatch,
      { step: 0 },
    );
    const values = out.dataSync();
    expect(reference.data.filter((v, i) => v !== values[i]).length).toBe(0);
    // The patch is there (random pixels do not all equal their mean).
    expect(values.filter((v, i) => v !== x.dataSync()[i]).length).toBeGreaterThan(1000);
    tf.dispose([x, out]);
  });

  it('refuses a uint8 mean fill on rows past 2^24 / 255 pixels, naming the limit', () => {
    const x = tf.zeros([1, 8, 65794, 1], 'int32');
    expect(() => aug.runSync(meanFill, x)).toThrow(
      /mean fill on uint8 8x65794 images: rows of at most 65793 pixels on tfjs-cpu-named-webgl \(its int32 values are float32, exact to 2\^24\)/,
    );
    x.dispose();
  });

  it('refuses a rotated Grid Mask whose period reaches 2048 pixels', () => {
    const x = tf.zeros([1, 2070, 2070, 1]);
    const grid = gridMask({ rotate: [10, 10], unitLength: [0.99, 0.99] });
    expect(() => aug.runSync(grid, x)).toThrow(
      /period of 2049 pixels .* past what tfjs-cpu-named-webgl computes exactly \(float32 integers\): at most 2047 pixels/,
    );
    x.dispose();
  });
});
