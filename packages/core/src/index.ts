export type { AugmenterOptions, RunOptions, RunResult, Sample } from './augmenter.js';
export { Augmenter, createAugmenter } from './augmenter.js';
export type { Backend, MaybePromise, TensorDescription } from './backend/backend.js';
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
} from './batch.js';
export { batchInfo } from './batch.js';
export { parameterReference } from './docs.js';
export { AugError, InputError, ParameterError } from './errors.js';
export { regionMask } from './geometry.js';
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
export { compose, oneOf, randomApply } from './pipeline/pipeline.js';
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
export { Random, Stream } from './random/random.js';
export type { ReferenceBackend, ReferenceTensor } from './reference/backend.js';
export { referenceBackend } from './reference/backend.js';
export { resizeImages } from './reference/resize.js';
export type { ResizeMethod } from './sampling/resample.js';
export { RESIZE_METHODS } from './sampling/resample.js';
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
