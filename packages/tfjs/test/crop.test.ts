import { InputError } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
// What tfjs-layers (and @tensorflow/tfjs) import for training; tfjs-core alone has no gradients.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import {
  gatheredImages,
  gatheredRowsThenColumns,
  gridToPixels,
  type Translation,
  translatedImages,
} from '../src/kernels/crop.js';
import { useTfBackend } from './setup-backends.js';

/** What translatedImages promises, pixel by pixel, where the source position is valid. */
function expectTranslated(
  source: Float32Array,
  [, Hs, Ws, C]: number[],
  moves: Translation[],
  H: number,
  W: number,
  out: Float32Array,
): void {
  let checked = 0;
  moves.forEach(({ image, dy, dx }, i) => {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const sy = y + dy;
        const sx = x + dx;
        if (sy < 0 || sx < 0 || sy >= Hs! || sx >= Ws!) continue;
        for (let c = 0; c < C!; c++) {
          const got = out[((i * H + y) * W + x) * C! + c]!;
          const want = source[((image * Hs! + sy) * Ws! + sx) * C! + c]!;
          if (!Object.is(got, want)) {
            throw new Error(
              `move ${i} (${image}, ${dy}, ${dx}) at (${y}, ${x}, ${c}): ${got}, want ${want}`,
            );
          }
          checked++;
        }
      }
    }
  });
  expect(checked).toBeGreaterThan(0);
}

describe.each([
  ['cpu', translatedImages],
  ['wasm', translatedImages],
  // The fallback for backends whose crops ignore boxInd (tfjs-webgl).
  ['cpu', gatheredImages],
  // Its path for batches past 2^24 pixels, where flat indices would round on tfjs-webgl.
  ['cpu', gatheredRowsThenColumns],
] as const)('translatedImages on tfjs-%s (%o)', (backend, translate) => {
  it('copies every valid pixel bit for bit, at any offset, source and output size', async () => {
    await useTfBackend(backend);
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const [Hs, Ws] of [
      [1, 1],
      [1, 9],
      [2, 3],
      [7, 5],
      [224, 224],
      [1000, 3],
    ] as const) {
      for (const [H, W] of [
        [1, 1],
        [5, 4],
        [Hs, Ws],
        [Math.min(2 * Hs, 300), Math.min(2 * Ws, 300)],
      ] as const) {
        const B = 3;
        const C = 2;
        const values = Float32Array.from({ length: B * Hs * Ws * C }, () => rand(1e6) / 7);
        values[0] = Number.NaN;
        values[values.length - 1] = Number.POSITIVE_INFINITY;
        values[Math.floor(values.length / 2)] = -0;
        const moves = Array.from({ length: 5 }, (_, i) => ({
          image: i % B,
          // Offsets that put every part of the source (edges included) somewhere in view.
          dy: i === 0 ? 0 : rand(Hs + H) - H,
          dx: i === 0 ? 0 : rand(Ws + W) - W,
        }));
        const before = tf.memory().numTensors;
        const source = tf.tensor4d(values, [B, Hs, Ws, C]);
        const out = tf.tidy(() => translate(source, moves, H, W));
        expect(out.shape).toEqual([moves.length, H, W, C]);
        expectTranslated(values, [B, Hs, Ws, C], moves, H, W, out.dataSync() as Float32Array);
        tf.dispose([source, out]);
        expect(tf.memory().numTensors).toBe(before);
      }
    }
  });
});

describe.each(['cpu', 'wasm'] as const)('gridToPixels on tfjs-%s', (backend) => {
  it("gives every pixel its cell's value: floor(y rows / H), floor(x cols / W)", async () => {
    await useTfBackend(backend);
    for (const [rows, cols, H, W] of [
      [1, 1, 1, 1],
      [1, 1, 5, 3],
      [2, 3, 2, 3],
      [3, 5, 8, 8],
      [4, 4, 224, 224],
      [7, 2, 1000, 9],
      [16, 16, 17, 31],
    ] as const) {
      const B = 2;
      const C = 3;
      const grid = Float32Array.from({ length: B * rows * cols * C }, (_, i) => i + 0.5);
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => gridToPixels(grid, [B, rows, cols, C], H, W));
      expect(out.shape).toEqual([B, H, W, C]);
      const got = out.dataSync();
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
      for (let b = 0; b < B; b++) {
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const cell = Math.floor((y * rows) / H) * cols + Math.floor((x * cols) / W);
            for (let c = 0; c < C; c++) {
              const want = grid[(b * rows * cols + cell) * C + c];
              const at = ((b * H + y) * W + x) * C + c;
              if (got[at] !== want)
                throw new Error(
                  `${rows}x${cols} -> ${H}x${W}, (${b}, ${y}, ${x}, ${c}): ${got[at]}, want ${want}`,
                );
            }
          }
        }
      }
    }
  });
});

describe.each(['cpu', 'wasm'] as const)('translatedImages gradients on tfjs-%s', (backend) => {
  it("sends each output pixel's gradient back to its source pixel, summed", async () => {
    await useTfBackend(backend);
    const [B, Hs, Ws, C, H, W] = [2, 6, 5, 3, 4, 7];
    const moves = [
      { image: 1, dy: 0, dx: 0 },
      { image: 0, dy: 2, dx: -1 },
      { image: 1, dy: -3, dx: 2 },
    ];
    // Integer weights, so sums are exact in any order; zero where a move reads outside
    // its source, as the callers' masks make them.
    const weights = new Float32Array(moves.length * H * W * C);
    const want = new Float32Array(B * Hs * Ws * C);
    moves.forEach(({ image, dy, dx }, i) => {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const sy = y + dy;
          const sx = x + dx;
          if (sy < 0 || sx < 0 || sy >= Hs || sx >= Ws) continue;
          for (let c = 0; c < C; c++) {
            const w = ((i * 7 + y * 5 + x * 3 + c) % 11) - 5;
            weights[((i * H + y) * W + x) * C + c] = w;
            want[((image * Hs + sy) * Ws + sx) * C + c]! += w;
          }
        }
      }
    });
    const x = tf.randomUniform([B, Hs, Ws, C], 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.tensor4d(weights, [moves.length, H, W, C]);
    const before = tf.memory().numTensors;
    const got = tf.grad((images: tf.Tensor) =>
      tf.sum(tf.mul(translatedImages(images as tf.Tensor4D, moves, H, W), w)),
    )(x);
    expect(got.shape).toEqual(x.shape);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want));
    // Image 1's pixels are read by two moves: some get two contributions.
    expect(want.some((v, i) => v !== 0 && i >= Hs * Ws * C)).toBe(true);
    got.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});

// tfjs-wasm 4.22's CropAndResize and ScatterND misplace values past element 2^24 of a
// batch: the pixels move by a gather there (the conformance suite checks them), and a
// gradient, which would need that scatter, is refused rather than wrong.
describe('translatedImages on tfjs-wasm past 2^24 values', () => {
  it('refuses a gradient it cannot place exactly, naming the limit', async () => {
    await useTfBackend('wasm');
    const x = tf.zeros([1, 4200, 4200, 1]) as tf.Tensor4D; // 17.6 million values
    const moves = [{ image: 0, dy: 3, dx: -2 }];
    const gradient = tf.grad((images: tf.Tensor) =>
      tf.sum(translatedImages(images as tf.Tensor4D, moves, 4200, 4200)),
    );
    expect(() => gradient(x)).toThrow(InputError);
    expect(() => gradient(x)).toThrow(
      /tfjs-wasm: gradients through pasted pixels in a batch of 17640000 values: at most 2\^24 there/,
    );
    // (tfjs keeps the forward pass's value when a gradient function throws: not checked.)
    x.dispose();
  });
});
