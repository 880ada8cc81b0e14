let adapter: Promise<GPUAdapter | null> | undefined;

/**
 * This browser's WebGPU adapter, or null; asked for once, since every WebGPU entry
 * (tfjs, raw WebGPU, onnxruntime) probes with it.
 */
export function gpuAdapter(): Promise<GPUAdapter | null> {
  adapter ??= navigator.gpu.requestAdapter().catch(() => null);
  return adapter;
}
