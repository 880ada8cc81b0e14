import type { LabelMix } from '../plan.js';
import type { Random } from '../random/random.js';
import { Lane } from './lanes.js';

/**
 * Partner of every image: a random derangement, so no image is mixed with itself when
 * B >= 2 (a self-pair would be a wasted augmentation). For B < 2 the identity.
 */
export function samplePartners(rng: Random, batch: number): Int32Array {
  return rng.stream(Lane.partner).derangement(batch);
}

export function labelMix(
  partner: Int32Array,
  weight: Float32Array,
  params: { numClasses?: number | undefined; labelSmoothing?: number },
): LabelMix {
  return {
    partner,
    weight,
    smoothing: params.labelSmoothing ?? 0,
    numClasses: params.numClasses,
  };
}
