export type { Geometry, Matrix, Variant } from './cases.js';
export { FULL_MATRIX, QUICK_MATRIX, VARIANTS } from './cases.js';
export { EXACT, firstMismatch, RESAMPLED } from './compare.js';
export { makeInput, makeLabels, shapeOf } from './inputs.js';
export { indexer, transpose } from './layout.js';
export { naiveApply } from './naive.js';
export type { ConformanceOptions } from './suite.js';
export { runConformance } from './suite.js';
