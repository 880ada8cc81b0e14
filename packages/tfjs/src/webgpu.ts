import type { Backend, Plan } from '@aug/core';
import { checkPlanned } from '@aug/core/backend';
import { type WebGpuBackend, webgpuBackend } from '@aug/webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsBackend } from './backend.js';

/**
 * The parts of tfjs-webgpu's backend (4.x) this path uses: the device, a tensor's GPU
 * buffer, its buffer manager, and flushing its pending commands. They are what its own
 * `dataToGPU` and `tf.tensor({ buffer })` use; a tfjs without them falls back to the
 * generic kernels.
 */
interface TfjsWebGpu {
  readonly device: GPUDevice;
  readonly tensorMap: {
    has(dataId: object): boolean;
    get(dataId: object): { resource?: unknown };
  };
  readonly bufferManager: {
    acquireBuffer(size: number, usage: number): GPUBuffer;
    releaseBuffer(buffer: GPUBuffer): void;
  };
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  makeTensorInfo(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

const STORAGE_COPY = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST

function tfjsWebGpu(images: tf.Tensor): TfjsWebGpu | undefined {
  // Under a gradient tape, tfjs ops (the generic path), which the tape records: a result
  // written by our kernel would cut the gradient off from the images.
  if (
    images.dtype !== 'float32' ||
    images.size === 0 ||
    tf.getBackend() !== 'webgpu' ||
    tf.engine().isTapeOn()
  ) {
    return undefined;
  }
  const backend = tf.engine().backend as unknown as Partial<TfjsWebGpu>;
  const usable =
    backend.device &&
    backend.tensorMap?.has(images.dataId) &&
    typeof backend.bufferManager?.acquireBuffer === 'function' &&
    typeof backend.bufferManager.releaseBuffer === 'function' &&
    typeof backend.submitQueue === 'function' &&
    typeof backend.uploadToGPU === 'function';
  return usable ? (backend as TfjsWebGpu) : undefined;
}

function isBuffer(x: unknown): x is GPUBuffer {
  return typeof x === 'object' && x !== null && typeof (x as GPUBuffer).mapAsync === 'function';
}

/**
 * @aug/tfjs with @aug/webgpu's fused kernels: on tfjs's webgpu backend, a float32
 * batch is augmented by ONE kernel that reads the tensor's own GPU buffer and writes a
 * buffer from tfjs's buffer manager, which becomes the result tensor (tfjs frees it
 * with the tensor). No read-back, no extra copy: the generic path's dozen tfjs ops
 * become one pass. Anything else (other tfjs backends, int32-held uint8 batches, labels)
 * takes the generic @aug/tfjs kernels, so this backend works everywhere @aug/tfjs does.
 */
export function tfjsWebGpuBackend(): Backend<tf.Tensor> {
  const generic = tfjsBackend();
  const kernels = new WeakMap<GPUDevice, WebGpuBackend>();
  const kernelsFor = (device: GPUDevice) => {
    let backend = kernels.get(device);
    if (!backend) {
      backend = webgpuBackend({ device });
      kernels.set(device, backend);
    }
    return backend;
  };

  function apply(plan: Plan, images: tf.Tensor): tf.Tensor {
    const backend = tfjsWebGpu(images);
    // Mismatches are reported as tfjs's, whichever path would run the plan.
    if (backend && !images.isDisposed) checkPlanned(plan.info, images.shape, images.dtype, 'tfjs');
    if (!backend) return generic.apply(plan, images) as tf.Tensor;
    if (images.isDisposed) return generic.apply(plan, images) as tf.Tensor; // its error
    backend.uploadToGPU(images.dataId);
    const resource = backend.tensorMap.get(images.dataId).resource;
    if (!isBuffer(resource)) return generic.apply(plan, images) as tf.Tensor;
    // tfjs records commands and submits later; ours must run after what made the input.
    backend.ensureCommandEncoderReady();
    backend.endComputePassEncoder();
    backend.submitQueue();
    const fused = kernelsFor(backend.device);
    const input = fused.wrap(resource, images.shape, 'float32');
    const output = backend.bufferManager.acquireBuffer(images.size * 4, STORAGE_COPY);
    try {
      fused.applyInto(plan, input, output);
    } catch (error) {
      // Refused before any dispatch (a shape over the kernels' limits): tfjs's buffer goes back.
      backend.bufferManager.releaseBuffer(output);
      throw error;
    }
    const info = backend.makeTensorInfo([...images.shape], 'float32');
    backend.tensorMap.get(info.dataId).resource = output;
    return tf.engine().makeTensorFromTensorInfo(info);
  }

  return { ...generic, name: 'tfjs-webgpu-fused', apply };
}
