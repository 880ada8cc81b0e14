import { cutBlur } from './cutBlur.js';
import { cutMix } from './cutMix.js';
import { cutout } from './cutout.js';
import { cutPaste } from './cutPaste.js';
import { cutSwap } from './cutSwap.js';
import { cutThumbnail } from './cutThumbnail.js';
import { gridMask } from './gridMask.js';
import { hideAndSeek } from './hideAndSeek.js';
import { mixup } from './mixup.js';
import { randomErasing } from './randomErasing.js';

export {
  cutBlur,
  cutMix,
  cutout,
  cutPaste,
  cutSwap,
  cutThumbnail,
  gridMask,
  hideAndSeek,
  mixup,
  randomErasing,
};

/** The ten strategies by name, in the seed's order. */
export const strategies = {
  cutout,
  randomErasing,
  hideAndSeek,
  gridMask,
  cutMix,
  mixup,
  cutBlur,
  cutThumbnail,
  cutPaste,
  cutSwap,
} as const;

export type StrategyName = keyof typeof strategies;
