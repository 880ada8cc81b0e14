/**
 * `@aug/core/backend`: what a backend implementation needs beyond the public API. The
 * checks every backend makes before any work (so all of them refuse the same inputs with
 * the same words), the encodings plans use, and the pieces of the reference backend that
 * others reuse or test against. Applications do not need this entry: `@aug/core` has
 * everything for augmenting.
 */

export type { Strides } from '../batch.js';
export {
  channelsFirst,
  checkDims,
  checkPlanned,
  dtypeOf,
  imageBatchInfo,
  isBatch,
  plannedShape,
  stridesOf,
} from '../batch.js';
export { choiceOption, describeValue, formatValue, knownOptions } from '../errors.js';
export { boxesOf, cellOf, cellStart, fillRegionBoxes, gridMasked } from '../geometry.js';
export type { LabelKind, LabelMixShape } from '../labels/labels.js';
export {
  checkClassIds,
  labelKind,
  labelMixShape,
  mixedClasses,
  mixLabelArrays,
  oneHot,
} from '../labels/labels.js';
export { planAugmentation } from '../pipeline/pipeline.js';
export { GRID_ROTATION_ONE, WEIGHT_SCALE } from '../plan.js';
export { applyPlan, applyPlanInto } from '../reference/backend.js';
export { channelMeans } from '../reference/mean.js';
export type { Pixels } from '../reference/spans.js';
export { mix32 } from '../reference/spans.js';
export { composeTaps, resizeTaps } from '../sampling/resample.js';
export { divRoundHalfEven, floorMod, roundHalfEven, toUint8 } from '../sampling/round.js';
export { andThen } from './backend.js';
