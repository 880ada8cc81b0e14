import { ParameterError } from '../errors.js';

/**
 * The most regions (patches, grid cells) one plan holds for a whole batch. A plan is
 * typed arrays on the host and a parameter buffer on a GPU, a few words per region
 * (and one colour per region and channel with `fillMethod: 'random'`): past this, a
 * call would need gigabytes for bookkeeping alone, and fail in an allocator with a
 * message that names nothing the user chose.
 */
const MAX_REGIONS_PER_CALL = 2 ** 24;

/**
 * Refuses a plan of `perImage` regions for each of `batch` images when it would hold
 * more than MAX_REGIONS_PER_CALL, naming the parameter that sets `perImage`.
 */
export function checkRegionCount(
  strategy: string,
  parameter: string,
  value: unknown,
  perImage: number,
  batch: number,
): void {
  const total = perImage * batch;
  if (total > MAX_REGIONS_PER_CALL) {
    throw new ParameterError(
      strategy,
      parameter,
      `at most 2^24 = ${MAX_REGIONS_PER_CALL} regions per call (per image x B); it gives ${perImage} x ${batch} = ${total} for this batch`,
      value,
    );
  }
}
