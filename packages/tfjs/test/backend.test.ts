import {
  type Augmenter,
  batchInfo,
  compose,
  createAugmenter,
  cutMix,
  cutout,
  cutSwap,
  gridMask,
  hideAndSeek,
  InputError,
  mixup,
  strategies,
} from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

beforeAll(() => useTfBackend('cpu'));

const images = (B = 4, H = 12, W = 10, C = 3, dtype: 'float32' | 'int32' = 'float32') =>
  dtype === 'float32'
    ? tf.randomUniform([B, H, W, C], 0, 1, 'float32', 1)
    : tf.randomUniform([B, H, W, C], 0, 256, 'int32', 1);

// Every check holds for both ways of running plans (core's kernels on host values, the default
// on cpu and wasm, and tfjs ops).
describe.each(['auto', 'tfjs'] as const)('tfjs backend, kernels %s', (kernels) => {
  it("registers as 'tfjs', typed by name and chosen by default", async () => {
    const aug = createAugmenter({ backend: 'tfjs', seed: 1 });
    expectTypeOf(aug).toEqualTypeOf<Augmenter<tf.Tensor>>();
    expect(aug.backend.name).toBe('tfjs');
    expect(createAugmenter().backend.name).toBe('tfjs');
    const x = images(2, 6, 6, 3);
    const out = await aug.run(cutout(), x);
    expectTypeOf(out).toEqualTypeOf<tf.Tensor>();
    expect(out.shape).toEqual(x.shape);
    tf.dispose([x, out]);
  });

  it('leaks no tensor: every strategy, float32 and int32, images and labels', () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 1 });
    for (const dtype of ['float32', 'int32'] as const) {
      const x = images(4, 12, 10, 3, dtype);
      const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
      for (const [name, make] of Object.entries(strategies)) {
        const strategy = make(
          ('numClasses' in make.definition.params ? { numClasses: 3 } : {}) as never,
        );
        const before = tf.memory().numTensors;
        const out = aug.runSync(strategy, { images: x, labels });
        expect(out.images.shape, name).toEqual(x.shape);
        expect(out.images.dtype).toBe(dtype);
        out.images.dispose();
        if (out.labels !== labels) out.labels.dispose();
        expect(tf.memory().numTensors, `${name} ${dtype} leaked`).toBe(before);
      }
      x.dispose();
      labels.dispose();
    }
  });

  it('leaks nothing through a pipeline, nor on the error path', () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 1 });
    const x = images();
    const ids = tf.tensor1d([0, 1, 2, 1], 'int32');
    const before = tf.memory().numTensors;
    const out = aug.runSync(
      compose([
        cutout({ fillMethod: 'noise' }),
        gridMask({ rotate: [0, 90] }),
        mixup({ numClasses: 3 }),
        hideAndSeek({ fillMethod: 'random' }),
      ]),
      { images: x, labels: ids },
    );
    tf.dispose([out.images, out.labels]);
    expect(tf.memory().numTensors).toBe(before);
    // Without labels a mixing strategy is refused before any work: nothing is left behind.
    expect(() => aug.runSync(mixup(), x)).toThrow('mixup mixes labels');
    expect(tf.memory().numTensors).toBe(before);
    const badLabels = tf.tensor1d([0, 1, 9, 1], 'int32');
    expect(() => aug.runSync(cutMix({ numClasses: 3 }), { images: x, labels: badLabels })).toThrow(
      /label of image 2 is 9/,
    );
    badLabels.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ids]);
  });

  it('gives clear errors for disposed tensors, wrong dtypes and ranks, without modifying the input', () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 1 });
    const x = images();
    const copy = x.dataSync().slice();
    aug.runSync(cutout(), x).dispose();
    expect(x.dataSync()).toEqual(copy);
    const gone = images();
    gone.dispose();
    expect(() => aug.runSync(cutout(), gone)).toThrow('images: the tensor has been disposed');
    const flags = tf.zeros([2, 4, 4, 1], 'bool');
    expect(() => aug.runSync(cutout(), flags)).toThrow(
      'images: dtype must be float32, or int32 holding uint8 pixels (tfjs has no uint8); received bool',
    );
    const goneLabels = tf.zeros([4, 3]);
    goneLabels.dispose();
    expect(() => aug.runSync(mixup(), { images: x, labels: goneLabels })).toThrow(
      'labels: the tensor has been disposed',
    );
    expect(() => aug.runSync(mixup(), { images: x, labels: [0, 1, 2, 1] as never })).toThrow(
      "labels: expected a tensor of backend 'tfjs' or a batch { data: typed array, shape }; received an array of 4",
    );
    const flat = tf.zeros([2, 16]);
    expect(() => aug.runSync(cutout(), flat)).toThrow(
      /expected rank 4 .* received shape \[2, 16\]/,
    );
    const labels2d = tf.zeros([3, 2]);
    expect(() => aug.runSync(mixup(), { images: x, labels: labels2d })).toThrow(
      /labels have batch 3 but images have batch 4/,
    );
    const words = tf.tensor2d([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    const before = tf.memory().numTensors;
    expect(() => aug.runSync(mixup(), { images: x, labels: words })).toThrow(
      'labels: dtype must be numeric (float32 [B, K], or int32 class ids [B]); received string',
    );
    expect(tf.memory().numTensors).toBe(before);
    // A plan applied to other images than it was made for: refused before any op.
    const plan = aug.plan(cutout(), batchInfo([4, 12, 10, 3], 'float32'), 0)[0]!;
    const backend = tfjsBackend({ kernels });
    const ints = images(4, 12, 10, 3, 'int32');
    const tall = images(4, 10, 12, 3);
    const tensorsBefore = tf.memory().numTensors;
    expect(() => backend.apply(plan, tall)).toThrow(
      'tfjs: the plan was made for float32 images of shape [4, 12, 10, 3] (NHWC); received float32 [4, 10, 12, 3]',
    );
    expect(() => backend.apply(plan, ints)).toThrow(/received uint8 \[4, 12, 10, 3\]/);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    for (const t of [x, flags, flat, labels2d, words, ints, tall]) t.dispose();
  });

  it('hands back a new handle on labels it leaves unchanged: disposing results keeps the input', () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 1 });
    const x = images();
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const out = aug.runSync(cutout(), { images: x, labels });
    expect(out.labels).not.toBe(labels);
    tf.dispose(out);
    expect(labels.isDisposed).toBe(false);
    expect(Array.from(labels.dataSync())).toEqual([0, 1, 2, 1]);
    tf.dispose([x, labels]);
  });

  it('mixes an empty batch into [0, K] labels', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await useTfBackend(backend);
      const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 1 });
      const x = tf.zeros([0, 8, 8, 3]);
      const y = tf.zeros([0, 3]);
      const ids = tf.zeros([0], 'int32');
      for (const [labels, options] of [
        [y, {}],
        [ids, { numClasses: 3 }],
      ] as const) {
        for (const strategy of [cutMix(options), mixup(options)]) {
          const out = aug.runSync(strategy, { images: x, labels });
          expect([backend, out.images.shape, out.labels.shape]).toEqual([
            backend,
            [0, 8, 8, 3],
            [0, 3],
          ]);
          tf.dispose([out.images, out.labels]);
        }
      }
      tf.dispose([x, y, ids]);
    }
    await useTfBackend('cpu');
  });

  it('mixes class ids of a single class (numClasses 1) into [B, 1] ones, as the reference', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await useTfBackend(backend);
      const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 1 });
      const x = images(3);
      const ids = tf.zeros([3], 'int32');
      const before = tf.memory().numTensors;
      for (const strategy of [cutMix({ numClasses: 1 }), mixup({ numClasses: 1 })]) {
        const out = aug.runSync(strategy, { images: x, labels: ids });
        expect([backend, out.labels.shape, Array.from(out.labels.dataSync())]).toEqual([
          backend,
          [3, 1],
          [1, 1, 1],
        ]);
        tf.dispose([out.images, out.labels]);
      }
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, ids]);
    }
    await useTfBackend('cpu');
  });

  it('accepts and returns neutral batches, as every backend does', async () => {
    const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend({ kernels }), seed: 3 });
    const ref = createAugmenter({ backend: 'reference', seed: 3 });
    const data = new Uint8Array(2 * 6 * 6 * 3).map((_, i) => (i * 7) % 256);
    const batch = { data, shape: [2, 6, 6, 3] };
    const before = tf.memory().numTensors;
    const got = await aug.run(cutSwap(), batch, { step: 0 });
    expect(got.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(got.data)).toEqual(
      Array.from((await ref.run(cutSwap(), batch, { step: 0 })).data),
    );
    expect(tf.memory().numTensors).toBe(before);
    // float64 soft labels: mixed as float32; handed back as given where nothing mixes them.
    const soft = { data: Float64Array.of(0.1, 0.9, 0.3, 0.7), shape: [2, 2] };
    expect((await aug.run(cutout(), { images: batch, labels: soft })).labels).toBe(soft);
    // runSync too: labels nothing mixes need no download.
    const x = tf.tensor(Array.from(data), [2, 6, 6, 3], 'int32');
    const sync = aug.runSync(cutout(), { images: x, labels: soft });
    expect(sync.labels).toBe(soft);
    tf.dispose([x, sync.images]);
    const mixed = await aug.run(mixup(), { images: batch, labels: soft }, { step: 1 });
    const want = await ref.run(mixup(), { images: batch, labels: soft }, { step: 1 });
    expect(mixed.labels.data).toBeInstanceOf(Float32Array);
    for (const [i, v] of mixed.labels.data.entries()) {
      expect(v).toBeCloseTo(want.labels.data[i]!, 6);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => aug.runSync(cutSwap(), batch)).toThrow(
      /runSync: images is a neutral batch, which backend 'tfjs' would hand back through an asynchronous download/,
    );
    // An input the call cannot take: an InputError, as the README's Errors section says.
    expect(() => aug.runSync(cutSwap(), batch)).toThrow(InputError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
