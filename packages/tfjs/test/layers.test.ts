import {
  createAugmenter,
  cutMix,
  cutout,
  InputError,
  mixup,
  ParameterError,
  randomErasing,
} from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { layers, loadLayersModel, sequential } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUGMENTATION_LAYERS,
  RandomCutout,
  RandomCutThumbnail,
  RandomErasing,
  RandomGridMask,
  randomCutMix,
  randomMixup,
  registerLayers,
  tfjsBackend,
} from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

beforeAll(() => useTfBackend('cpu'));

const batch = () => tf.randomUniform([6, 12, 12, 1], 0, 1, 'float32', 7) as tf.Tensor4D;

/** A small classifier; with `augment`, the eight augmentation layers first. */
function classifier(augment: boolean) {
  const model = sequential();
  model.add(layers.inputLayer({ inputShape: [12, 12, 1] }));
  if (augment) {
    for (const [i, Layer] of AUGMENTATION_LAYERS.entries()) model.add(new Layer({ seed: i + 1 }));
  }
  model.add(layers.flatten());
  model.add(layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'glorotUniform' }));
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  return model;
}

describe('augmentation layers', () => {
  it('augment when training, are the identity otherwise, and leak nothing', () => {
    const x = batch();
    const layer = new RandomCutout({ patchArea: 0.3, seed: 3 });
    const before = tf.memory().numTensors;
    const inference = layer.apply(x) as tf.Tensor;
    expect(Array.from(inference.dataSync())).toEqual(Array.from(x.dataSync()));
    inference.dispose();
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(training.dataSync())).not.toEqual(Array.from(x.dataSync()));
    // Same as the augmenter with the same seed at step 0; the next call draws new numbers.
    const expected = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 3 }).runSync(
      cutout({ patchArea: 0.3 }),
      x,
      { step: 0 },
    );
    expect(Array.from(training.dataSync())).toEqual(Array.from(expected.dataSync()));
    const again = layer.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(again.dataSync())).not.toEqual(Array.from(training.dataSync()));
    for (const t of [training, expected, again]) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('validate their options when built, and serialise them', () => {
    expect(() => new RandomGridMask({ maskedRatio: 2 })).toThrow(
      'gridMask: "maskedRatio" must be a number > 0 and < 1; received 2',
    );
    const config = new RandomGridMask({
      maskedRatio: 0.3,
      rotate: [0, 45],
      seed: 9,
      name: 'grid',
    }).getConfig();
    expect(config).toMatchObject({ maskedRatio: 0.3, rotate: [0, 45], seed: 9, name: 'grid' });
  });

  it('are registered for loading on import, and again by registerLayers()', () => {
    const { classNameMap } = tf.serialization.SerializationMap.getMap();
    const registered = () => AUGMENTATION_LAYERS.map((L) => classNameMap[L.className]?.[0]);
    expect(registered()).toEqual([...AUGMENTATION_LAYERS]);
    // As in a bundled app whose bundler dropped the import-time registration.
    for (const L of AUGMENTATION_LAYERS) delete classNameMap[L.className];
    expect(registered()).toEqual(AUGMENTATION_LAYERS.map(() => undefined));
    registerLayers();
    registerLayers(); // harmless
    expect(registered()).toEqual([...AUGMENTATION_LAYERS]);
  });

  it('refuse options that would mix labels, which a layer never sees', () => {
    expect(() => new RandomCutThumbnail({ source: 'other' })).toThrow(
      `RandomCutThumbnail: "source" must be 'self' in a layer, which sees no labels to mix (use the augmenter with labels); received "other"`,
    );
    expect(() => new RandomCutThumbnail({ source: 'self', thumbnailArea: 0.2 })).not.toThrow();
  });

  it('a model with all eight trains, saves, loads, and predicts like an un-augmented copy', async () => {
    const model = classifier(true);
    const x = batch();
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    // model.fit must reach the layers in training mode: count the calls that augment.
    const first = model.layers.find((l) => l instanceof RandomCutout) as RandomCutout;
    const call = first.call.bind(first);
    let trainingCalls = 0;
    first.call = (inputs, kwargs) => {
      if (kwargs?.training) trainingCalls++;
      return call(inputs, kwargs);
    };
    const history = await model.fit(x, y, { epochs: 2, batchSize: 3, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(trainingCalls).toBe(4);
    first.call = call;

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      ...AUGMENTATION_LAYERS.map((L) => L.className),
      'Flatten',
      'Dense',
    ]);

    const plain = classifier(false);
    plain.layers.at(-1)!.setWeights(model.layers.at(-1)!.getWeights());
    const want = plain.predict(x) as tf.Tensor;
    for (const m of [model, loaded]) {
      const got = m.predict(x) as tf.Tensor;
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
      got.dispose();
    }
    want.dispose();
    x.dispose();
    y.dispose();
  });
});

describe('augmentation layers, less usual', () => {
  async function roundTrip(model: ReturnType<typeof sequential>) {
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    return loadLayersModel(tf.io.fromMemory(saved!));
  }

  it('save and load string options tfjs would re-case, and channelsFirst', async () => {
    const model = sequential();
    model.add(layers.inputLayer({ inputShape: [1, 12, 12] }));
    model.add(
      new RandomCutout({ fillMethod: 'mean_per_channel', seed: 1, dataFormat: 'channelsFirst' }),
    );
    model.add(
      new RandomGridMask({ fillMethod: 'mean_per_channel', seed: 2, dataFormat: 'channelsFirst' }),
    );
    model.add(
      new RandomCutThumbnail({ resizeMethod: 'lanczos3', seed: 3, dataFormat: 'channelsFirst' }),
    );
    const loaded = await roundTrip(model);
    for (const [i, layer] of loaded.layers.entries()) {
      expect(layer.getConfig()).toEqual(model.layers[i]!.getConfig());
    }
    expect(loaded.layers[1]!.getConfig()).toMatchObject({
      fillMethod: 'mean_per_channel',
      dataFormat: 'channelsFirst',
    });
    // channelsFirst: [B, 1, 12, 12] is one channel of 12x12, as NCHW to the augmenter.
    const x = tf.randomUniform([2, 1, 12, 12], 0, 1, 'float32', 5);
    const got = loaded.layers[1]!.apply(x, { training: true }) as tf.Tensor;
    const want = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 1 }).runSync(
      cutout({ fillMethod: 'mean_per_channel' }),
      x,
      { step: 0, layout: 'NCHW' },
    );
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    tf.dispose([x, got, want]);
    expect(() => new RandomCutout({ dataFormat: 'NCHW' as never })).toThrow(
      `RandomCutout: "dataFormat" must be 'channelsLast' or 'channelsFirst'; received "NCHW"`,
    );
    expect(() => new RandomCutout({ dataFormat: 'NCHW' as never })).toThrow(ParameterError);
    // Misspelt options are refused with everything the layer takes, and layer-level
    // options are named after the layer, not after the core calls it makes.
    expect(() => new RandomCutout({ dataFormt: 'channelsFirst' } as never)).toThrow(
      /^RandomCutout: "dataFormt" must be a known option \(patchArea, .*, seed, step, dataFormat, inputShape, .*\); received "channelsFirst"$/,
    );
    expect(() => new RandomCutout({ seed: 1.5 })).toThrow(
      'RandomCutout: "seed" must be an integer >= 0 and < 2^53; received 1.5',
    );
    expect(() => new RandomCutout({ seed: 1.5 })).toThrow(ParameterError);
    const layer = new RandomCutout();
    const two = [tf.zeros([1, 4, 4, 3]), tf.zeros([1, 4, 4, 3])];
    expect(() => layer.call(two, { training: true })).toThrow(InputError);
    expect(() => layer.call(two, { training: true })).toThrow(
      'RandomCutout: expected exactly one input tensor',
    );
    tf.dispose(two);
  });

  it('save the step counter: training resumed from a saved model goes on, not back to step 0', async () => {
    const model = sequential();
    model.add(layers.inputLayer({ inputShape: [12, 12, 3] }));
    model.add(new RandomErasing({ fillMethod: 'random', seed: 4 }));
    const x = tf.randomUniform([3, 12, 12, 3], 0, 1, 'float32', 6);
    const atStep = (step: number) =>
      createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 4 }).runSync(
        randomErasing({ fillMethod: 'random' }),
        x,
        { step },
      );
    for (let i = 0; i < 3; i++)
      tf.dispose(model.layers[1]!.apply(x, { training: true }) as tf.Tensor);
    expect(model.layers[1]!.getConfig()).toMatchObject({ seed: 4, step: 3 });
    const loaded = await roundTrip(model);
    const got = loaded.layers[1]!.apply(x, { training: true }) as tf.Tensor;
    const [want, first] = [atStep(3), atStep(0)];
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(Array.from(got.dataSync())).not.toEqual(Array.from(first.dataSync()));
    tf.dispose([x, got, want, first]);
    // A refused call (a batch of the wrong rank) takes no step.
    const flat = tf.ones([3, 12]);
    expect(() => loaded.layers[1]!.apply(flat, { training: true })).toThrow();
    expect(loaded.layers[1]!.getConfig()).toMatchObject({ step: 4 });
    flat.dispose();
    expect(new RandomCutout({ step: 7 }).getConfig()).toMatchObject({ step: 7 });
    expect(() => new RandomCutout({ step: -1 })).toThrow(
      'RandomCutout: "step" must be an integer >= 0; received -1',
    );
    expect(() => new RandomCutout({ step: 1.5 })).toThrow('received 1.5');
  });

  it('train behind a trainable layer: gradients flow through every one of the eight', async () => {
    const model = sequential();
    model.add(layers.dense({ inputShape: [4], units: 12 * 12, kernelInitializer: 'ones' }));
    model.add(layers.reshape({ targetShape: [12, 12, 1] }));
    for (const [i, Layer] of AUGMENTATION_LAYERS.entries()) model.add(new Layer({ seed: i + 1 }));
    model.add(layers.flatten());
    model.add(layers.dense({ units: 3, activation: 'softmax' }));
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([6, 4], 0, 1, 'float32', 8);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    const first = model.layers[0]!.getWeights()[0]!.dataSync().slice();
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 1, batchSize: 6, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    // The first layer learnt: a gradient reached it through the augmentation layers.
    expect(Array.from(model.layers[0]!.getWeights()[0]!.dataSync())).not.toEqual(Array.from(first));
    tf.dispose([x, y]);
  });
});

describe('randomCutMix and randomMixup', () => {
  it('return mixed images and labels, as the augmenter does, leaking nothing', () => {
    const x = tf.randomUniform([4, 8, 8, 3], 0, 1, 'float32', 2);
    const ids = tf.tensor1d([0, 1, 2, 1], 'int32');
    const before = tf.memory().numTensors;
    const out = randomCutMix(x, ids, { numClasses: 3, seed: 5, step: 2 });
    expect(out.labels.shape).toEqual([4, 3]);
    const ref = createAugmenter({ backend: 'reference', seed: 5 }).runSync(
      cutMix({ numClasses: 3 }),
      {
        images: { data: x.dataSync() as Float32Array, shape: [4, 8, 8, 3] },
        labels: { data: ids.dataSync() as Int32Array, shape: [4] },
      },
      { step: 2 },
    );
    expect(Array.from(out.images.dataSync())).toEqual(Array.from(ref.images.data));
    expect(Array.from(out.labels.dataSync())).toEqual(Array.from(ref.labels.data));
    const mixed = randomMixup(x, tf.oneHot(ids, 3), { alpha: 0.4, seed: 5 });
    const rows = tf.sum(mixed.labels, 1).dataSync();
    for (const r of rows) expect(r).toBeCloseTo(1, 6);
    for (const t of [out.images, out.labels, mixed.images, mixed.labels]) t.dispose();
    expect(tf.memory().numTensors).toBe(before + 2); // the oneHot input and the row sums above
    expect(() => randomMixup(x, ids)).toThrow(/give numClasses/);
    expect(() => randomCutMix(x, undefined as never)).toThrow(
      'randomCutMix: labels must be a tf.Tensor ([B, K] soft labels, or [B] class ids with numClasses); received undefined',
    );
    expect(() => randomMixup([[1]] as never, ids)).toThrow(
      'randomMixup: images must be a tf.Tensor; received an array of 1',
    );
    // A tensor of a second tfjs-core copy looks like one but is not a tf.Tensor here.
    const foreign = { dataId: {}, shape: [2, 4, 4, 3], dtype: 'float32' };
    expect(() => randomMixup(foreign as never, ids)).toThrow(
      "randomMixup: images must be a tf.Tensor; received a tfjs Tensor (float32 [2, 4, 4, 3]): a tensor of another copy of @tensorflow/tfjs-core than @aug/tfjs's (install one copy)",
    );
    // Seed 0 is a seed like any other, and the step defaults to 0: the augmenter's first.
    const atZero = randomCutMix(x, ids, { numClasses: 3, seed: 0 });
    const refZero = createAugmenter({ backend: 'reference', seed: 0 }).runSync(
      cutMix({ numClasses: 3 }),
      {
        images: { data: x.dataSync() as Float32Array, shape: [4, 8, 8, 3] },
        labels: { data: ids.dataSync() as Int32Array, shape: [4] },
      },
      { step: 0 },
    );
    expect(Array.from(atZero.images.dataSync()), 'seed 0').toEqual(Array.from(refZero.images.data));
    expect(Array.from(atZero.labels.dataSync()), 'seed 0').toEqual(Array.from(refZero.labels.data));
    tf.dispose([atZero.images, atZero.labels]);
    // NCHW batches: the same as the augmenter with that layout.
    const nchw = tf.transpose(x, [0, 3, 1, 2]);
    const channelsFirst = randomCutMix(nchw, ids, { numClasses: 3, seed: 5, layout: 'NCHW' });
    const channelsLast = randomCutMix(x, ids, { numClasses: 3, seed: 5 });
    const back = tf.transpose(channelsFirst.images, [0, 2, 3, 1]);
    expect(Array.from(back.dataSync())).toEqual(Array.from(channelsLast.images.dataSync()));
    tf.dispose([nchw, back, channelsFirst.images, channelsFirst.labels]);
    tf.dispose([channelsLast.images, channelsLast.labels]);
    expect(() => randomCutMix(x, ids, { numClasses: 3, alpha: -1 } as never)).toThrow(
      'cutMix: "alpha" must be a number > 0; received -1',
    );
    const held = tf.memory().numTensors;
    for (const [options, message] of [
      [
        { numClasses: 3, stpe: 3 },
        /^randomCutMix: "stpe" must be a known option \(.*numClasses.*, seed, step, layout\); received 3$/,
      ],
      [{ numClasses: 3, step: '3' }, 'randomCutMix: "step" must be an integer >= 0; received "3"'],
      [
        { numClasses: 3, seed: 1.5 },
        'randomCutMix: "seed" must be an integer >= 0 and < 2^53; received 1.5',
      ],
      [
        { numClasses: 3, layout: 'NWHC' },
        `randomCutMix: "layout" must be 'NHWC' or 'NCHW'; received "NWHC"`,
      ],
    ] as const) {
      expect(() => randomCutMix(x, ids, options as never)).toThrow(message);
      expect(() => randomCutMix(x, ids, options as never)).toThrow(ParameterError);
    }
    expect(tf.memory().numTensors).toBe(held);
    x.dispose();
    ids.dispose();
    expect(mixup).toBeDefined();
  });
});
