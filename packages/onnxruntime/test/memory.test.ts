import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compose, createAugmenter, cutMix, cutout, mixup } from '@aug/core';
import type { Tensor } from 'onnxruntime-common';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { type OrtModule, onnxruntimeBackend } from '../src/index.js';
import { planAndBatch } from './helpers.js';
import { wasmHeapBytes } from './wasm-memory.js';

// A full garbage collection before each reading, so that what remains is what is held.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 2 ** 20;
function settledMemory(): { rss: number; wasm: number } {
  gc();
  gc();
  return { rss: process.memoryUsage().rss, wasm: wasmHeapBytes() };
}

/**
 * 1,000 calls (fill, Mixup and CutMix graphs, with labels, and one refused call in every
 * ten) must not grow native or wasm memory: each call's output is [16, 32, 32, 3]
 * float32 (196 KB), so keeping one per call would add about 190 MB.
 */
describe.each([
  { name: 'onnxruntime-node cpu', ort: ortNode, kernels: 'onnx', sessions: 4 }, // fill, blend, composite, labels
  { name: 'onnxruntime-web wasm', ort: ortWeb, kernels: 'onnx', sessions: 4 },
  { name: 'onnxruntime-node cpu', ort: ortNode, kernels: 'auto', sessions: 0 }, // core's kernels
] as const)('memory on $name, kernels: $kernels', ({ name, ort, kernels, sessions }) => {
  it('stays bounded over 1,000 calls', { timeout: 120_000 }, async () => {
    const backend = onnxruntimeBackend({ ort: ort as OrtModule, kernels });
    const aug = createAugmenter({ backend, seed: 1 });
    const pipeline = compose([cutout(), mixup({ numClasses: 10 }), cutMix({ numClasses: 10 })]);
    const { batch } = planAndBatch(cutout(), { batch: 16, height: 32, width: 32, channels: 3 });
    const images = await backend.upload(batch);
    const labels = await backend.upload({
      data: Int32Array.from({ length: 16 }, (_, i) => i % 10),
      shape: [16],
    });
    const { plan } = planAndBatch(cutout(), { batch: 16, height: 32, width: 31, channels: 3 });
    const call = async (i: number) => {
      if (i % 10 === 9) {
        // A refused call (shape mismatch) must leave nothing behind either.
        await expect(backend.apply(plan, images)).rejects.toThrow(/the plan was made for/);
        return;
      }
      const out = await aug.run(pipeline, { images, labels }, { step: i });
      backend.dispose(out.images as Tensor);
      backend.dispose(out.labels as Tensor);
    };
    for (let i = 0; i < 300; i++) await call(i); // warm-up: sessions, allocator pools
    const before = settledMemory();
    for (let i = 0; i < 1000; i++) await call(i);
    const after = settledMemory();
    const growth = { rss: (after.rss - before.rss) / MB, wasm: (after.wasm - before.wasm) / MB };
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} MB`;
    console.log(
      `${name}: 1,000 calls: RSS ${(before.rss / MB).toFixed(1)} -> ${(after.rss / MB).toFixed(1)} MB (${signed(growth.rss)}), wasm heap ${(before.wasm / MB).toFixed(1)} -> ${(after.wasm / MB).toFixed(1)} MB (${signed(growth.wasm)})`,
    );
    expect(backend.sessionCount).toBe(sessions);
    expect(growth.rss).toBeLessThan(40);
    // The wasm heap (onnxruntime-web's graphs) never shrinks: any growth is memory still held.
    if (ort === ortWeb) expect(after.wasm).toBeGreaterThan(0);
    expect(growth.wasm).toBeLessThan(8);
    await backend.release();
    expect(backend.sessionCount).toBe(0);
  });
});
