import type { MaybePromise } from '@aug/core';

export interface MeasureOptions<R> {
  /** Keep calling until this much time has passed since the first timed call. Default 1000. */
  readonly minTimeMs?: number;
  /** ... and until at least this many timed calls. Default 3. */
  readonly minIterations?: number;
  /** Receives each call's result after its timing stops (to free device memory). */
  readonly discard?: (result: R) => void;
  /** Milliseconds; injectable so the loop can be tested with a fake clock. */
  readonly now?: () => number;
}

export interface Measurement {
  /** Median of the timed calls, in ms per call. */
  readonly medianMs: number;
  readonly iterations: number;
  /** Every timed call, in order, in ms. */
  readonly samplesMs: readonly number[];
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Times `call` (which gets the iteration number: 0 for the warm-up, then 1, 2, ...):
 * one untimed warm-up, then timed calls until both minimums are met. The median is
 * reported because a single GC pause or page-fault storm should not move the result.
 *
 * A promise returned by `call` is awaited inside the timing; a plain value is not, so a
 * synchronous workload pays no microtask per call.
 */
export async function measure<R>(
  call: (iteration: number) => MaybePromise<R>,
  options: MeasureOptions<R> = {},
): Promise<Measurement> {
  const { minTimeMs = 1000, minIterations = 3, discard, now = () => performance.now() } = options;
  let warmUp = call(0);
  if (warmUp instanceof Promise) warmUp = await warmUp;
  discard?.(warmUp);

  const samplesMs: number[] = [];
  const startedAt = now();
  while (samplesMs.length < minIterations || now() - startedAt < minTimeMs) {
    const start = now();
    let result = call(samplesMs.length + 1);
    if (result instanceof Promise) result = await result;
    samplesMs.push(now() - start);
    // Dropping the result here, every iteration, keeps memory flat and lets the garbage
    // collector run inside the loop as it would in training; its cost is part of the time.
    discard?.(result);
  }
  return { medianMs: median(samplesMs), iterations: samplesMs.length, samplesMs };
}
