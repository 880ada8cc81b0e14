import { createAugmenter, cutout, InputError } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

/** mulberry32: a seeded stream of 28-bit integers. */
function randomInts(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return (t ^ (t >>> 14)) >>> 4;
  };
}

// Exact uint8 means with tfjs ops (what tfjs-webgl and tfjs-webgpu always run), built from
// float32 integers below 2^24 only (fill.ts). The conformance suite checks one large image
// next to a tie on either side; here many small shapes, with exact ties among them, whose
// rounding (half to even) is easy to get wrong without any large sum.
describe('uint8 mean fill with tfjs ops', () => {
  beforeAll(() => useTfBackend('cpu'));
  const meanFill = cutout({ fillMethod: 'mean_per_channel', patchArea: 0.3 });

  it("gives the reference backend's means on random shapes, ties included", () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels: 'tfjs' }), seed: 5 });
    const reference = createAugmenter({ backend: 'reference', seed: 5 });
    const next = randomInts(11);
    let ties = 0;
    for (let step = 0; step < 400; step++) {
      const [B, H, W, C] = [
        1 + (next() % 3),
        1 + (next() % 20),
        1 + (next() % 20),
        1 + (next() % 4),
      ];
      const base = next() % 256;
      const kind = next() % 4;
      const data = new Int32Array(B * H * W * C);
      for (let i = 0; i < data.length; i++) {
        const pixel = Math.floor(i / C);
        // Random; flat; two neighbouring values at random; alternating (a tie when H W is even).
        const v = [next() % 256, base, base + (next() % 2), base + (pixel % 2)][kind]!;
        data[i] = Math.min(255, v);
      }
      if (kind === 3 && (H * W) % 2 === 0 && base < 255) ties++;
      const images = tf.tensor4d(data, [B, H, W, C], 'int32');
      const before = tf.memory().numTensors;
      const out = aug.runSync(meanFill, images, { step });
      expect(tf.memory().numTensors).toBe(before + 1);
      const want = reference.runSync(
        meanFill,
        { data: Uint8Array.from(data), shape: [B, H, W, C] },
        { step },
      );
      const got = out.dataSync();
      const at = want.data.findIndex((v, i) => v !== got[i]);
      expect(at, `${B}x${H}x${W}x${C} step ${step}: first difference at ${at}`).toBe(-1);
      tf.dispose([images, out]);
    }
    expect(ties).toBeGreaterThan(20);
  });

  it('refuses rows whose sums pass 2^24, naming the limit', () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels: 'tfjs' }), seed: 5 });
    const images = tf.zeros([1, 2, 65794, 1], 'int32');
    expect(() => aug.runSync(meanFill, images)).toThrow(InputError);
    expect(() => aug.runSync(meanFill, images)).toThrow(
      /mean fill on uint8 2x65794 images: past what tfjs sums exactly in float32 \(rows of at most 65793 pixels, at most 524288 rows\)/,
    );
    images.dispose();
  });
});
