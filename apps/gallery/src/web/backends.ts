import { type Backend, referenceBackend } from '@aug/core';
import { gpuAdapter } from './gpu.js';

/** Whether this browser can run a backend, and if not, why (shown beside it). */
export type Availability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * One entry of the backend switch. Adding a backend is one more entry in BACKENDS.
 * Entries load their libraries on demand, so the page starts without them.
 */
export interface BackendEntry {
  readonly id: string;
  readonly label: string;
  /** Cheap: never starts the backend. */
  isAvailable(): Promise<Availability>;
  /**
   * The backend, ready to run. Called before every run: tfjs has one active backend
   * for the whole page, so its entries switch to theirs here.
   */
  create(): Promise<Backend<any>>;
}

const AVAILABLE: Availability = { ok: true };
const always = async (): Promise<Availability> => AVAILABLE;

async function hasWebAssembly(): Promise<Availability> {
  return typeof WebAssembly === 'object' ? AVAILABLE : { ok: false, reason: 'no WebAssembly' };
}

async function hasWebGl(): Promise<Availability> {
  const canvas = document.createElement('canvas');
  return canvas.getContext('webgl2') || canvas.getContext('webgl')
    ? AVAILABLE
    : { ok: false, reason: 'no WebGL context' };
}

async function hasWebGpu(): Promise<Availability> {
  if (!('gpu' in navigator)) return { ok: false, reason: 'no navigator.gpu' };
  return (await gpuAdapter()) ? AVAILABLE : { ok: false, reason: 'no WebGPU adapter' };
}

/**
 * A tfjs backend entry: @aug/tfjs runs on whichever tfjs backend is active, so create()
 * loads the tfjs backend package (it registers itself) and makes it the active one.
 */
function tfjsEntry(
  name: 'cpu' | 'wasm' | 'webgl' | 'webgpu',
  label: string,
  isAvailable: () => Promise<Availability>,
  load: () => Promise<unknown>,
): BackendEntry {
  return {
    id: `tfjs-${name}`,
    label,
    isAvailable,
    async create() {
      const [tf, { tfjsBackend }] = await Promise.all([
        import('@tensorflow/tfjs-core'),
        import('@aug/tfjs'),
        load(),
      ]);
      if (!(await tf.setBackend(name)))
        throw new Error(`TensorFlow.js could not start its ${name} backend`);
      return tfjsBackend();
    },
  };
}

/**
 * tfjs-wasm fetches its .wasm files at start; these URLs are the copies vite emits.
 * Threads are off: the threaded build starts its workers from the source text of its
 * glue code, which no longer runs once bundled and minified (the workers die with
 * "e is not defined" and the backend never starts). SIMD alone is still used.
 */
async function loadTfjsWasm(): Promise<void> {
  const [tf, wasm, plain, simd, threaded] = await Promise.all([
    import('@tensorflow/tfjs-core'),
    import('@tensorflow/tfjs-backend-wasm'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    // Never loaded with threads off, but setWasmPaths insists on a URL for every file.
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
  ]);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': plain.default,
    'tfjs-backend-wasm-simd.wasm': simd.default,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
  });
}

/**
 * `make()` on first use, then the same promise: backends that keep compiled pipelines or
 * sessions are made once. A failure is not kept, so a later run tries again.
 */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      made = make();
      made.catch(() => {
        made = undefined;
      });
    }
    return made;
  };
}

/** @aug/webgpu on a device of its own (with the adapter's largest buffer limits). */
const createRawWebGpu = once(async (): Promise<Backend<any>> => {
  const [{ requestAugDevice, webgpuBackend }, adapter] = await Promise.all([
    import('@aug/webgpu'),
    gpuAdapter(),
  ]);
  if (!adapter) throw new Error('no WebGPU adapter');
  return webgpuBackend({ device: await requestAugDevice(adapter) });
});

/**
 * onnxruntime-web, set up once: its .wasm file is the copy vite emits. One thread, as
 * tfjs-wasm has here (see loadTfjsWasm), so the two wasm backends' times compare alike.
 */
const loadOrt = once(async () => {
  const [ort, wasm] = await Promise.all([
    import('onnxruntime-web'),
    import('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url'),
  ]);
  ort.env.wasm.wasmPaths = { wasm: wasm.default };
  ort.env.wasm.numThreads = 1;
  return ort;
});

/** An @aug/onnxruntime entry; each execution provider gets its own backend and sessions. */
function onnxruntimeEntry(
  provider: 'wasm' | 'webgpu',
  label: string,
  isAvailable: () => Promise<Availability>,
): BackendEntry {
  return {
    id: `ort-${provider}`,
    label,
    isAvailable,
    create: once(async () => {
      const [ort, { onnxruntimeBackend }] = await Promise.all([
        loadOrt(),
        import('@aug/onnxruntime'),
      ]);
      // Graphs on wasm too, where 'auto' would run core's kernels: the page shows onnxruntime's results.
      return onnxruntimeBackend({ ort, executionProviders: [provider], kernels: 'onnx' });
    }),
  };
}

/** Every backend the page offers, in the order shown; the first is the default. */
export const BACKENDS: readonly BackendEntry[] = [
  {
    id: 'reference',
    label: 'reference (typed arrays)',
    isAvailable: always,
    create: async () => referenceBackend(),
  },
  tfjsEntry('cpu', 'TensorFlow.js · cpu', always, () => import('@tensorflow/tfjs-backend-cpu')),
  tfjsEntry('wasm', 'TensorFlow.js · wasm', hasWebAssembly, loadTfjsWasm),
  tfjsEntry(
    'webgl',
    'TensorFlow.js · WebGL',
    hasWebGl,
    () => import('@tensorflow/tfjs-backend-webgl'),
  ),
  tfjsEntry(
    'webgpu',
    'TensorFlow.js · WebGPU',
    hasWebGpu,
    () => import('@tensorflow/tfjs-backend-webgpu'),
  ),
  {
    id: 'webgpu',
    label: 'raw WebGPU (@aug/webgpu)',
    isAvailable: hasWebGpu,
    create: createRawWebGpu,
  },
  onnxruntimeEntry('wasm', 'onnxruntime-web · wasm', hasWebAssembly),
  onnxruntimeEntry('webgpu', 'onnxruntime-web · WebGPU', hasWebGpu),
];
