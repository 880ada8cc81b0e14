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

/**
 * A mixing strategy's labels. Smoothing applies to every row the strategy was given (its
 * gate: all rows, or the images a `oneOf` branch or `randomApply` routed to it), whether
 * or not the image was augmented, so that each image is smoothed once per strategy that
 * smooths it, never by a sibling branch it did not take.
 */
export function labelMix(
  partner: Int32Array,
  weight: Float32Array,
  params: { numClasses?: number | undefined; labelSmoothing?: number },
  gate: Uint8Array | undefined,
): LabelMix {
  const epsilon = params.labelSmoothing ?? 0;
  const smoothing = new Float32Array(partner.length);
  for (let b = 0; b < smoothing.length; b++) smoothing[b] = !gate || gate[b] ? epsilon : 0;
  return { partner, weight, smoothing, numClasses: params.numClasses };
}
