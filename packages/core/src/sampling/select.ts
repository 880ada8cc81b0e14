import type { Stream } from '../random/random.js';

/**
 * Which images a strategy augments. Among the eligible images (all, or those a pipeline
 * gate lets through): exactly round(ratio * n) at uniformly random positions, or, with
 * `bernoulli`, each independently with probability `ratio`.
 */
export function selectActive(
  stream: Stream,
  batch: number,
  ratio: number,
  bernoulli: boolean,
  gate?: Uint8Array,
): Uint8Array {
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
