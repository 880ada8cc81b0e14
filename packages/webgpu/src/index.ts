// The WebGPU types (GPUDevice, GPUBuffer, ...) that this package's declarations use come
// with it: a user's project needs no `types: ["@webgpu/types"]` of its own.
/// <reference types="@webgpu/types" preserve="true" />
export type { WebGpuBackend, WebGpuBackendOptions } from './backend.js';
export { webgpuBackend } from './backend.js';
export { requestAugDevice } from './device.js';
export type { GpuDType, GpuTensor } from './tensor.js';
