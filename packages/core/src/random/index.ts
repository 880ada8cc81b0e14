export { mulhi32, philox4x32 } from './philox.js';
export { Random, Stream } from './random.js';
