import { type Augmenter, createAugmenter, type ImageDType } from '@aug/core';
import {
  identityModel,
  type OnnxruntimeBackend,
  type OrtModule,
  onnxruntimeBackend,
} from '@aug/onnxruntime';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { type BenchTarget, CopyDestination } from '../target.js';
import { fillPixels } from './reference.js';

export type OrtRuntime = 'node' | 'web';

/** The module of a runtime, or undefined where it does not load (no native binding). */
async function load(runtime: OrtRuntime): Promise<OrtModule | undefined> {
  try {
    return runtime === 'node'
      ? ((await import('onnxruntime-node')) as unknown as OrtModule)
      : ((await import('onnxruntime-web')) as unknown as OrtModule);
  } catch {
    return undefined;
  }
}

/**
 * How @aug/onnxruntime runs plans: its default (`'default'`: core's kernels on the
 * tensors' data, on these host providers) or ONNX graphs always (`'graphs'`:
 * `kernels: 'onnx'`, as on GPU providers or with `ort.env.wasm.proxy`).
 */
export type OrtBenchVariant = 'default' | 'graphs';

/**
 * @aug/onnxruntime on onnxruntime-node's CPU execution provider or onnxruntime-web's
 * wasm one (in Node). The copy baseline is the cheapest full read and write of the path
 * measured: for the graphs, an Identity graph run on the same batch (one session.run with
 * the same feeding and fetching as an augmentation); for the default, core's kernels, a
 * copy of the tensor's data into a new tensor, as those kernels make.
 */
export function onnxruntimeTarget(
  runtime: OrtRuntime,
  variant: OrtBenchVariant = 'default',
): BenchTarget<Tensor> {
  const provider = runtime === 'node' ? 'cpu' : 'wasm';
  const kernels = variant === 'graphs' ? 'onnx' : 'auto';
  let ort: OrtModule | undefined;
  let backend: OnnxruntimeBackend | undefined;
  const identity = new Map<ImageDType, Promise<InferenceSession>>();
  const copies = new CopyDestination<Tensor>();

  const ready = async () => {
    ort ??= await load(runtime);
    if (ort && !backend)
      backend = onnxruntimeBackend({ ort, executionProviders: [provider], kernels });
    return ort !== undefined;
  };
  const identitySession = (dtype: ImageDType) => {
    let session = identity.get(dtype);
    if (!session) {
      session = ort!.InferenceSession.create(identityModel(dtype), {
        executionProviders: [provider],
      });
      identity.set(dtype, session);
    }
    return session;
  };

  return {
    name: `onnxruntime-${runtime}-${provider}${variant === 'graphs' ? '-graphs' : ''}`,
    available: ready,
    async makeBatch(batch, height, width, channels, dtype) {
      await ready();
      const length = batch * height * width * channels;
      const data = dtype === 'uint8' ? new Uint8Array(length) : new Float32Array(length);
      fillPixels(data, dtype);
      return copies.input(new ort!.Tensor(dtype, data, [batch, height, width, channels]));
    },
    augmenter: (seed): Augmenter<Tensor> => createAugmenter<Tensor>({ backend: backend!, seed }),
    augment: (augmenter, augmentation, input, step) => augmenter.run(augmentation, input, { step }),
    async copy(input) {
      if (variant === 'default') {
        const data = (input.data as Float32Array | Uint8Array).slice();
        return copies.replace(new ort!.Tensor(input.type, data, input.dims));
      }
      const session = await identitySession(input.type as ImageDType);
      return copies.replace((await session.run({ images: input })).output!);
    },
    dispose: (x) => copies.dispose(x),
  };
}
