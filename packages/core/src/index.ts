export type { AugmenterOptions, RunOptions, RunResult, Sample } from './augmenter.js';
export { Augmenter, createAugmenter } from './augmenter.js';
export type { Backend, MaybePromise, TensorDescription } from './backend/backend.js';
export { andThen } from './backend/backend.js';
export {
  type BackendTensorTypes,
  getBackend,
  listBackends,
  registerBackend,
} from './backend/registry.js';
export type {
  BatchInfo,
  ImageBatch,
  ImageData,
  ImageDType,
  LabelBatch,
  LabelData,
  Layout,
  Strides,
} from './batch.js';
export {
  batchInfo,
  channelsFirst,
  checkDims,
  checkPlanned,
  dtypeOf,
  imageBatchInfo,
  isBatch,
  plannedShape,
  stridesOf,
} from './batch.js';
export { parameterReference } from './docs.js';
export {
  AugError,
  describeValue,
  formatValue,
  InputError,
  knownOptions,
  ParameterError,
} from './errors.js';
export {
  boxesOf,
  cellOf,
  cellStart,
  fillRegionBoxes,
  gridMasked,
  regionMask,
} from './geometry.js';
export type { LabelKind, LabelMixShape } from './labels/labels.js';
export {
  checkClassIds,
  labelKind,
  labelMixShape,
  mixedClasses,
  mixLabelArrays,
  oneHot,
} from './labels/labels.js';
export type { FillMethod, FillMethodName, PixelsRange } from './params/common.js';
export { FILL_METHODS } from './params/common.js';
export type {
  Bound,
  OptionsOf,
  ParamControl,
  ParamSpec,
  ParamSpecs,
  ParamsOf,
  Range,
} from './params/spec.js';
export type { Augmentation, Pipeline } from './pipeline/pipeline.js';
export { compose, oneOf, planAugmentation, randomApply } from './pipeline/pipeline.js';
export type {
  BlendPlan,
  BoxRegion,
  CellRegion,
  CompositePlan,
  Fill,
  FillPlan,
  GridRegion,
  LabelMix,
  Plan,
  ResampleStages,
  Sampler,
  Taps,
} from './plan.js';
export { GRID_ROTATION_ONE, WEIGHT_SCALE } from './plan.js';
export { Random, Stream } from './random/random.js';
export type { ReferenceTensor } from './reference/backend.js';
export { applyPlan, referenceBackend } from './reference/backend.js';
export { channelMeans } from './reference/mean.js';
export { resizeImages } from './reference/resize.js';
export type { ResizeMethod } from './sampling/resample.js';
export { composeTaps, RESIZE_METHODS, resizeTaps } from './sampling/resample.js';
export { floorMod, roundHalfEven, toUint8 } from './sampling/round.js';
export type { StrategyName } from './strategies/index.js';
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
  strategies,
} from './strategies/index.js';
export type {
  PlanContext,
  Strategy,
  StrategyDefinition,
  StrategyFactory,
} from './strategies/strategy.js';
export { defineStrategy } from './strategies/strategy.js';
