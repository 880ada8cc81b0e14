import {
  type Layout,
  RESIZE_METHODS,
  type Strategy,
  type StrategyName,
  strategies,
} from '@aug/core';

/** One configuration of one strategy that the suite runs over the whole matrix. */
export interface Variant {
  readonly strategy: StrategyName;
  /** Short label for test names. */
  readonly label: string;
  readonly options: Record<string, unknown>;
}

/** One input geometry. `channels: 0` means a rank-3 [B, H, W] grayscale batch. */
export interface Geometry {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export interface Matrix {
  readonly geometries: readonly Geometry[];
  readonly layouts: readonly Layout[];
  readonly seeds: readonly number[];
}

const v = (
  strategy: StrategyName,
  label: string,
  options: Record<string, unknown> = {},
): Variant => ({
  strategy,
  label,
  options,
});

/** Every strategy with its defaults and the edges of its parameters. */
export const VARIANTS: readonly Variant[] = [
  v('cutout', 'defaults'),
  v('cutout', '3 patches, random fill, half the batch', {
    numPatches: 3,
    fillMethod: 'random',
    patchArea: 0.2,
    augmentationRatio: 0.5,
  }),
  v('cutout', 'mean fill, bernoulliMix', {
    fillMethod: 'mean_per_channel',
    bernoulliMix: true,
    augmentationRatio: 0.7,
  }),
  v('cutout', 'noise fill', { fillMethod: 'noise', patchArea: 0.4 }),
  v('cutout', 'gray fill, custom range', { fillMethod: 'gray', pixelsRange: [16, 200] }),
  v('randomErasing', 'defaults'),
  v('randomErasing', 'gray fill, 2 patches, fixed size and ratio', {
    fillMethod: 'gray',
    numPatches: 2,
    patchArea: 0.25,
    patchAspectRatio: 2,
  }),
  v('randomErasing', 'random fill, none augmented', { fillMethod: 'random', augmentationRatio: 0 }),
  v('hideAndSeek', 'defaults'),
  v('hideAndSeek', '3x5 grid, many cells, random fill', {
    gridSize: [3, 5],
    erasedPatches: [4, 20],
    fillMethod: 'random',
  }),
  v('hideAndSeek', 'grid finer than the image, mean fill', {
    gridSize: [16, 16],
    erasedPatches: [30, 60],
    fillMethod: 'mean_per_channel',
  }),
  v('gridMask', 'defaults'),
  v('gridMask', 'rotated, random fill', { rotate: [-45, 45], fillMethod: 'random' }),
  v('gridMask', 'small units, white, bernoulliMix', {
    unitLength: [0.05, 0.1],
    maskedRatio: 0.3,
    fillMethod: 'white',
    bernoulliMix: true,
  }),
  v('cutMix', 'defaults'),
  v('cutMix', 'alpha 0.2, fixed ratio, smoothing', {
    alpha: 0.2,
    patchAspectRatio: 1,
    labelSmoothing: 0.1,
    augmentationRatio: 0.5,
  }),
  v('cutMix', 'large fixed area', { patchArea: 0.9 }),
  v('mixup', 'defaults'),
  v('mixup', 'alpha 0.4, bernoulliMix', { alpha: 0.4, bernoulliMix: true, augmentationRatio: 0.6 }),
  v('cutBlur', 'defaults'),
  v('cutBlur', 'blur factor 0.5, large patch', { blurFactor: 0.5, patchArea: [0.3, 0.6] }),
  ...RESIZE_METHODS.map((m) =>
    v('cutThumbnail', `${m} thumbnail`, { resizeMethod: m, thumbnailArea: 0.2 }),
  ),
  v('cutThumbnail', 'from another image', { source: 'other', thumbnailArea: 0.3 }),
  v('cutThumbnail', 'from another image, label smoothing', {
    source: 'other',
    labelSmoothing: 0.2,
    augmentationRatio: 0.5,
  }),
  v('cutPaste', 'defaults'),
  v('cutPaste', 'large patch', { patchArea: [0.4, 0.6] }),
  v('cutSwap', 'defaults'),
  v('cutSwap', 'patches that must overlap', { patchArea: 0.6, patchAspectRatio: 1 }),
];

/**
 * Shapes that break naive kernels: non-square, odd, 1 x 1, a single row, B = 1, B = 0;
 * one whose rows are whole 16-byte vectors in float32 and uint8 (as 224 x 224 x 3),
 * where vectorised kernels take their fast paths; and one with sides past 32 (a row or a
 * column of per-pixel bits spans two 32-bit words, an unequal number for rows and
 * columns) whose batch is whole 16-byte vectors but whose images are not (2142 elements:
 * vectors straddle two images, in float32 and uint8).
 */
const GEOMETRIES: readonly Geometry[] = [
  { batch: 4, height: 8, width: 8, channels: 3 },
  { batch: 3, height: 7, width: 13, channels: 1 },
  { batch: 5, height: 12, width: 9, channels: 4 },
  { batch: 2, height: 16, width: 5, channels: 0 },
  { batch: 1, height: 1, width: 1, channels: 3 },
  { batch: 3, height: 1, width: 9, channels: 3 },
  { batch: 1, height: 10, width: 10, channels: 3 },
  { batch: 0, height: 4, width: 4, channels: 3 },
  { batch: 6, height: 24, width: 20, channels: 3 },
  { batch: 2, height: 16, width: 32, channels: 3 },
  { batch: 8, height: 21, width: 34, channels: 3 },
];

export const FULL_MATRIX: Matrix = {
  geometries: GEOMETRIES,
  layouts: ['NHWC', 'NCHW'],
  seeds: [1, 2],
};

/** For slow backends (a software GPU): still every edge shape, fewer repeats. */
export const QUICK_MATRIX: Matrix = {
  geometries: GEOMETRIES.filter((g) => g.batch !== 6),
  layouts: ['NHWC', 'NCHW'],
  seeds: [7],
};

/**
 * Every strategy with its defaults, and `numClasses` for those that take it: one call
 * each, for checks that must reach every strategy (a backend's own tests too).
 */
export function defaultStrategies(numClasses: number): [StrategyName, Strategy<any>][] {
  return (Object.keys(strategies) as StrategyName[]).map((name) => {
    const make = strategies[name];
    const labelled = 'numClasses' in make.definition.params;
    return [name, make((labelled ? { numClasses } : {}) as never) as Strategy<any>];
  });
}
