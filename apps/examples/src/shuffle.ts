import { Random } from '@aug/core';

/** The random lane of the epoch shuffles; the augmentations draw from their own keys. */
const SHUFFLE_LANE = 0x5f;

/**
 * The order in which an epoch visits `count` training images: a permutation that depends
 * only on (seed, epoch), so that a run with the same --seed sees the same batches.
 * (model.fit's own shuffle uses Math.random, which cannot be seeded.)
 */
export function epochOrder(seed: number, epoch: number, count: number): Int32Array {
  return Random.fromSeed(seed).stream(SHUFFLE_LANE, epoch).permutation(count);
}
