import { installNodeWebGpu } from '@aug/conformance/webgpu-node';

/** Validation errors Dawn reported outside any error scope: tests assert there are none. */
export const uncapturedErrors: string[] = [];

let device: GPUDevice | undefined;

/**
 * One device for the whole test file, on Dawn + SwiftShader. Fails (never skips) when
 * there is no adapter: under CI=true installNodeWebGpu throws, and elsewhere this does.
 */
export async function testDevice(): Promise<GPUDevice> {
  if (device) return device;
  const gpu = await installNodeWebGpu();
  const adapter = await gpu?.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter (see packages/webgpu/docs/WEBGPU-ON-CPU.md)');
  device = await adapter.requestDevice();
  device.addEventListener('uncapturederror', (event) => {
    uncapturedErrors.push((event as GPUUncapturedErrorEvent).error.message);
  });
  return device;
}
