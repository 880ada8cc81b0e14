import { createAugmenter, cutMix, mixup } from '@aug/core';
import type * as tf from '@tensorflow/tfjs-core';
import { tfjsBackend } from './backend.js';

/** Reproducibility controls of the functions: a seed and the training step. */
export interface SeedOptions {
  /** With a seed, the same (seed, step) always gives the same result. Default: random. */
  seed?: number;
  /** The training step (e.g. the batch index); default 0. Pass it with a seed. */
  step?: number;
}

type OptionsOf<F> = F extends (options?: infer O) => unknown ? O : never;

function mixWith<F extends typeof cutMix | typeof mixup>(make: F) {
  return (
    images: tf.Tensor,
    labels: tf.Tensor,
    options: OptionsOf<F> & SeedOptions = {} as never,
  ) => {
    const { seed, step = 0, ...strategyOptions } = options;
    const augmenter = createAugmenter<tf.Tensor>({
      backend: tfjsBackend(),
      ...(seed === undefined ? {} : { seed }),
    });
    const out = augmenter.runSync(make(strategyOptions as never), { images, labels }, { step });
    return { images: out.images as tf.Tensor, labels: out.labels as tf.Tensor };
  };
}

/**
 * CutMix for a custom training step: returns new `{ images, labels }` tensors; labels
 * become float32 [B, K] mixed by the pasted area. Labels may be [B, K] or int32 class ids
 * [B] with `numClasses`. Inputs are not modified or disposed.
 */
export const randomCutMix = mixWith(cutMix);

/** Mixup for a custom training step: as `randomCutMix`, blending whole images. */
export const randomMixup = mixWith(mixup);
