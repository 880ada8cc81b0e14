import { bitsOf, defaultStrategies } from '@aug/conformance';
import {
  batchInfo,
  compose,
  createAugmenter,
  cutMix,
  cutout,
  mixup,
  ParameterError,
} from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RandomCutout, tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

const bits = (x: tf.Tensor) => bitsOf(x.dataSync());

const SHAPES = [
  { shape: [4, 9, 11, 3], layout: 'NHWC' },
  { shape: [4, 3, 9, 11], layout: 'NCHW' },
  { shape: [4, 9, 11], layout: 'NHWC' },
] as const;

describe.each(['cpu', 'wasm'] as const)(
  "tfjs-%s: core's kernels on the tensors' values",
  (name) => {
    beforeAll(() => useTfBackend(name));
    afterAll(() => useTfBackend('cpu'));

    it("runs no tfjs kernel over the batch and gives the reference backend's bits, resampling and non-finite pixels included", async () => {
      const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 5 });
      const ref = createAugmenter({ backend: 'reference', seed: 5 });
      for (const { shape, layout } of SHAPES) {
        for (const dtype of ['float32', 'int32'] as const) {
          const n = shape.reduce((a, b) => a * b, 1);
          const values = Array.from({ length: n }, (_, i) => (i * 37) % 256);
          const data =
            dtype === 'float32'
              ? Float32Array.from(values, (v, i) =>
                  i === 7
                    ? Number.NaN
                    : i === 40
                      ? Number.POSITIVE_INFINITY
                      : i % 13 === 5
                        ? -0
                        : v / 255,
                )
              : Uint8Array.from(values);
          const x = tf.tensor(
            dtype === 'float32' ? data : Int32Array.from(data),
            [...shape],
            dtype,
          );
          const before = bits(x);
          for (const [strategy, augmentation] of defaultStrategies(3)) {
            const what = `${strategy} ${dtype} ${layout} [${shape}]`;
            if (strategy === 'cutMix' || strategy === 'mixup') continue; // They need labels: below.
            const profile = await tf.profile(() => {
              const out = aug.runSync(augmentation, x, { step: 2, layout });
              out.dispose();
            });
            expect(
              profile.kernels.map((k) => k.name),
              what,
            ).toEqual([]);
            const out = aug.runSync(augmentation, x, { step: 2, layout });
            const want = ref.runSync(augmentation, { data, shape, layout }, { step: 2 });
            expect(bits(out), what).toEqual(bitsOf(want.data));
            out.dispose();
          }
          expect(bits(x), 'the input is unchanged').toEqual(before);
          x.dispose();
        }
      }
    });

    it("mixes labels with the images' plan (CutMix, Mixup) and leaks neither tensors nor memory", () => {
      const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 2 });
      const ref = createAugmenter({ backend: 'reference', seed: 2 });
      const x = tf.randomUniform([6, 8, 8, 3], 0, 1, 'float32', 3);
      const data = x.dataSync().slice();
      const ids = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
      const memory = tf.memory();
      for (const [, augmentation] of defaultStrategies(3)) {
        const out = aug.runSync(augmentation, { images: x, labels: ids }, { step: 1 });
        const want = ref.runSync(
          augmentation,
          {
            images: { data, shape: [6, 8, 8, 3] },
            labels: { data: Int32Array.of(0, 1, 2, 0, 1, 2), shape: [6] },
          },
          { step: 1 },
        );
        expect(Array.from(out.images.dataSync())).toEqual(Array.from(want.images.data));
        expect(bits(out.labels)).toEqual(bitsOf(want.labels.data));
        tf.dispose([out.images, out.labels === ids ? [] : out.labels]);
      }
      // Mixed twice, from soft labels and with smoothing: float32 tfjs ops would round at
      // every step (an ulp away from the reference's float64 sums).
      const soft = tf.tensor2d(
        Float32Array.from({ length: 18 }, (_, i) => ((i * 7) % 11) / 13),
        [6, 3],
      );
      const twice = compose([cutMix({ labelSmoothing: 0.1 }), mixup()]);
      for (let step = 0; step < 20; step++) {
        const out = aug.runSync(twice, { images: x, labels: soft }, { step });
        const want = ref.runSync(
          twice,
          {
            images: { data, shape: [6, 8, 8, 3] },
            labels: { data: soft.dataSync() as Float32Array, shape: [6, 3] },
          },
          { step },
        );
        expect(bits(out.labels), `step ${step}`).toEqual(bitsOf(want.labels.data));
        tf.dispose([out.images, out.labels]);
      }
      soft.dispose();
      expect([tf.memory().numTensors, tf.memory().numBytes]).toEqual([
        memory.numTensors,
        memory.numBytes,
      ]);
      tf.dispose([x, ids]);
    });

    it('runs tfjs ops under a gradient tape, so gradients flow through to the images and to variables', async () => {
      const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 4 });
      const erase = cutout({ patchArea: 0.3 });
      const x = tf.randomUniform([3, 10, 10, 1], 0.5, 1, 'float32', 9);
      // The pixels cutout keeps: the augmented image is non-zero exactly there (x > 0).
      const kept = tf.tidy(() =>
        tf.cast(tf.notEqual(aug.runSync(erase, x, { step: 0 }), 0), 'float32'),
      );
      const keptValues = Array.from(kept.dataSync());
      expect(keptValues).toContain(0);
      expect(keptValues).toContain(1);
      // With respect to the images themselves: d/dx sum(cutout(x)) is 1 where kept, 0 where erased.
      const dx = tf.grad((v: tf.Tensor) => tf.sum(aug.runSync(erase, v, { step: 0 })))(x);
      expect(Array.from(dx.dataSync())).toEqual(keptValues);
      // Through an op before it: d/dx sum(cutout(2 x)) = 2 where kept.
      const d2x = tf.grad((v: tf.Tensor) => tf.sum(aug.runSync(erase, tf.mul(v, 2), { step: 0 })))(
        x,
      );
      expect(Array.from(d2x.dataSync())).toEqual(keptValues.map((k) => 2 * k));
      // A trainable variable fed straight in.
      const variable = tf.variable(x);
      const { grads } = tf.variableGrads(
        () => tf.sum(aug.runSync(erase, variable, { step: 0 })) as tf.Scalar,
        [variable],
      );
      expect(Array.from(grads[variable.name]!.dataSync())).toEqual(keptValues);
      // Outside a tape the host path runs again: no tfjs kernel.
      const untaped = await tf.profile(() => aug.runSync(erase, x, { step: 0 }).dispose());
      expect(untaped.kernels).toEqual([]);
      tf.dispose([x, kept, dx, d2x, variable, grads[variable.name]!]);
    });

    it('frees what it allocated when a kernel throws (a malformed plan)', () => {
      const x = tf.randomUniform([4, 6, 6, 3]);
      const aug = createAugmenter({ backend: 'reference', seed: 1 });
      const [plan] = aug.plan(mixup({ numClasses: 2 }), batchInfo([4, 6, 6, 3], 'float32'), 0);
      const broken = { ...plan!, partner: undefined } as never;
      const backend = tf.engine().backend;
      const [dataIds, tensors] = [backend.numDataIds(), tf.memory().numTensors];
      expect(() => tfjsBackend().apply(broken, x)).toThrow(TypeError);
      expect([backend.numDataIds(), tf.memory().numTensors]).toEqual([dataIds, tensors]);
      x.dispose();
    });

    it('trains the layers before an augmentation layer in model.fit', async () => {
      const model = sequential();
      model.add(layers.dense({ units: 4, inputShape: [6, 6, 1], kernelInitializer: 'ones' }));
      model.add(new RandomCutout({ patchArea: 0.25, seed: 1 }));
      model.add(layers.flatten());
      model.add(layers.dense({ units: 2, activation: 'softmax' }));
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
      const first = model.layers[0]!.getWeights()[0]!.dataSync().slice();
      const x = tf.randomUniform([8, 6, 6, 1], 0, 1, 'float32', 2);
      const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
      await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
      const after = model.layers[0]!.getWeights()[0]!.dataSync();
      expect(Array.from(after)).not.toEqual(Array.from(first));
      tf.dispose([x, y]);
      model.dispose();
    });
  },
);

describe("core's kernels across tfjs backends", () => {
  it('augment a tensor made under another tfjs backend, wherever its data still is', async () => {
    const ref = createAugmenter({ backend: 'reference', seed: 8 });
    const data = Float32Array.from({ length: 3 * 7 * 9 * 3 }, (_, i) => ((i * 29) % 97) / 97);
    const want = ref.runSync(cutout(), { data, shape: [3, 7, 9, 3] }, { step: 0 }).data;
    for (const [from, to] of [
      ['cpu', 'wasm'],
      ['wasm', 'cpu'],
    ] as const) {
      await useTfBackend(from);
      const x = tf.tensor(data, [3, 7, 9, 3]);
      await useTfBackend(to);
      const memory = tf.memory().numTensors;
      const out = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 8 }).runSync(
        cutout(),
        x,
        { step: 0 },
      );
      expect(Array.from(out.dataSync()), `${from} -> ${to}`).toEqual(Array.from(want));
      expect(Array.from(x.dataSync())).toEqual(Array.from(data));
      tf.dispose([x, out]);
      expect(tf.memory().numTensors).toBe(memory - 1);
    }
    await useTfBackend('cpu');
  });
});

describe('tfjsBackend options', () => {
  it('refuses an unknown option or kernels value, naming it', () => {
    expect(() => tfjsBackend({ kernels: 'fast' as never })).toThrow(
      new ParameterError('tfjsBackend', 'kernels', "one of 'auto', 'tfjs'", 'fast'),
    );
    expect(() => tfjsBackend({ kernel: 'tfjs' } as never)).toThrow(
      'tfjsBackend: "kernel" must be a known option (kernels); received "tfjs"',
    );
  });

  it("with kernels 'tfjs', runs tfjs ops on cpu and wasm too", async () => {
    for (const name of ['cpu', 'wasm'] as const) {
      await useTfBackend(name);
      const aug = createAugmenter<tf.Tensor>({
        backend: tfjsBackend({ kernels: 'tfjs' }),
        seed: 1,
      });
      const x = tf.randomUniform([2, 6, 6, 3]);
      const profile = await tf.profile(() => aug.runSync(cutout(), x).dispose());
      expect(profile.kernels.length, name).toBeGreaterThan(0);
      x.dispose();
    }
    await useTfBackend('cpu');
  });
});
