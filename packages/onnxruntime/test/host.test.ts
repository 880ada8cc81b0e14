import { bitsOf, defaultStrategies } from '@aug/conformance';
import {
  createAugmenter,
  cutout,
  gridMask,
  hideAndSeek,
  mixup,
  ParameterError,
  randomErasing,
} from '@aug/core';
import type { Tensor } from 'onnxruntime-common';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { type OrtModule, onnxruntimeBackend } from '../src/index.js';

/** Fills of every kind: noise (per pixel), a colour per region, a mean, a rotated grid. */
const fills = [
  ['cutout noise', cutout({ fillMethod: 'noise', patchArea: 0.4 })],
  ['randomErasing random', randomErasing({ fillMethod: 'random', augmentationRatio: 1 })],
  ['hideAndSeek mean', hideAndSeek({ fillMethod: 'mean_per_channel' })],
  ['gridMask rotated', gridMask({ rotate: [30, 60] })],
] as const;

const SHAPES = [
  { shape: [6, 9, 11, 3], layout: 'NHWC' },
  { shape: [6, 3, 9, 11], layout: 'NCHW' },
  { shape: [6, 9, 11], layout: 'NHWC' },
] as const;

function pixels(n: number, dtype: 'float32' | 'uint8'): Float32Array | Uint8Array {
  const values = Array.from({ length: n }, (_, i) => (i * 37) % 256);
  if (dtype === 'uint8') return Uint8Array.from(values);
  // NaN, infinities and -0 too: the host path must carry them as the reference does.
  return Float32Array.from(values, (v, i) =>
    i === 7 ? Number.NaN : i === 40 ? Number.POSITIVE_INFINITY : i % 13 === 5 ? -0 : v / 255,
  );
}

describe.each([
  ['onnxruntime-node cpu', ortNode],
  ['onnxruntime-web wasm', ortWeb],
] as const)("%s: core's kernels on the tensors' data (kernels: 'auto')", (_, ort) => {
  it("creates no session and gives the reference backend's bits (noise, resampling, non-finite pixels included); labels too", async () => {
    const backend = onnxruntimeBackend({ ort: ort as OrtModule });
    const aug = createAugmenter({ backend, seed: 5 });
    const ref = createAugmenter({ backend: 'reference', seed: 5 });
    const ids = Int32Array.of(0, 1, 2, 0, 1, 2);
    for (const { shape, layout } of SHAPES) {
      for (const dtype of ['float32', 'uint8'] as const) {
        const data = pixels(
          shape.reduce((a, b) => a * b, 1),
          dtype,
        );
        const images = new ort.Tensor(dtype, data.slice(), [...shape]);
        const labels = new ort.Tensor('int32', ids, [6]);
        for (const [strategy, augmentation] of [...defaultStrategies(3), ...fills]) {
          const what = `${strategy} ${dtype} ${layout} [${shape}]`;
          const out = await aug.run(augmentation, { images, labels }, { step: 2, layout });
          const want = ref.runSync(
            augmentation,
            { images: { data, shape, layout }, labels: { data: ids, shape: [6] } },
            { step: 2 },
          );
          expect(out.images, what).not.toBe(images);
          expect((out.images as Tensor).type, what).toBe(dtype);
          expect((out.images as Tensor).dims, what).toEqual(shape);
          expect(bitsOf((out.images as Tensor).data as Float32Array), what).toEqual(
            bitsOf(want.images.data),
          );
          expect(bitsOf((out.labels as Tensor).data as Float32Array), what).toEqual(
            bitsOf(want.labels.data),
          );
        }
        expect(bitsOf(images.data as Float32Array), 'the input is unchanged').toEqual(bitsOf(data));
      }
    }
    expect(backend.sessionCount).toBe(0);
  });

  it("runs graphs with kernels: 'onnx', and the same pixels but for noise", async () => {
    const graphs = onnxruntimeBackend({ ort: ort as OrtModule, kernels: 'onnx' });
    const host = onnxruntimeBackend({ ort: ort as OrtModule });
    const images = new ort.Tensor('uint8', pixels(6 * 9 * 11 * 3, 'uint8'), [6, 9, 11, 3]);
    const [a, b] = await Promise.all(
      [graphs, host].map((backend) =>
        createAugmenter({ backend, seed: 2 }).run(cutout({ fillMethod: 'gray' }), images),
      ),
    );
    expect(graphs.sessionCount).toBe(1);
    expect(host.sessionCount).toBe(0);
    expect(Array.from((a as Tensor).data as Uint8Array)).toEqual(
      Array.from((b as Tensor).data as Uint8Array),
    );
    await graphs.release();
  });
});

describe('onnxruntimeBackend: when graphs run in spite of kernels: auto', () => {
  it("runs graphs while onnxruntime-web's ort.env.wasm.proxy is on in a page (sessions off the calling thread), read at each call", async () => {
    // The module as a user's: the same classes, its own env, whose flag the user flips.
    const wasm = { proxy: false };
    const proxied = {
      ...ortWeb,
      env: { ...ortWeb.env, versions: ortWeb.env.versions, wasm },
    } as unknown as OrtModule;
    const backend = onnxruntimeBackend({ ort: proxied });
    const images = new ortWeb.Tensor('float32', pixels(4 * 8 * 8, 'float32'), [4, 8, 8]);
    const labels = new ortWeb.Tensor('int32', Int32Array.of(0, 1, 1, 0), [4]);
    const aug = createAugmenter({ backend, seed: 1 });
    const call = () => aug.run(mixup({ numClasses: 2 }), { images, labels });
    await call();
    expect(backend.sessionCount).toBe(0);
    // Without a document (Node, a worker), onnxruntime-web does not proxy: nor do we.
    wasm.proxy = true;
    await call();
    expect(backend.sessionCount).toBe(0);
    // In a page (a document exists), it does.
    const global = globalThis as { document?: unknown };
    global.document = {};
    try {
      await call();
    } finally {
      delete global.document;
    }
    expect(backend.sessionCount).toBe(2); // Mixup's graph and the labels' graph
    await backend.release();
  });

  it('runs graphs for tensors whose data is on a GPU (here refused: wasm cannot read them)', async () => {
    const backend = onnxruntimeBackend({ ort: ortWeb });
    const fakeBuffer = { size: 4 * 8 * 8 * 4, usage: 0x8c, mapState: 'unmapped' };
    const images = ortWeb.Tensor.fromGpuBuffer(fakeBuffer as never, {
      dataType: 'float32',
      dims: [4, 8, 8],
    });
    await expect(createAugmenter({ backend, seed: 1 }).run(cutout(), images)).rejects.toThrow(
      /graph 'fill.*failed/,
    );
    expect(backend.sessionCount).toBe(1); // the graph's session was made: no host kernels
    await backend.release();
  });

  it("runs core's kernels on cpu-pinned tensors too", async () => {
    const backend = onnxruntimeBackend({ ort: ortWeb });
    const data = pixels(4 * 8 * 8, 'float32') as Float32Array;
    const images = ortWeb.Tensor.fromPinnedBuffer('float32', data, [4, 8, 8]);
    const out = (await createAugmenter({ backend, seed: 3 }).run(cutout(), images)) as Tensor;
    const want = createAugmenter({ backend: 'reference', seed: 3 }).runSync(cutout(), {
      data,
      shape: [4, 8, 8],
    });
    expect(bitsOf(out.data as Float32Array)).toEqual(bitsOf(want.data));
    expect(backend.sessionCount).toBe(0);
  });

  it('runs graphs when the first execution provider is not a host one', async () => {
    // No WebGPU in Node: onnxruntime-web's session falls back to the next provider, wasm.
    const backend = onnxruntimeBackend({ ort: ortWeb, executionProviders: ['webgpu', 'wasm'] });
    const images = new ortWeb.Tensor('float32', pixels(4 * 8 * 8, 'float32'), [4, 8, 8]);
    await createAugmenter({ backend, seed: 1 }).run(cutout(), images);
    expect(backend.sessionCount).toBe(1);
    await backend.release();
  });

  it('refuses an unknown kernels value, naming it', () => {
    expect(() => onnxruntimeBackend({ ort: ortNode, kernels: 'tfjs' as never })).toThrow(
      new ParameterError('onnxruntimeBackend', 'kernels', "one of 'auto', 'onnx'", 'tfjs'),
    );
  });
});
