import {
  type Backend,
  createAugmenter,
  type LabelBatch,
  type Strategy,
  type StrategyFactory,
  type StrategyName,
  strategies,
} from '@aug/core';
import { asUint8Batch, type Uint8Batch } from './batch.js';
import { imageClassIds } from './labels.js';

/**
 * A strategy with the user's options. Image b is class b (see imageClassIds), so the
 * strategies that can mix labels get numClasses = the number of images; the others
 * refuse parameters they do not have, so it is only given where the spec has it.
 * Throws core's ParameterError for an invalid option.
 */
export function configureStrategy(
  name: StrategyName,
  options: Readonly<Record<string, unknown>>,
  count: number,
): Strategy<any> {
  // Each factory types its own options; core checks them at run time against its specs.
  const factory = strategies[name] as StrategyFactory<any>;
  const withClasses = 'numClasses' in factory.definition.params;
  return factory(withClasses ? { ...options, numClasses: count } : options);
}

export interface Augmented {
  readonly images: Uint8Batch;
  /** Mixed labels `[B, B]`: row b says how much of each image image b holds. */
  readonly labels: LabelBatch;
}

/**
 * Augments a batch with a fresh augmenter of `seed`, so the result depends only on the
 * seed, the strategy and the batch: not on earlier calls, and not on the backend.
 */
export async function augmentBatch(
  strategy: Strategy<any>,
  originals: Uint8Batch,
  { backend, seed }: { readonly backend: string | Backend<any>; readonly seed: number },
): Promise<Augmented> {
  const augmenter = createAugmenter({ backend, seed });
  const labels = imageClassIds(originals.shape[0]);
  const out = await augmenter.run(strategy, { images: originals, labels });
  return { images: asUint8Batch(out.images), labels: out.labels };
}
