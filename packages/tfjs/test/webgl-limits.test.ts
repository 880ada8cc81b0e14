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

  it('refuses a uint8 mean fill past 2^24 / 31 pixels per image, naming the limit', () => {
    const x = pixels(736);
    expect(() => aug.runSync(meanFill, x)).toThrow(
      /mean fill on uint8 736x736 images: at most 541200 pixels per image on tfjs-cpu-named-webgl \(its int32 values are float32, exact to 2\^24\)/,
    );
    x.dispose();
  });

  // What this can show is that the bound does not refuse too much: tfjs-cpu's kernels keep
  // int32 exact. That every intermediate stays below 31 n (so below 2^24) is fill.ts's proof.
  it("runs just below the limit, giving the reference backend's mean", () => {
    const x = pixels(735);
    const out = aug.runSync(meanFill, x, { step: 0 });
    const reference = createAugmenter({ backend: 'reference', seed: 5 }).runSync(
      meanFill,
      { data: Uint8Array.from(x.dataSync()), shape: [1, 735, 735, 1] } satisfies ImageBatch,
      { step: 0 },
    );
    const values = out.dataSync();
    const differing = reference.data.filter((v, i) => v !== values[i]).length;
    expect(differing).toBe(0);
    // The patch is there, and holds the mean (no pixel of random data equals it everywhere).
    expect(values.filter((v, i) => v !== x.dataSync()[i]).length).toBeGreaterThan(1000);
    tf.dispose([x, out]);
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
