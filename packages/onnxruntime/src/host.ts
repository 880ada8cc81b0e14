import type { Plan } from '@aug/core';
import { applyPlanInto, type Pixels } from '@aug/core/backend';
import type { Tensor } from 'onnxruntime-common';
import type { OrtModule, OrtRuntime, TensorConstructor } from './ort.js';

/**
 * Execution providers that compute in this process's host memory, where a session run
 * costs more than the work: it copies every input in and the output out, and its graphs
 * rewrite whole batches where core's reference kernels write only the changed regions
 * after one copy (1.5-6.7x faster for fills and pastes, 1.5-3.4x for CutBlur and
 * Cut-Thumbnail; Mixup, one multiply-add per value, about even: apps/bench). GPU
 * providers keep the graphs: their data stays on the GPU.
 */
const HOST_PROVIDERS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/** How plans run: `'auto'` (core's kernels on the host providers) or `'onnx'` (graphs always). */
export type Kernels = 'auto' | 'onnx';

export const KERNELS: readonly Kernels[] = ['auto', 'onnx'];

/**
 * Whether calls may run on the host, by the backend's settings: `'auto'` kernels and a
 * host-memory first execution provider. Each call also needs `hostThreadFree` (and, for
 * images, data on the host).
 */
export function hostEligible(kernels: Kernels, providers: readonly string[]): boolean {
  return kernels === 'auto' && HOST_PROVIDERS.has(providers[0]!);
}

/**
 * Whether calls may compute on the calling thread now. Not where onnxruntime-web runs
 * its sessions in a worker, so that the calling thread (a page's main thread) stays
 * free, which host kernels would undo: with `ort.env.wasm.proxy` on in a page (it
 * proxies only where `document` exists; in a worker or in Node the flag does nothing).
 */
export function hostThreadFree(ort: OrtModule, runtime: OrtRuntime): boolean {
  const page = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  return !(runtime.flavour === 'web' && page && ort.env.wasm?.proxy === true);
}

/**
 * Runs a plan with core's reference kernels on the tensor's data: the reference
 * backend's results bit for bit (noise included), into a new tensor of the same type.
 */
export function hostApply(Tensor: TensorConstructor, plan: Plan, images: Tensor): Tensor {
  // Images are float32 or uint8 (checked against the plan): Float32Array or Uint8Array.
  const src = images.data as Float32Array | Uint8Array;
  const out = images.type === 'float32' ? new Float32Array(src.length) : new Uint8Array(src.length);
  applyPlanInto(plan, src as Pixels, out as Pixels);
  return new Tensor(images.type, out, images.dims);
}
