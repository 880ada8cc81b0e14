import { ParameterError } from '../errors.js';
import {
  booleanParam,
  numberOrRangeParam,
  numberParam,
  type ParamSpec,
  type Where,
} from './spec.js';

/** The colour names of `fillMethod`. */
export const FILL_METHODS = [
  'black',
  'gray',
  'white',
  'mean_per_channel',
  'random',
  'noise',
] as const;
export type FillMethodName = (typeof FILL_METHODS)[number];
/** A fill: a method name, one number for every channel, or one number per channel. */
export type FillMethod = FillMethodName | number | readonly number[];

/**
 * Fills and ranges end up in float32 images (and float32 GPU parameters): a value that
 * float32 cannot hold would arrive as Infinity.
 */
const isFloat32 = (x: unknown): x is number =>
  typeof x === 'number' && Number.isFinite(Math.fround(x));
const FLOAT32_RANGE = "within float32's range (|x| <= 3.4e38)";

const FILL_RULE = `one of ${FILL_METHODS.map((m) => `'${m}'`).join(', ')}, a number, or an array of numbers (one per channel), ${FLOAT32_RANGE}`;

export function fillParam(doc: string): ParamSpec<FillMethod, FillMethod> {
  return {
    doc: `${doc} A number (or one per channel) is a pixel value, written as is: 0.5 is mid-gray for float images in [0, 1], 128 for uint8.`,
    default: 'black',
    rule: FILL_RULE,
    control: { type: 'fill', choices: FILL_METHODS },
    parse(value: unknown, where: Where) {
      const v = value === undefined ? 'black' : value;
      if (typeof v === 'string' && (FILL_METHODS as readonly string[]).includes(v)) {
        return v as FillMethodName;
      }
      if (isFloat32(v)) return v;
      if (Array.isArray(v) && v.length > 0 && v.every(isFloat32)) {
        return Object.freeze([...v]) as readonly number[];
      }
      throw new ParameterError(where.strategy, where.parameter, FILL_RULE, value);
    },
  };
}

/** `[min, max]`, or undefined for "by dtype": [0, 1] for float input, [0, 255] for uint8. */
export type PixelsRange = readonly [number, number] | undefined;

const RANGE_RULE = `a pair [min, max] of numbers with min < max, where min, max and max - min are ${FLOAT32_RANGE}`;

export const pixelsRangeParam: ParamSpec<readonly [number, number], PixelsRange> = {
  doc: "The value range of the input pixels: the named fills ('black', 'gray', 'white') are placed in it and 'random' and 'noise' drawn from it (numeric fills are not scaled). Default: [0, 1] for float input, [0, 255] for uint8 (where it must be integers in [0, 255]).",
  default: undefined,
  rule: RANGE_RULE,
  control: { type: 'pixelsRange' },
  parse(value: unknown, where: Where) {
    if (value === undefined) return undefined;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every(isFloat32) &&
      value[0]! < value[1]! &&
      isFloat32(value[1]! - value[0]!)
    ) {
      return [value[0]!, value[1]!] as const;
    }
    throw new ParameterError(where.strategy, where.parameter, RANGE_RULE, value);
  },
};

/** `augmentationRatio` and `bernoulliMix`: which images of the batch are augmented. */
export const selectionParams = {
  augmentationRatio: numberParam({
    min: 0,
    max: 1,
    default: 1,
    doc: 'Fraction of the batch to augment. With bernoulliMix false, exactly round(augmentationRatio * B) images, at random positions.',
  }),
  bernoulliMix: booleanParam({
    default: false,
    doc: 'If true, each image is augmented independently with probability augmentationRatio, instead of an exact count.',
  }),
};

/** `fillMethod` and `pixelsRange`, shared by the fill strategies. */
export function fillParams(fillDoc: string) {
  return { fillMethod: fillParam(fillDoc), pixelsRange: pixelsRangeParam };
}

/** `patchArea` and `patchAspectRatio` with the seed's defaults. */
export function patchParams(areaDoc: string) {
  return {
    patchArea: numberOrRangeParam({
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      default: [0.05, 0.3],
      doc: areaDoc,
    }),
    patchAspectRatio: numberOrRangeParam({
      min: 0,
      minExclusive: true,
      default: [0.3, 3.0],
      doc: 'Patch height / width: a number, or [min, max] sampled log-uniformly for each patch.',
    }),
  };
}

export const numPatchesParam = numberParam({
  min: 1,
  integer: true,
  default: 1,
  doc: 'Number of independent patches per image (overlaps allowed; a later patch paints over an earlier one). One call holds at most 2^24 patches (numPatches x B).',
});
