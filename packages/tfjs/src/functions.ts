import { createAugmenter, cutMix, InputError, type Layout, mixup } from '@aug/core';
import { describeValue, knownOptions } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsBackend } from './backend.js';
import { asCall } from './calls.js';

/** Reproducibility controls of the functions: a seed and the training step. */
export interface SeedOptions {
  /** With a seed, the same (seed, step) always gives the same result. Default: random. */
  seed?: number;
  /** The training step (e.g. the batch index); default 0. Pass it with a seed. */
  step?: number;
  /** 'NHWC' ([B, H, W, C], tfjs's layout) or 'NCHW' ([B, C, H, W]). Default: 'NHWC'. */
  layout?: Layout;
}

const SEED_OPTIONS = ['seed', 'step', 'layout'] satisfies (keyof SeedOptions)[];

function mixWith<F extends typeof cutMix | typeof mixup>(name: string, make: F) {
  return (
    images: tf.Tensor,
    labels: tf.Tensor,
    options: NonNullable<Parameters<F>[0]> & SeedOptions = {} as never,
  ) => {
    // The augmenter would take neutral batches too; these functions are for tensors.
    for (const [what, x] of [
      ['images', images],
      ['labels', labels],
    ] as const) {
      if (!(x instanceof tf.Tensor)) {
        const received = describeValue(x);
        // A tfjs tensor that is not a tf.Tensor here was made by another copy of tfjs-core.
        const hint = received.startsWith('a tfjs Tensor')
          ? ": a tensor of another copy of @tensorflow/tfjs-core than @aug/tfjs's (install one copy)"
          : '';
        throw new InputError(
          `${name}: ${what} must be a tf.Tensor${what === 'labels' ? ' ([B, K] soft labels, or [B] class ids with numClasses)' : ''}; received ${received}${hint}`,
        );
      }
    }
    // Unknown names are refused here, where the whole list of what is known is.
    const known = [...Object.keys(make.definition.params), ...SEED_OPTIONS];
    const {
      seed,
      step = 0,
      layout,
      ...strategyOptions
    } = knownOptions(name, options, known) as typeof options;
    const strategy = make(strategyOptions as never);
    return asCall(name, () => {
      const augmenter = createAugmenter<tf.Tensor>({
        backend: tfjsBackend(),
        ...(seed === undefined ? {} : { seed }),
      });
      const out = augmenter.runSync(
        strategy,
        { images, labels },
        { step, ...(layout === undefined ? {} : { layout }) },
      );
      return { images: out.images as tf.Tensor, labels: out.labels as tf.Tensor };
    });
  };
}

/**
 * CutMix for a custom training step: returns new `{ images, labels }` tensors; labels
 * become float32 [B, K] mixed by the pasted area. Labels may be [B, K] or int32 class ids
 * [B] with `numClasses`. Inputs are not modified or disposed.
 */
export const randomCutMix = mixWith('randomCutMix', cutMix);

/** Mixup for a custom training step: as `randomCutMix`, blending whole images. */
export const randomMixup = mixWith('randomMixup', mixup);
