import type { Random } from '../random/random.js';
import { Lane } from './lanes.js';

/** The parameters every strategy has for choosing its images (`selectionParams`). */
export interface Selection {
  readonly augmentationRatio: number;
  readonly bernoulliMix: boolean;
}

/**
 * Which images a strategy augments, from its key's selection lane. Among the eligible
 * images (all, or those a pipeline gate lets through): exactly round(ratio * n) at
 * uniformly random positions, or, with `bernoulliMix`, each independently with
 * probability `augmentationRatio`.
 */
export function selectActive(
  selection: Selection,
  batch: number,
  rng: Random,
  gate?: Uint8Array,
): Uint8Array {
  const { augmentationRatio: ratio, bernoulliMix: bernoulli } = selection;
  const stream = rng.stream(Lane.select);
  const active = new Uint8Array(batch);
  const eligible: number[] = [];
  for (let b = 0; b < batch; b++) if (!gate || gate[b]) eligible.push(b);
  if (bernoulli) {
    for (const b of eligible) active[b] = stream.bernoulli(ratio) ? 1 : 0;
  } else {
    for (const b of stream.sample(eligible, Math.round(ratio * eligible.length))) active[b] = 1;
  }
  return active;
}
