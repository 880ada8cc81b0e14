#!/usr/bin/env node
/**
 * Example (b): a custom training loop. Each batch goes through randomCutMix or
 * randomMixup (alternating), which return mixed images and soft labels; the loss is
 * softmax cross-entropy against those soft labels, minimised with optimizer.minimize.
 */
import { randomCutMix, randomMixup } from '@aug/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ExampleOptions } from './args.js';
import { isEntryPoint, processConsole, runExampleCli } from './cli.js';
import { NUM_CLASSES } from './data.js';
import { accuracyOf } from './evaluate.js';
import { buildClassifier, LEARNING_RATE } from './model.js';
import { type EpochReport, formatEpoch, type RunReport } from './report.js';
import { setUpExample } from './setup.js';
import { epochOrder } from './shuffle.js';
import { imagesToTensor, labelsToTensor } from './tensors.js';

/** CutMix on even steps, Mixup on odd ones. */
const MIXES = [randomCutMix, randomMixup] as const;

/** The training data, on the backend for the whole run. */
interface TrainingSet {
  readonly images: tf.Tensor4D;
  /** int32 class ids [count]: the mixes one-hot them with numClasses. */
  readonly ids: tf.Tensor1D;
}

/**
 * One optimizer step on the rows `batch` of the training set; returns the batch's mean
 * loss. With `step` (augmenting), the batch is mixed with the seed and step, so that a
 * rerun mixes alike; without, its labels are plain one-hot rows.
 */
function trainStep(
  model: LayersModel,
  optimizer: tf.Optimizer,
  data: TrainingSet,
  batch: Int32Array,
  mixing: { seed: number; step: number } | undefined,
): number {
  // tidy frees the batch, the mixed copies and the logits; minimize frees the gradients.
  const loss = tf.tidy(() => {
    const rows = tf.tensor1d(batch, 'int32');
    const images = tf.gather(data.images, rows);
    const ids = tf.gather(data.ids, rows);
    const mixed = mixing
      ? MIXES[mixing.step % MIXES.length]!(images, ids, { numClasses: NUM_CLASSES, ...mixing })
      : { images, labels: tf.cast(tf.oneHot(ids, NUM_CLASSES), 'float32') };
    return optimizer.minimize(() => {
      const logits = model.apply(mixed.images, { training: true }) as tf.Tensor;
      return tf.losses.softmaxCrossEntropy(mixed.labels, logits) as tf.Scalar;
    }, true)!;
  });
  const value = loss.dataSync()[0]!;
  loss.dispose();
  return value;
}

/** Trains the classifier with (or, with augment: false, without) CutMix / Mixup batches. */
export async function customLoop(
  options: ExampleOptions,
  log: (line: string) => void = () => {},
): Promise<RunReport> {
  const { train, test } = await setUpExample(options);
  const data: TrainingSet = { images: imagesToTensor(train), ids: labelsToTensor(train) };
  const testImages = imagesToTensor(test);
  const model = buildClassifier({
    inputShape: [train.rows, train.cols, 1],
    numClasses: NUM_CLASSES,
    seed: options.seed,
    head: 'logits',
  });
  const optimizer = tf.train.adam(LEARNING_RATE);
  const { batchSize, seed } = options;
  try {
    const epochs: EpochReport[] = [];
    let step = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = epochOrder(seed, epoch, train.count);
      const started = performance.now();
      let lossSum = 0;
      for (let start = 0; start < train.count; start += batchSize) {
        const batch = order.subarray(start, start + batchSize);
        const mixing = options.augment ? { seed, step } : undefined;
        lossSum += trainStep(model, optimizer, data, batch, mixing) * batch.length;
        step++;
      }
      const seconds = (performance.now() - started) / 1000;
      const report: EpochReport = {
        epoch: epoch + 1,
        loss: lossSum / train.count,
        testAccuracy: accuracyOf(model, testImages, test.labels, batchSize),
        imagesPerSecond: train.count / seconds,
        numTensors: tf.memory().numTensors,
      };
      epochs.push(report);
      log(formatEpoch(report, options.epochs));
    }
    return {
      backend: options.backend,
      augment: options.augment,
      trainCount: train.count,
      testCount: test.count,
      epochs,
      testAccuracy: accuracyOf(model, testImages, test.labels, batchSize),
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    tf.dispose([data.images, data.ids, testImages]);
  }
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runExampleCli(
    'loop', // as pnpm runs it: pnpm --filter @aug/examples loop
    customLoop,
    process.argv.slice(2),
    processConsole(),
  );
}
