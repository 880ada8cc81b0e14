import {
  AugError,
  type Backend,
  InputError,
  type LabelData,
  type LabelMix,
  type Plan,
} from '@aug/core';
import {
  checkClassIds,
  choiceOption,
  knownOptions,
  labelMixShape,
  mixLabelArrays,
  oneHot,
} from '@aug/core/backend';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { compositeChangesAnything } from './graphs/composite.js';
import { type Feeds, type GraphKey, graphKey, planFeeds } from './graphs/index.js';
import { labelFeeds } from './graphs/labels.js';
import { hostApply, hostEligible, hostThreadFree, KERNELS, type Kernels } from './host.js';
import {
  checkOrt,
  checkProviders,
  type ExecutionProvider,
  type OrtModule,
  providerName,
} from './ort.js';
import { SessionCache } from './sessions.js';
import {
  checkImages,
  cloneTensor,
  hasHostData,
  isOrtTensor,
  tensorData,
  toOrtFeeds,
  uploadBatch,
} from './tensors.js';

export interface OnnxruntimeBackendOptions {
  /** The onnxruntime module: `import * as ort from 'onnxruntime-web'` (or 'onnxruntime-node'). */
  readonly ort: OrtModule;
  /** Default: ['wasm'] on onnxruntime-web, ['cpu'] on onnxruntime-node. */
  readonly executionProviders?: readonly ExecutionProvider[];
  /**
   * Passed to every InferenceSession.create (threads, optimisation level, logging); the
   * host kernels create no session.
   */
  readonly sessionOptions?: Omit<InferenceSession.SessionOptions, 'executionProviders'>;
  /**
   * How plans run. `'auto'` (the default): when the first execution provider computes in
   * host memory (`cpu`, `wasm`) and the images are CPU tensors, with core's reference
   * kernels on the tensor's data (1.5-6.7x faster than a session run there, Mixup aside,
   * and the reference backend's results bit for bit, noise included), unless
   * onnxruntime-web's `ort.env.wasm.proxy` is on in a page (sessions then run in a
   * worker, off the page's thread); labels likewise. Otherwise, and always with
   * `'onnx'`, as ONNX graphs in sessions.
   */
  readonly kernels?: Kernels;
}

/** The backend, plus what a backend holding native sessions needs. */
export interface OnnxruntimeBackend extends Backend<Tensor> {
  /** Sessions run asynchronously: `aug.runSync` on this backend does not compile. */
  readonly synchronous: false;
  /** The execution providers every session uses. */
  readonly executionProviders: readonly string[];
  /** How many sessions (one per graph) are cached. */
  readonly sessionCount: number;
  /** Releases every cached session (native memory); later calls create them again. */
  release(): Promise<void>;
}

/**
 * The @aug backend for onnxruntime: each plan kind (and structure, e.g. the fill type)
 * is an ONNX graph built in TypeScript with dynamic batch, height and width; its session
 * is created once and cached; a call feeds the plan's numbers as graph inputs. On the
 * host providers (cpu, wasm) core's kernels run on CPU tensors instead, by default
 * (`kernels`). Asynchronous, as onnxruntime is. Images are ort.Tensors of type float32
 * or uint8.
 */
export function onnxruntimeBackend(options: OnnxruntimeBackendOptions): OnnxruntimeBackend {
  const given = knownOptions('onnxruntimeBackend', options ?? undefined, [
    'ort',
    'executionProviders',
    'sessionOptions',
    'kernels',
  ]) as Partial<OnnxruntimeBackendOptions>;
  const ort = given.ort as OrtModule; // checked next
  const runtime = checkOrt(ort);
  const providers = checkProviders(ort, runtime, given.executionProviders);
  const names = providers.map(providerName);
  const name = `onnxruntime-${names[0]}`;
  const kernels = choiceOption('onnxruntimeBackend', 'kernels', given.kernels, KERNELS, 'auto');
  const hostKernels = hostEligible(kernels, names);
  const onHost = () => hostKernels && hostThreadFree(ort, runtime);
  const sessions = new SessionCache(
    ort,
    { ...given.sessionOptions, executionProviders: providers },
    name,
  );

  /** Runs a graph; frees the feeds and any output but `output`, whatever happens. */
  async function run(key: GraphKey, inputs: Record<string, Tensor>, feeds: Feeds): Promise<Tensor> {
    const own = toOrtFeeds(ort.Tensor, feeds);
    try {
      return await sessions.use(key, async ({ graph, session }) => {
        let results: InferenceSession.ReturnType;
        try {
          results = await session.run({ ...inputs, ...own });
        } catch (error) {
          throw new AugError(`${name}: graph '${graph.name}' failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        for (const [k, t] of Object.entries(results)) if (k !== 'output') t.dispose();
        return results.output!;
      });
    } finally {
      for (const t of Object.values(own)) t.dispose();
    }
  }

  async function apply(plan: Plan, images: Tensor): Promise<Tensor> {
    checkImages(images, plan.info, name);
    // Nothing to compute: an empty batch, or rects that are all empty.
    if (plan.info.batch === 0 || (plan.kind === 'composite' && !compositeChangesAnything(plan))) {
      return cloneTensor(ort.Tensor, images);
    }
    if (onHost() && hasHostData(images)) return hostApply(ort.Tensor, plan, images);
    const key = graphKey(plan);
    return run(key, { images }, planFeeds(plan, key));
  }

  async function mixLabels(mix: LabelMix, labels: Tensor, strategy: string): Promise<Tensor> {
    if (!isOrtTensor(labels)) throw new AugError(`${name}: labels must be an ort.Tensor`);
    const { batch: B, kind, classes: K } = labelMixShape(labels.dims, mix, strategy);
    if (B === 0) return new ort.Tensor('float32', new Float32Array(0), [0, K]);
    // Labels are tiny: ids are one-hot encoded and other float types converted on the host.
    const raw = await tensorData(labels, 'labels');
    if (!ArrayBuffer.isView(raw)) {
      throw new AugError(`${name}: labels must be a numeric tensor; received '${labels.type}'`);
    }
    // int64 ids arrive as BigInt64Array, float16 as raw bits in a Uint16Array: numbers
    // from here on.
    const data: ArrayLike<number> =
      raw instanceof BigInt64Array || raw instanceof BigUint64Array
        ? Array.from(raw, Number)
        : labels.type === 'float16' && raw instanceof Uint16Array
          ? halfFloats(raw)
          : (raw as unknown as ArrayLike<number>);
    if (onHost()) {
      // mixLabelArrays reads any array of numbers (ids or [B, K] values).
      const mixed = mixLabelArrays({ data: data as LabelData, shape: labels.dims }, mix, strategy);
      return new ort.Tensor('float32', mixed.data as Float32Array, mixed.shape);
    }
    let soft: Tensor;
    if (kind.type === 'ids') {
      checkClassIds(data, K, strategy);
      soft = new ort.Tensor('float32', oneHot(data, K), [B, K]);
    } else {
      soft =
        labels.type === 'float32'
          ? labels
          : new ort.Tensor('float32', Float32Array.from(data), [B, K]);
    }
    try {
      return await run({ kind: 'labels' }, { labels: soft }, labelFeeds(mix, K));
    } finally {
      if (soft !== labels) soft.dispose();
    }
  }

  return {
    name,
    synchronous: false,
    executionProviders: names,
    get sessionCount() {
      return sessions.size;
    },
    isTensor: isOrtTensor,
    describe(x, what = 'tensor') {
      // A disposed ort.Tensor keeps its dims; its data is gone.
      if (x.location === 'none') throw new InputError(`${what}: the tensor has been disposed`);
      return { shape: x.dims, dtype: x.type };
    },
    upload: (batch) => uploadBatch(ort.Tensor, batch),
    async download(x) {
      const data = await tensorData(x, 'tensor');
      if (
        data instanceof Float32Array ||
        data instanceof Uint8Array ||
        data instanceof Int32Array ||
        data instanceof Float64Array ||
        data instanceof Uint16Array
      ) {
        return data;
      }
      throw new AugError(`${name}: cannot download a ${x.type} tensor`);
    },
    apply,
    mixLabels,
    dispose: (x) => x.dispose(),
    // A new tensor over the same data or GPU buffer: disposing it leaves the input intact.
    clone: (x) =>
      hasHostData(x)
        ? new ort.Tensor(x.type, x.data, x.dims)
        : x.location === 'gpu-buffer' && ort.Tensor.fromGpuBuffer
          ? ort.Tensor.fromGpuBuffer(x.gpuBuffer, { dataType: x.type as 'float32', dims: x.dims })
          : x,
    release: () => sessions.release(),
  };
}

/** IEEE 754 half-precision bit patterns to their values. */
function halfFloats(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, (h) => {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) return sign * fraction * 2 ** -24;
    if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  });
}
