import { ParameterError } from '@aug/core';

/**
 * A device for augmenting large batches: the adapter's largest storage buffers instead
 * of WebGPU's default 128 MiB binding limit (a [256, 224, 224, 3] float32 batch is 154 MB).
 * Any device works with the backend; this one only raises those limits.
 */
export async function requestAugDevice(
  adapter: GPUAdapter,
  descriptor: GPUDeviceDescriptor = {},
): Promise<GPUDevice> {
  // requestAdapter() resolves to null where there is no WebGPU adapter.
  if (typeof adapter?.requestDevice !== 'function') {
    throw new ParameterError(
      'requestAugDevice',
      'adapter',
      'a GPUAdapter',
      adapter,
      'navigator.gpu.requestAdapter() gives null where WebGPU has no adapter',
    );
  }
  return adapter.requestDevice({
    ...descriptor,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      ...descriptor.requiredLimits,
    },
  });
}
