export type { WebGpuBackend, WebGpuBackendOptions } from './backend.js';
export { webgpuBackend } from './backend.js';
export { requestAugDevice } from './device.js';
export type { GpuDType, GpuTensor } from './tensor.js';
