import { createAugmenter, gridMask } from '@aug/core';
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

  it('refuses a rotated Grid Mask whose period reaches 2048 pixels', () => {
    const x = tf.zeros([1, 2070, 2070, 1]);
    const grid = gridMask({ rotate: [10, 10], unitLength: [0.99, 0.99] });
    expect(() => aug.runSync(grid, x)).toThrow(
      /period of 2049 pixels .* past what tfjs-cpu-named-webgl computes exactly \(float32 integers\): at most 2047 pixels/,
    );
    x.dispose();
  });
});
