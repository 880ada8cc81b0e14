import { makeInput, runConformance } from '@aug/conformance';
import { installNodeWebGpu } from '@aug/conformance/webgpu-node';
import { batchInfo, createAugmenter, cutMix, cutout, mixup, strategies } from '@aug/core';
import { applyPlan } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
// Gradients of tfjs's ops (tf.grad below); tfjs-layers registers them in an app.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { describe, expect, it } from 'vitest';
import { tfjsWebGpuBackend } from '../src/webgpu.js';

async function onWebGpu(): Promise<void> {
  if (tf.getBackend() === 'webgpu') return;
  if (!(await installNodeWebGpu())) throw new Error('no WebGPU adapter on this machine');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend failed');
  await tf.ready();
}

// tfjs-webgpu tensors augmented by @aug/webgpu's kernels on their own buffers (float32);
// uint8 batches (int32 tensors in tfjs) take the generic path. Same pixels either way.
runConformance({
  name: 'tfjs-webgpu with fused kernels',
  matrix: 'quick',
  backend: async () => {
    await onWebGpu();
    return tfjsWebGpuBackend();
  },
});

describe('the fused path', () => {
  const g = { batch: 4, height: 9, width: 8, channels: 3 };

  it('runs no tfjs kernel for a float32 batch, one pass of its own', async () => {
    await onWebGpu();
    const { batch, info } = makeInput(g, 'NHWC', 'float32', 2);
    const x = tf.tensor(batch.data, [...batch.shape]);
    const fused = tfjsWebGpuBackend();
    for (const name of Object.keys(strategies) as (keyof typeof strategies)[]) {
      const [plan] = createAugmenter({ backend: 'reference', seed: 3 }).plan(
        strategies[name](),
        info,
        1,
      );
      const before = tf.memory().numTensors;
      let out: tf.Tensor | undefined;
      const profile = await tf.profile(() => {
        out = fused.apply(plan!, x) as tf.Tensor;
        return out;
      });
      expect(
        profile.kernels.map((k) => k.name),
        name,
      ).toEqual([]);
      expect(tf.memory().numTensors, name).toBe(before + 1);
      out!.dispose();
    }
    x.dispose();
  });

  it('runs tfjs ops under a gradient tape, so gradients reach the images', async () => {
    await onWebGpu();
    const x = tf.randomUniform([2, 8, 8, 3], 0.5, 1, 'float32', 4);
    const info = batchInfo([2, 8, 8, 3], 'float32');
    const [plan] = createAugmenter({ backend: 'reference', seed: 3 }).plan(
      cutout({ patchArea: 0.3 }),
      info,
      0,
    );
    const fused = tfjsWebGpuBackend();
    const out = fused.apply(plan!, x) as tf.Tensor;
    // Black fill over pixels in [0.5, 1]: the kept pixels are the non-zero ones.
    const kept = Array.from(await out.data(), (v) => (v !== 0 ? 1 : 0));
    expect(kept).toContain(0);
    const dx = tf.grad((v: tf.Tensor) => tf.sum(fused.apply(plan!, v) as tf.Tensor))(x);
    expect(Array.from(await dx.data())).toEqual(kept);
    tf.dispose([x, out, dx]);
  });

  it('gives the reference pixels through the augmenter, leaves the input alone, leaks nothing', async () => {
    await onWebGpu();
    const { batch } = makeInput(g, 'NHWC', 'float32', 5);
    const x = tf.tensor(batch.data, [...batch.shape]);
    const before = tf.memory().numTensors;
    for (const augmentation of [cutout(), cutMix({ numClasses: 4 }), mixup({ numClasses: 4 })]) {
      // Fresh from the host each time: @aug/tfjs reads class ids back to check them, and
      // refuses ids living on tfjs-webgpu's GPU (no synchronous read there).
      const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
      const got = createAugmenter<tf.Tensor>({ backend: tfjsWebGpuBackend(), seed: 8 }).runSync(
        augmentation,
        { images: x, labels },
      );
      const want = createAugmenter({ backend: 'reference', seed: 8 }).runSync(augmentation, {
        images: batch,
        labels: { data: Int32Array.of(0, 1, 2, 3), shape: [4] },
      });
      const pixels = await got.images.data();
      let worst = 0;
      for (let i = 0; i < pixels.length; i++)
        worst = Math.max(worst, Math.abs(pixels[i]! - want.images.data[i]!));
      expect(worst).toBeLessThanOrEqual(1e-5);
      expect(Array.from(await got.labels.data())).toEqual(Array.from(want.labels.data));
      // Strategies that do not mix labels hand back the labels they were given.
      tf.dispose(got.labels === labels ? [got.images, labels] : [got.images, got.labels, labels]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(await x.data())).toEqual(Array.from(batch.data));
    x.dispose();
  });

  it('gives tfjs its buffer back when @aug/webgpu refuses a batch', async () => {
    await onWebGpu();
    // Rotated grid coordinates of a 250,000-pixel side overflow the kernel's int32: refused
    // before any dispatch, after the output buffer was taken from tfjs's buffer manager.
    const x = tf.ones([1, 20, 250_000]);
    const manager = (tf.backend() as unknown as { bufferManager: { numBytesUsed: number } })
      .bufferManager;
    const fused = createAugmenter<tf.Tensor>({ backend: tfjsWebGpuBackend(), seed: 1 });
    const strategy = strategies.gridMask({ rotate: [30, 30] });
    // The first call also moves the input to the GPU (its own buffer, kept with it).
    expect(() => fused.runSync(strategy, x)).toThrow(/overflows/);
    const used = manager.numBytesUsed;
    for (let i = 0; i < 3; i++) expect(() => fused.runSync(strategy, x)).toThrow(/overflows/);
    expect(manager.numBytesUsed).toBe(used);
    x.dispose();
  });

  it("falls back to @aug/tfjs's own path off webgpu (on cpu, core's kernels)", async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { batch, info } = makeInput(g, 'NHWC', 'float32', 2);
    const x = tf.tensor(batch.data, [...batch.shape]);
    const [plan] = createAugmenter({ backend: 'reference', seed: 3 }).plan(cutout(), info, 1);
    let out: tf.Tensor | undefined;
    const profile = await tf.profile(() => {
      out = tfjsWebGpuBackend().apply(plan!, x) as tf.Tensor;
      return out;
    });
    expect(profile.kernels).toEqual([]);
    expect(Array.from(out!.dataSync())).toEqual(Array.from(applyPlan(plan!, batch).data));
    tf.dispose([x, out!]);
    await onWebGpu();
  });
});
