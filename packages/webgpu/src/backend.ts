import {
  type Backend,
  type BatchInfo,
  type ImageBatch,
  InputError,
  type LabelBatch,
  type LabelMix,
  ParameterError,
  type Plan,
} from '@aug/core';
import {
  checkDims,
  checkPlanned,
  describeValue,
  dtypeOf,
  formatValue,
  isBatch,
  knownOptions,
  labelMixShape,
} from '@aug/core/backend';
import { GpuContext } from './context.js';
import { BufferUsage, MAP_MODE_READ, TENSOR_USAGE } from './flags.js';
import { blendShader } from './kernels/blend.js';
import { compositeShader } from './kernels/composite.js';
import { fillShader } from './kernels/fill.js';
import { labelsShader } from './kernels/labels.js';
import { vectorsOf } from './kernels/shader.js';
import { isDisposed, madeOn, ofAnotherDevice, owned, release, share } from './ownership.js';
import {
  byteSize,
  checkTensor,
  elementCount,
  type GpuDType,
  type GpuTensor,
  isGpuTensor,
} from './tensor.js';

export interface WebGpuBackendOptions {
  /** The device to run on: a browser's, the npm `webgpu` package's, or tfjs-webgpu's. */
  readonly device: GPUDevice;
  /** Bytes of idle buffers kept for reuse (outputs the user disposed, parameters). Default 256 MiB. */
  readonly maxPooledBytes?: number;
  /**
   * Profiling: called for every compute pass the backend records; what it returns (a
   * query set and two indices, on a device with 'timestamp-query') is written into that
   * pass, so the GPU's own time per kernel can be read back. The benchmark uses it.
   */
  readonly timestampWrites?: () => GPUComputePassTimestampWrites | undefined;
}

/** The WebGPU backend, with what it adds to the Backend interface. */
export interface WebGpuBackend extends Backend<GpuTensor> {
  readonly device: GPUDevice;
  // Synchronous: no MaybePromise to unwrap.
  upload(batch: ImageBatch | LabelBatch): GpuTensor;
  apply(plan: Plan, images: GpuTensor): GpuTensor;
  mixLabels(mix: LabelMix, labels: GpuTensor, strategy: string): GpuTensor;
  /** A second handle on a tensor's buffer: the buffer is freed once both are disposed. */
  clone(x: GpuTensor): GpuTensor;
  /**
   * Applies a plan into a buffer the caller owns (e.g. one from tfjs-webgpu's buffer
   * manager, so that tfjs frees it with its tensor). It must be a different buffer from
   * the input's, with STORAGE usage and room for the batch.
   */
  applyInto(plan: Plan, images: GpuTensor, output: GPUBuffer): GpuTensor;
  /** Wraps a buffer the user already has (e.g. tfjs-webgpu's `dataToGPU().buffer`); checks it fits. */
  wrap(buffer: GPUBuffer, shape: readonly number[], dtype: GpuDType): GpuTensor;
  /**
   * Lets go of a tensor: a buffer the backend made goes back to its pool (outputs) or is
   * destroyed (uploads); a buffer you brought (`wrap`, `applyInto`) stays yours, never
   * destroyed. Disposing twice is harmless; a disposed tensor is refused everywhere.
   */
  dispose(x: GpuTensor): void;
  /** Destroys pooled buffers and forgets compiled pipelines (tensors already returned stay valid). */
  release(): void;
}

const IMAGE_DTYPES: readonly GpuDType[] = ['float32', 'uint8'];
const LABEL_DTYPES: readonly GpuDType[] = ['float32', 'int32'];

const OPTIONS = ['device', 'maxPooledBytes', 'timestampWrites'];

function checkOptions(options: WebGpuBackendOptions): void {
  const { maxPooledBytes, timestampWrites } = knownOptions(
    'webgpuBackend',
    options,
    OPTIONS,
  ) as Partial<WebGpuBackendOptions>;
  if (
    maxPooledBytes !== undefined &&
    !(
      maxPooledBytes === Number.POSITIVE_INFINITY ||
      (Number.isSafeInteger(maxPooledBytes) && maxPooledBytes >= 0)
    )
  ) {
    throw new ParameterError(
      'webgpuBackend',
      'maxPooledBytes',
      'an integer >= 0 or Infinity',
      maxPooledBytes,
    );
  }
  if (timestampWrites !== undefined && typeof timestampWrites !== 'function') {
    throw new ParameterError('webgpuBackend', 'timestampWrites', 'a function', timestampWrites);
  }
}

function checkOutput(output: GPUBuffer, images: GpuTensor, bytes: number): void {
  if (!isBuffer(output)) {
    throw new InputError(
      `applyInto: the output must be a GPUBuffer; received ${formatValue(output)}`,
    );
  }
  if (output === images.buffer) {
    throw new InputError('applyInto: the output buffer must not be the input buffer');
  }
  if (output.size < bytes || (output.usage & BufferUsage.STORAGE) === 0) {
    throw new InputError(
      `applyInto: the output buffer needs STORAGE usage and ${bytes} bytes; it has usage 0x${output.usage.toString(16)} and ${output.size} bytes`,
    );
  }
}

/**
 * The raw WebGPU backend: every plan runs as one generated compute shader that reads
 * and writes the batch once (plus one small pass for mean fill), on float32 or packed
 * uint8 buffers, NHWC or NCHW, any channel count. Synchronous: kernels are queued and
 * their output buffer returned at once; only `download` waits for the GPU.
 */
export function webgpuBackend(options: WebGpuBackendOptions): WebGpuBackend {
  const device = options?.device;
  if (!device || typeof device.createComputePipeline !== 'function') {
    throw new ParameterError('webgpuBackend', 'device', 'a GPUDevice', device);
  }
  checkOptions(options);
  const gpu = new GpuContext(
    device,
    options.maxPooledBytes ?? 256 * 2 ** 20,
    options.timestampWrites,
  );
  /** checkTensor, and not a disposed tensor. */
  function live(x: unknown, what: string, dtypes: readonly GpuDType[]): GpuTensor {
    const tensor = checkTensor(x, what, dtypes);
    if (isDisposed(tensor)) throw new InputError(`${what}: the tensor has been disposed`);
    sameDevice(tensor.buffer, `${what}: the tensor`);
    return tensor;
  }

  /** Refuses a buffer that a backend on another device made (WebGPU would read zeros). */
  function sameDevice(buffer: GPUBuffer, what: string): void {
    if (ofAnotherDevice(buffer, device)) {
      throw new InputError(
        `${what} was made on another GPUDevice than this backend's; a buffer works only on its own device (use that device's backend, or download the tensor and upload it here)`,
      );
    }
  }

  /** A new buffer from the pool, owned by the handle returned on it. */
  function pooled(bytes: number, shape: readonly number[], dtype: GpuDType): GpuTensor {
    const buffer = madeOn(gpu.output(bytes), device);
    return owned({ buffer, shape: [...shape], dtype }, () => gpu.pool.release(buffer));
  }

  function imageInfo(images: GpuTensor, plan: Plan): BatchInfo {
    checkPlanned(plan.info, images.shape, images.dtype, 'webgpu');
    return plan.info;
  }

  /** Runs a plan into `output` (a new pooled buffer when omitted). */
  function apply(plan: Plan, x: GpuTensor, into?: GPUBuffer): GpuTensor {
    gpu.checkUsable();
    const images = live(x, 'images', IMAGE_DTYPES);
    const info = imageInfo(images, plan);
    const bytes = byteSize(images.shape, images.dtype);
    gpu.checkSize(bytes, 'images');
    if (into) {
      checkOutput(into, images, bytes);
      sameDevice(into, 'applyInto: the output buffer');
    }
    const grid = gpu.grid(vectorsOf(info));
    // Shaders are made (and may refuse the batch) before any buffer is taken.
    const kernel =
      info.batch === 0
        ? undefined
        : plan.kind === 'fill'
          ? fillShader(plan, grid)
          : plan.kind === 'composite'
            ? compositeShader(plan, grid)
            : blendShader(plan, grid);
    if (kernel) {
      gpu.checkSize(kernel.params.byteLength, `${plan.strategy}: the plan's parameters`);
      if (kernel.prepass) gpu.checkSize(kernel.prepass.bytes, `${plan.strategy}: scratch`);
    }
    const result: GpuTensor = into
      ? { buffer: into, shape: [...images.shape], dtype: images.dtype }
      : pooled(bytes, images.shape, images.dtype);
    const output = result.buffer;
    if (!kernel) return result;

    const params = gpu.params(kernel.params);
    const temporary = [params];
    const encoder = device.createCommandEncoder({ label: `aug ${plan.strategy}` });
    const bindings = [images.buffer, output, params];
    if (kernel.prepass) {
      // Mean fill's means, CutBlur's small images: read by the kernel as binding 3.
      const scratch = gpu.scratch(kernel.prepass.bytes);
      temporary.push(scratch);
      const groups = gpu.grid(kernel.prepass.invocations);
      const code = kernel.prepass.code(groups);
      gpu.dispatch(encoder, code, [images.buffer, scratch, params], groups);
      bindings.push(scratch);
    }
    gpu.dispatch(encoder, kernel.code, bindings, grid);
    device.queue.submit([encoder.finish()]);
    gpu.pool.releaseWhenDone(temporary);
    return result;
  }

  function mixLabels(mix: LabelMix, x: GpuTensor, strategy: string): GpuTensor {
    gpu.checkUsable();
    const labels = live(x, 'labels', LABEL_DTYPES);
    gpu.checkSize(byteSize(labels.shape, labels.dtype), 'labels');
    const {
      batch: B,
      kind,
      classes: K,
    } = labelMixShape(labels.shape, mix, strategy, labels.hostIds);
    gpu.checkSize(B * K * 4, `${strategy}: mixed labels [${B}, ${K}]`);
    const result = pooled(B * K * 4, [B, K], 'float32');
    const output = result.buffer;
    if (B * K === 0) return result;
    const grid = gpu.grid(B * K);
    const kernel = labelsShader(
      mix,
      K,
      kind.type === 'ids',
      labels.dtype as 'float32' | 'int32',
      grid,
    );
    gpu.checkSize(kernel.params.byteLength, `${strategy}: the label mix's parameters`);
    const params = gpu.params(kernel.params);
    const encoder = device.createCommandEncoder({ label: `aug ${strategy} labels` });
    gpu.dispatch(encoder, kernel.code, [labels.buffer, output, params], grid);
    device.queue.submit([encoder.finish()]);
    gpu.pool.releaseWhenDone([params]);
    return result;
  }

  function upload(batch: ImageBatch | LabelBatch): GpuTensor {
    gpu.checkUsable();
    if (!isBatch(batch)) {
      throw new InputError(
        `webgpu upload: expected a batch { data: typed array, shape: number[] }; received ${formatValue(batch)}`,
      );
    }
    const shape = [...batch.shape];
    checkDims(shape, 'webgpu upload');
    const imageDType = dtypeOf(batch.data);
    let data: Float32Array | Uint8Array | Int32Array;
    let dtype: GpuDType;
    let hostIds: ArrayLike<number> | undefined;
    if (shape.length >= 3) {
      if (shape.length > 4 || !imageDType) {
        throw new InputError(
          `webgpu upload: images are rank 3 or 4 of a Float32Array, Uint8Array or Uint8ClampedArray; received rank ${shape.length} of ${describeValue(batch.data)}`,
        );
      }
      dtype = imageDType;
      data =
        batch.data instanceof Uint8ClampedArray
          ? new Uint8Array(batch.data.buffer, batch.data.byteOffset, batch.data.length)
          : (batch.data as Float32Array | Uint8Array);
    } else if (shape.length === 1) {
      const bad = Array.prototype.findIndex.call(
        batch.data,
        (id: number) => !Number.isInteger(id) || Math.abs(id) > 2 ** 31 - 1,
      );
      if (bad >= 0) {
        throw new InputError(
          `webgpu upload: class ids [B] must be integers; id ${bad} is ${formatValue(batch.data[bad])}`,
        );
      }
      dtype = 'int32';
      data = Int32Array.from(batch.data);
      hostIds = data;
    } else if (shape.length === 2) {
      dtype = 'float32';
      data = batch.data instanceof Float32Array ? batch.data : Float32Array.from(batch.data);
    } else {
      throw new InputError('webgpu upload: a rank 0 shape holds neither images nor labels');
    }
    if (data.length !== elementCount(shape)) {
      throw new InputError(
        `webgpu upload: shape [${shape.join(', ')}] holds ${elementCount(shape)} elements; data has ${data.length}`,
      );
    }
    const bytes = byteSize(shape, dtype);
    gpu.checkSize(bytes, 'webgpu upload');
    const buffer = device.createBuffer({
      size: Math.max(4, bytes),
      usage: TENSOR_USAGE,
      mappedAtCreation: true,
      label: 'aug upload',
    });
    new Uint8Array(buffer.getMappedRange()).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    buffer.unmap();
    madeOn(buffer, device);
    const tensor: GpuTensor = hostIds
      ? { buffer, shape, dtype, hostIds }
      : { buffer, shape, dtype };
    return owned(tensor, () => buffer.destroy());
  }

  async function download(x: GpuTensor): Promise<Float32Array | Uint8Array | Int32Array> {
    gpu.checkUsable();
    const tensor = live(x, 'download', ['float32', 'uint8', 'int32']);
    const n = elementCount(tensor.shape);
    const bytes = byteSize(tensor.shape, tensor.dtype);
    if (bytes > 0 && (tensor.buffer.usage & BufferUsage.COPY_SRC) === 0) {
      throw new InputError(
        `download: the GPUBuffer needs COPY_SRC usage to be read back; its usage is 0x${tensor.buffer.usage.toString(16)}`,
      );
    }
    const staging = device.createBuffer({
      size: Math.max(4, bytes),
      usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
      label: 'aug download',
    });
    try {
      if (bytes > 0) {
        const encoder = device.createCommandEncoder({ label: 'aug download' });
        encoder.copyBufferToBuffer(tensor.buffer, 0, staging, 0, bytes);
        device.queue.submit([encoder.finish()]);
      }
      try {
        await staging.mapAsync(MAP_MODE_READ);
      } catch (error) {
        // A device destroyed since the last check makes mapAsync fail with an empty
        // AbortError; its `lost` promise settles a moment later.
        await nextTask();
        gpu.checkUsable();
        const { name, message } = error as Error;
        throw new InputError(
          `download: reading the buffer back failed (${name}${message ? `: ${message}` : ''}); was the GPUDevice or the buffer destroyed?`,
        );
      }
      const bytesOut = new Uint8Array(staging.getMappedRange()).slice(0, bytes);
      staging.unmap();
      if (tensor.dtype === 'uint8') return bytesOut.subarray(0, n);
      return tensor.dtype === 'float32'
        ? new Float32Array(bytesOut.buffer, 0, n)
        : new Int32Array(bytesOut.buffer, 0, n);
    } finally {
      staging.destroy();
    }
  }

  return {
    name: 'webgpu',
    synchronous: true,
    device,
    isTensor: isGpuTensor,
    describe(x, what) {
      const tensor = live(x, what ?? 'tensor', ['float32', 'uint8', 'int32']);
      return { shape: tensor.shape, dtype: tensor.dtype };
    },
    upload,
    download,
    apply: (plan, images) => apply(plan, images),
    applyInto: (plan, images, output) => apply(plan, images, output),
    mixLabels,
    // Once per handle (a second dispose must not free a pooled buffer that already holds
    // a later output), and only handles that own their buffer free it.
    dispose(x) {
      if (isGpuTensor(x)) release(x);
    },
    // A new handle on the same buffer (a copy would need COPY_SRC, which the user's buffer
    // may lack): the buffer is freed, or goes back to the pool, only once every handle is
    // disposed. A buffer you destroy yourself takes its handles with it.
    clone: (x) => share(live(x, 'clone', ['float32', 'uint8', 'int32'])),
    wrap(buffer, shape, dtype) {
      if (!isBuffer(buffer)) {
        throw new InputError(`wrap: expected a GPUBuffer; received ${formatValue(buffer)}`);
      }
      if (!Array.isArray(shape)) {
        throw new InputError(
          `wrap: shape must be an array of integers; received ${formatValue(shape)}`,
        );
      }
      return checkTensor({ buffer, shape: [...shape], dtype }, 'wrap', [
        'float32',
        'uint8',
        'int32',
      ]);
    },
    release: () => gpu.clear(),
  };
}

function isBuffer(x: unknown): x is GPUBuffer {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as GPUBuffer).size === 'number' &&
    typeof (x as GPUBuffer).usage === 'number'
  );
}

/** Resolves after the current task: browsers and Node have setTimeout; the build types neither. */
function nextTask(): Promise<void> {
  const { setTimeout } = globalThis as unknown as {
    setTimeout(callback: () => void, ms: number): unknown;
  };
  return new Promise((resolve) => setTimeout(resolve, 0));
}
