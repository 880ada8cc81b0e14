import { installNodeWebGpu } from '@aug/conformance/webgpu-node';
import { createAugmenter, cutBlur, cutout, cutSwap, cutThumbnail, mixup } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { augmentTensor } from '../examples/tfjs-webgpu.js';

beforeAll(async () => {
  if (!(await installNodeWebGpu())) throw new Error('no WebGPU adapter');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend failed');
});

// The example's path: tfjs-webgpu tensor -> @aug/webgpu kernel on tfjs's device -> tfjs
// tensor, compared with the reference backend on the same pixels.
for (const zeroCopy of [false, true]) {
  it(`augments tfjs-webgpu tensors on their own device (zeroCopy ${zeroCopy})`, async () => {
    const x = tf.randomUniform([6, 9, 10, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const pixels = (await x.data()) as Float32Array;
    const before = tf.memory().numTensors;
    // Image-only strategies: the example augments a tensor of images (CutMix and Mixup
    // need labels too; @aug/tfjs/webgpu runs them on tfjs tensors).
    const augmentations = [cutout(), cutSwap(), cutThumbnail(), cutBlur()];
    for (const [i, augmentation] of augmentations.entries()) {
      const { result, release } = augmentTensor(x, augmentation, { seed: 4, step: i, zeroCopy });
      const got = (await result.data()) as Float32Array;
      const want = createAugmenter({ backend: 'reference', seed: 4 }).runSync(
        augmentation,
        { data: pixels, shape: x.shape },
        { step: i },
      ).data;
      let worst = 0;
      for (let k = 0; k < got.length; k++) worst = Math.max(worst, Math.abs(got[k]! - want[k]!));
      expect(worst).toBeLessThanOrEqual(1e-5);
      expect(got.some((v, k) => v !== pixels[k])).toBe(true);
      result.dispose();
      release();
    }
    // A refused call (Mixup needs labels) leaves no copy of the input behind.
    expect(() => augmentTensor(x, mixup(), { seed: 4, step: 9, zeroCopy })).toThrow(
      'mixup mixes labels',
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from((await x.data()) as Float32Array)).toEqual(Array.from(pixels));
    x.dispose();
  });
}
