/// <reference types="@webgpu/types" preserve="true" />

import { create, globals } from 'webgpu';

/**
 * WebGPU in Node through Dawn (the `webgpu` package) on SwiftShader, as
 * packages/webgpu/docs/WEBGPU-ON-CPU.md describes. The GPU object must stay reachable while any
 * adapter or device lives (Dawn segfaults if it is collected), hence the module-level
 * holder that `gpuInUse()` reads.
 */
let gpu: GPU | undefined;

export function gpuInUse(): GPU | undefined {
  return gpu;
}

/** Installs `navigator.gpu` for code written for browsers; undefined when there is no adapter. */
export async function installNodeWebGpu(): Promise<GPU | undefined> {
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  Object.assign(globalThis, globals);
  gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu },
    writable: true,
    configurable: true,
  });
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    if (process.env.CI)
      throw new Error(
        'WebGPU: no adapter (is chromium-common installed and VK_ICD_FILENAMES set?)',
      );
    return undefined;
  }
  return gpu;
}
