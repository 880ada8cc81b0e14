export type { Geometry } from './cases.js';
export { defaultStrategies } from './cases.js';
export { bitsOf, EXACT, firstMismatch, RESAMPLED, type Tolerance } from './compare.js';
export { makeInput, makeLabels } from './inputs.js';
export { naiveApply } from './naive.js';
export type { ConformanceOptions } from './suite.js';
export { runConformance } from './suite.js';
