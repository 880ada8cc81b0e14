#!/usr/bin/env node
/**
 * Example (a): @aug/tfjs augmentation layers at the front of a tf.sequential model,
 * trained with model.fit. The layers augment only in training; evaluate() and predict()
 * see the images unchanged.
 */
import { RandomErasing, RandomGridMask } from '@aug/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, layers } from '@tensorflow/tfjs-layers';
import type { ExampleOptions } from './args.js';
import { isEntryPoint, processConsole, runExampleCli } from './cli.js';
import { type LabeledImages, NUM_CLASSES } from './data.js';
import { buildClassifier, LEARNING_RATE } from './model.js';
import { type EpochReport, formatEpoch, type RunReport } from './report.js';
import { setUpExample } from './setup.js';
import { epochOrder } from './shuffle.js';
import { imagesToTensor, labelsToTensor } from './tensors.js';

/** The augmentation layers in front of the classifier, seeded from the run's seed. */
export function augmentationLayers(seed: number): layers.Layer[] {
  return [
    // Random Erasing as its paper uses it: about half the images, one patch of noise.
    new RandomErasing({ seed, augmentationRatio: 0.5, bernoulliMix: true, fillMethod: 'noise' }),
    // Its own seed, as the tfjs README advises. (With one seed the two would still pick
    // different images: the strategy's name is part of the key. Two layers of the same
    // strategy and options would not.)
    new RandomGridMask({ seed: seed + 1, augmentationRatio: 0.3, bernoulliMix: true }),
  ];
}

/** A number from fit's logs, which type their values as `number | Tensor`. */
function logValue(values: readonly (number | tf.Tensor)[] | undefined, key: string): number {
  const value = values?.[0];
  if (value === undefined) throw new Error(`model.fit reported no '${key}'`);
  return typeof value === 'number' ? value : value.dataSync()[0]!;
}

/** One epoch of model.fit over a seeded shuffle of the training set. */
async function fitEpoch(
  model: LayersModel,
  images: tf.Tensor4D,
  targets: tf.Tensor2D,
  epoch: number,
  options: ExampleOptions,
): Promise<EpochReport> {
  const count = images.shape[0];
  const [x, y] = tf.tidy(() => {
    const order = tf.tensor1d(epochOrder(options.seed, epoch, count), 'int32');
    return [tf.gather(images, order), tf.gather(targets, order)];
  });
  const started = performance.now();
  // One fit call per epoch with shuffle: false, because fit's own shuffle uses
  // Math.random: this way the same --seed gives the same batches.
  const history = await model.fit(x, y, {
    batchSize: options.batchSize,
    epochs: epoch + 1,
    initialEpoch: epoch,
    shuffle: false,
    verbose: 0,
  });
  const seconds = (performance.now() - started) / 1000;
  tf.dispose([x, y]);
  return {
    epoch: epoch + 1,
    loss: logValue(history.history.loss, 'loss'),
    trainAccuracy: logValue(history.history.acc, 'acc'),
    imagesPerSecond: count / seconds,
    numTensors: tf.memory().numTensors,
  };
}

/** Test accuracy with model.evaluate (the augmentation layers are the identity there). */
function evaluateAccuracy(
  model: LayersModel,
  images: tf.Tensor4D,
  targets: tf.Tensor2D,
  batchSize: number,
): number {
  const results = model.evaluate(images, targets, { batchSize }) as tf.Scalar[];
  const accuracy = results[1]!.dataSync()[0]!;
  tf.dispose(results);
  return accuracy;
}

/** Trains the classifier with (or, with augment: false, without) the augmentation layers. */
export async function fitWithLayers(
  options: ExampleOptions,
  log: (line: string) => void = () => {},
): Promise<RunReport> {
  const { train, test } = await setUpExample(options);
  const oneHot = (set: LabeledImages) =>
    tf.tidy(() => tf.cast(tf.oneHot(labelsToTensor(set), NUM_CLASSES), 'float32') as tf.Tensor2D);
  const trainImages = imagesToTensor(train);
  const trainTargets = oneHot(train);
  const testImages = imagesToTensor(test);
  const testTargets = oneHot(test);
  const model = buildClassifier({
    inputShape: [train.rows, train.cols, 1],
    numClasses: NUM_CLASSES,
    seed: options.seed,
    head: 'softmax',
    preprocessing: options.augment ? augmentationLayers(options.seed) : [],
  });
  // Our own optimizer instance: the model does not dispose optimizers it was handed.
  const optimizer = tf.train.adam(LEARNING_RATE);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  try {
    const epochs: EpochReport[] = [];
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const report = await fitEpoch(model, trainImages, trainTargets, epoch, options);
      epochs.push(report);
      log(formatEpoch(report, options.epochs));
    }
    return {
      backend: options.backend,
      augment: options.augment,
      trainCount: train.count,
      testCount: test.count,
      epochs,
      testAccuracy: evaluateAccuracy(model, testImages, testTargets, options.batchSize),
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([trainImages, trainTargets, testImages, testTargets]);
  }
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runExampleCli(
    'fit', // as pnpm runs it: pnpm --filter @aug/examples fit
    fitWithLayers,
    process.argv.slice(2),
    processConsole(),
  );
}
