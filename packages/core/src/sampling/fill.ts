import type { BatchInfo } from '../batch.js';
import { ParameterError } from '../errors.js';
import type { FillMethod, PixelsRange } from '../params/common.js';
import type { Fill } from '../plan.js';
import type { Random } from '../random/random.js';
import { Lane } from './lanes.js';
import { toUint8 } from './round.js';

/** The pixel range in force: the user's, or [0, 1] for float and [0, 255] for uint8. */
function rangeFor(pixelsRange: PixelsRange, info: BatchInfo): readonly [number, number] {
  return pixelsRange ?? (info.dtype === 'uint8' ? [0, 255] : [0, 1]);
}

/**
 * Turns `fillMethod` into the plan's Fill for this batch: named colours scaled to the
 * pixel range, random colours drawn per region of each active image, noise seeds.
 * Colours are converted to the output dtype here, once, so no backend rounds them.
 */
export function resolveFill(
  strategy: string,
  method: FillMethod,
  pixelsRange: PixelsRange,
  info: BatchInfo,
  regions: number,
  rng: Random,
  active: Uint8Array,
): Fill {
  const [low, high] = rangeFor(pixelsRange, info);
  const C = info.channels;
  const isUint8 = info.dtype === 'uint8';
  // A uint8 batch holds integers in [0, 255]; any other range would fill with colours the
  // images cannot have (or none at all, e.g. [0.2, 0.8]), as for fixed colours below.
  if (isUint8 && !(Number.isInteger(low) && Number.isInteger(high) && low >= 0 && high <= 255)) {
    throw new ParameterError(
      strategy,
      'pixelsRange',
      'integers in [0, 255] for a uint8 batch',
      pixelsRange,
    );
  }
  const constant = (values: readonly number[]): Fill => ({
    type: 'constant',
    values: Float32Array.from(values, (v) => (isUint8 ? toUint8(v) : v)),
  });
  switch (method) {
    case 'black':
      return constant(new Array(C).fill(low));
    case 'gray':
      return constant(new Array(C).fill(low + (128 / 255) * (high - low)));
    case 'white':
      return constant(new Array(C).fill(high));
    case 'mean_per_channel':
      return { type: 'mean' };
    case 'random': {
      const values = new Float32Array(info.batch * regions * C);
      for (let b = 0; b < info.batch; b++) {
        if (!active[b]) continue;
        const stream = rng.stream(Lane.fill, b);
        for (let i = b * regions * C; i < (b + 1) * regions * C; i++) {
          // uint8 ranges are integers in [0, 255] (checked above).
          values[i] = isUint8 ? stream.int(low, high) : stream.between(low, high);
        }
      }
      return { type: 'perRegion', regions, values };
    }
    case 'noise': {
      const seeds = new Uint32Array(info.batch);
      for (let b = 0; b < info.batch; b++) {
        if (active[b]) seeds[b] = rng.stream(Lane.fill, b).nextUint32();
      }
      return { type: 'noise', low, high, seeds };
    }
    default: {
      const values = typeof method === 'number' ? new Array<number>(C).fill(method) : method;
      if (values.length !== C) {
        throw new ParameterError(
          strategy,
          'fillMethod',
          `one number per channel (${C} for this batch)`,
          method,
        );
      }
      if (isUint8 && !values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
        throw new ParameterError(
          strategy,
          'fillMethod',
          'integers in [0, 255] for a uint8 batch',
          method,
        );
      }
      return { type: 'constant', values: Float32Array.from(values) };
    }
  }
}
