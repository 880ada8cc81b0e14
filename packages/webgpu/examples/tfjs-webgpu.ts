/**
 * Augmenting tfjs-webgpu tensors with @aug/webgpu's fused kernels, on tfjs's own device,
 * without a round trip through the CPU:
 *
 *   tf tensor --dataToGPU()--> GPUBuffer --@aug/webgpu kernel--> GPUBuffer --tf.tensor()--> tf tensor
 *
 * test/tfjs-webgpu.test.ts runs it in Node (Dawn) and checks it against the reference backend.
 */
import { type Augmentation, createAugmenter } from '@aug/core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import { type GpuTensor, webgpuBackend } from '../src/index.js';

/**
 * Augments a float32 NHWC tfjs-webgpu tensor with an image-only strategy (CutMix and
 * Mixup need labels: `@aug/tfjs/webgpu` runs them on tfjs tensors); returns a new tensor
 * (the input is left as it is). `zeroCopy: true` hands the kernel's output buffer to tfjs as is (one pass
 * fewer); tfjs then never frees it, so `release()` must be called once the result is
 * disposed. With `zeroCopy: false` tfjs copies the buffer and the output goes straight
 * back to the backend's pool.
 */
export function augmentTensor(
  x: tf.Tensor4D,
  augmentation: Augmentation,
  options: { seed: number; step: number; zeroCopy?: boolean },
): { result: tf.Tensor4D; release(): void } {
  const device = (tf.backend() as WebGPUBackend).device;
  const backend = backendFor(device);
  // dataToGPU submits tfjs's pending work and copies the tensor into a buffer we may
  // read. A tensor made on the host (tf.tensor, tf.randomUniform) lives on the GPU only
  // after its first GPU op, so one is run for it.
  const { buffer, tensorRef } = onGpu(x);
  const images = backend.wrap(buffer, x.shape, 'float32');
  const augmenter = createAugmenter<GpuTensor>({ backend, seed: options.seed });
  let out: GpuTensor;
  try {
    out = augmenter.runSync(augmentation, images, { step: options.step });
  } finally {
    tensorRef.dispose(); // the copy dataToGPU made, also when the call is refused
  }
  const result = tf.tensor(
    { buffer: out.buffer, zeroCopy: options.zeroCopy ?? false },
    x.shape,
    'float32',
  ) as tf.Tensor4D;
  if (!options.zeroCopy) {
    // tfjs copied the buffer (submitted at once), so it can be reused now.
    backend.dispose(out);
    return { result, release() {} };
  }
  return { result, release: () => backend.dispose(out) };
}

function onGpu(x: tf.Tensor4D): { buffer: GPUBuffer; tensorRef: tf.Tensor } {
  try {
    const { buffer, tensorRef } = x.dataToGPU();
    if (buffer) return { buffer, tensorRef };
    tensorRef.dispose();
  } catch (error) {
    if (!String(error).includes('not on GPU')) throw error;
  }
  const staged = tf.tidy(() => tf.add(x, 0));
  const { buffer, tensorRef } = staged.dataToGPU();
  staged.dispose();
  if (!buffer) throw new Error('augmentTensor: the tensor is not on the webgpu backend');
  return { buffer, tensorRef };
}

const backends = new WeakMap<GPUDevice, ReturnType<typeof webgpuBackend>>();
/** One backend per device, so compiled kernels and pooled buffers are shared across calls. */
function backendFor(device: GPUDevice) {
  let backend = backends.get(device);
  if (!backend) {
    backend = webgpuBackend({ device });
    backends.set(device, backend);
  }
  return backend;
}
