import type { GpuTensor } from './tensor.js';

// Module-level, not per backend: a tensor may be disposed through any backend on its
// device, and a disposed one must be refused by all of them.

/** The handles that own their buffer (outputs, uploads, and their clones): how to free it. */
const owners = new WeakMap<GpuTensor, () => void>();
/** Live owning handles of a buffer, listed only when there are two or more (clones). */
const shared = new WeakMap<GPUBuffer, number>();
const disposed = new WeakSet<GpuTensor>();
/**
 * The device of every buffer a backend made (uploads, outputs). WebGPU does not refuse a
 * buffer of another device: the dispatch fails validation, a warning is logged, and the
 * output reads as zeros. A buffer the user brought (`wrap`) is not listed: nothing in
 * WebGPU says which device made it.
 */
const devices = new WeakMap<GPUBuffer, GPUDevice>();

/** Records the device that made `buffer`. */
export function madeOn(buffer: GPUBuffer, device: GPUDevice): GPUBuffer {
  devices.set(buffer, device);
  return buffer;
}

/** Whether `buffer` is known to belong to another device than `device`. */
export function ofAnotherDevice(buffer: GPUBuffer, device: GPUDevice): boolean {
  const made = devices.get(buffer);
  return made !== undefined && made !== device;
}

/**
 * Marks `tensor` as owning its buffer: disposing it calls `free` (back to a pool, or
 * destroy). Handles of buffers the user brought (`wrap`, `applyInto`) are never owned,
 * whatever made the buffer, so disposing one never frees a buffer another handle uses.
 */
export function owned(tensor: GpuTensor, free: () => void): GpuTensor {
  owners.set(tensor, free);
  return tensor;
}

export function isDisposed(tensor: GpuTensor): boolean {
  return disposed.has(tensor);
}

/** A second handle on the same buffer; an owned buffer is freed once both are disposed. */
export function share(tensor: GpuTensor): GpuTensor {
  const copy: GpuTensor = { ...tensor, shape: [...tensor.shape] };
  const free = owners.get(tensor);
  if (free) {
    owners.set(copy, free);
    shared.set(tensor.buffer, (shared.get(tensor.buffer) ?? 1) + 1);
  }
  return copy;
}

/** Disposes a handle: once; frees the buffer when it was the last owning handle. */
export function release(tensor: GpuTensor): void {
  if (disposed.has(tensor)) return;
  disposed.add(tensor);
  const free = owners.get(tensor);
  if (!free) return;
  const count = shared.get(tensor.buffer);
  if (count === undefined) free();
  else if (count > 2) shared.set(tensor.buffer, count - 1);
  else shared.delete(tensor.buffer);
}
