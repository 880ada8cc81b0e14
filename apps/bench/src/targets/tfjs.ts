import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { type Augmenter, createAugmenter } from '@aug/core';
import { tfjsBackend } from '@aug/tfjs';
import { tfjsWebGpuBackend } from '@aug/tfjs/webgpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type BenchTarget, CopyDestination } from '../target.js';
import { eraseByHand, mixupByHand } from './tfjs-by-hand.js';

const require = createRequire(import.meta.url);

export type TfjsBenchBackend = 'cpu' | 'wasm' | 'webgpu';

/** The WebGPU adapter tfjs-webgpu runs on, named as the GPU kit's reports name it. */
let webgpuDevice: string | undefined;

async function use(backend: TfjsBenchBackend): Promise<boolean> {
  if (tf.getBackend() === backend) return true;
  if (backend === 'webgpu') {
    // Dawn in Node (SwiftShader here, the real GPU with the kit); false without an adapter.
    const { installNodeWebGpu } = await import('@aug/conformance/webgpu-node');
    const gpu = await installNodeWebGpu();
    if (!gpu) return false;
    // The adapter tfjs-webgpu asks for (its WEBGPU_USE_LOW_POWER_GPU flag is off by default).
    const info = (await gpu.requestAdapter({ powerPreference: 'high-performance' }))?.info;
    webgpuDevice = info
      ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim()
      : undefined;
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  if (backend === 'wasm') {
    // Imported here, not at the top: the GPU machine's bundle (`scripts/pack-for-gpu.sh`)
    // carries no .wasm files and leaves this package out.
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(
      `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`,
    );
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  return ok;
}

/** tfjs-webgpu records commands and submits later: submit them, then wait for the GPU. */
async function drainWebGpu(): Promise<void> {
  const backend = tf.backend() as unknown as {
    device: GPUDevice;
    ensureCommandEncoderReady(): void;
    endComputePassEncoder(): void;
    submitQueue(): void;
  };
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.device.queue.onSubmittedWorkDone();
}

/**
 * How @aug/tfjs runs plans: its default (`tfjsBackend()`: core's kernels on the tensors'
 * values on cpu and wasm, tfjs ops elsewhere), tfjs ops always (`'ops'`:
 * `tfjsBackend({ kernels: 'tfjs' })`, as under a gradient tape), or @aug/webgpu's
 * one-pass kernels on tfjs-webgpu's buffers (`'fused'`: `@aug/tfjs/webgpu`).
 */
export type TfjsBenchVariant = 'default' | 'ops' | 'fused';

/**
 * @aug/tfjs on one tfjs backend. The copy baseline is one elementwise kernel (x + 0): the
 * cheapest full read and write a tfjs user has (tf.clone only shares the data).
 */
export function tfjsTarget(
  backend: TfjsBenchBackend,
  variant: TfjsBenchVariant = 'default',
): BenchTarget<tf.Tensor> {
  const copies = new CopyDestination<tf.Tensor>();
  const makeBackend = () =>
    variant === 'fused'
      ? tfjsWebGpuBackend()
      : tfjsBackend(variant === 'ops' ? { kernels: 'tfjs' } : {});
  return {
    name: `tfjs-${backend}${variant === 'default' ? '' : `-${variant}`}`,
    available: () => use(backend),
    ...(backend === 'webgpu' ? { device: () => webgpuDevice } : {}),
    async makeBatch(batch, height, width, channels, dtype) {
      await use(backend);
      const shape = [batch, height, width, channels];
      return copies.input(
        dtype === 'uint8'
          ? tf.randomUniform(shape, 0, 256, 'int32', 1)
          : tf.randomUniform(shape, 0, 1, 'float32', 1),
      );
    },
    augmenter: (seed): Augmenter<tf.Tensor> =>
      createAugmenter<tf.Tensor>({ backend: makeBackend(), seed }),
    handWritten: { cutout: eraseByHand, mixup: mixupByHand },
    ...(backend === 'webgpu' ? { settle: drainWebGpu } : {}),
    augment: (augmenter, augmentation, input, step) =>
      augmenter.runSync(augmentation, input, { step }),
    copy: (input) => copies.replace(tf.tidy(() => tf.add(input, tf.scalar(0, input.dtype)))),
    dispose: (x) => copies.dispose(x),
  };
}
