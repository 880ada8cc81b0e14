import { InputError } from '@aug/core';
import { BufferUsage, SHADER_STAGE_COMPUTE, TENSOR_USAGE } from './flags.js';
import { type Grid, gridFor } from './kernels/shader.js';
import { BufferPool } from './pool.js';

const PARAMS = BufferUsage.STORAGE | BufferUsage.COPY_DST;

const MAX_PIPELINES = 256;

/** The buffers of a dispatch, buffer i bound to binding i. */
export type Bindings = readonly GPUBuffer[];

/**
 * Devices known to be lost, shared by every backend: a backend made after a loss that
 * an earlier backend saw refuses work at once (a device's `lost` promise settles only
 * on a later tick, so a new backend alone would accept a first synchronous call).
 */
const lostDevices = new WeakMap<GPUDevice, string>();

/**
 * What the backend keeps per device: compiled pipelines (by shader text: a shader is
 * specialised to a plan kind and a batch shape, which a training loop repeats), the two
 * bind group layouts every kernel uses, a buffer pool, and whether the device is lost.
 */
export class GpuContext {
  readonly pool: BufferPool;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly layouts: GPUBindGroupLayout[] = [];

  constructor(
    readonly device: GPUDevice,
    maxPooledBytes: number,
    private readonly timestampWrites?: () => GPUComputePassTimestampWrites | undefined,
  ) {
    this.pool = new BufferPool(device, maxPooledBytes);
    device.lost.then((info) => {
      lostDevices.set(device, info.message || info.reason || 'unknown reason');
      this.pipelines.clear();
    });
  }

  /** Refuses to run on a device that was lost or destroyed. */
  checkUsable(): void {
    const reason = lostDevices.get(this.device);
    if (reason !== undefined) {
      throw new InputError(
        `webgpu: the GPUDevice was lost or destroyed (${reason}); create a new backend with a new device`,
      );
    }
  }

  /** Refuses a buffer the device cannot allocate or bind. */
  checkSize(bytes: number, what: string): void {
    const { maxStorageBufferBindingSize, maxBufferSize } = this.device.limits;
    const limit = Math.min(maxStorageBufferBindingSize, maxBufferSize);
    if (bytes > limit) {
      throw new InputError(
        `${what}: ${bytes} bytes is over this device's limit of ${limit} bytes for one storage buffer (maxStorageBufferBindingSize ${maxStorageBufferBindingSize}, maxBufferSize ${maxBufferSize}); request the device with higher requiredLimits (see requestAugDevice) or augment smaller batches`,
      );
    }
  }

  grid(invocations: number): Grid {
    return gridFor(invocations, this.device.limits.maxComputeWorkgroupsPerDimension);
  }

  output(bytes: number): GPUBuffer {
    return this.pool.acquire(Math.max(4, bytes), TENSOR_USAGE, 'aug output');
  }

  scratch(bytes: number): GPUBuffer {
    return this.pool.acquire(Math.max(4, bytes), TENSOR_USAGE, 'aug scratch');
  }

  params(words: Uint32Array<ArrayBuffer>): GPUBuffer {
    const buffer = this.pool.acquire(words.byteLength, PARAMS, 'aug params');
    this.device.queue.writeBuffer(buffer, 0, words);
    return buffer;
  }

  /**
   * A compute pass of `code` over `bindings` (src, dst, params[, aux]) with `workgroups`
   * (x, y), recorded into `encoder`.
   */
  dispatch(
    encoder: GPUCommandEncoder,
    code: string,
    bindings: Bindings,
    workgroups: { readonly x: number; readonly y: number },
  ): void {
    const pipeline = this.pipeline(code, bindings.length);
    // A buffer may be larger than its tensor (and than the device lets one binding see):
    // bind at most that much, a whole number of words, which covers every tensor that
    // passed checkSize. Binding the whole of a larger buffer fails validation on the GPU
    // timeline, silently here.
    const limit = this.device.limits.maxStorageBufferBindingSize;
    const bindGroup = this.device.createBindGroup({
      layout: this.layout(bindings.length),
      entries: bindings.map((buffer, binding) => ({
        binding,
        resource: { buffer, size: Math.floor(Math.min(buffer.size, limit) / 4) * 4 },
      })),
    });
    const timestampWrites = this.timestampWrites?.();
    const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(workgroups.x, workgroups.y);
    pass.end();
  }

  /** Forgets compiled pipelines and destroys pooled buffers. */
  clear(): void {
    this.pipelines.clear();
    this.pool.clear();
  }

  private pipeline(code: string, bindings: number): GPUComputePipeline {
    let pipeline = this.pipelines.get(code);
    if (!pipeline) {
      const module = this.device.createShaderModule({ code, label: 'aug kernel' });
      pipeline = this.device.createComputePipeline({
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [this.layout(bindings)] }),
        compute: { module, entryPoint: 'main' },
        label: 'aug kernel',
      });
      // Shapes a loop repeats stay; a stream of ever-new shapes cannot grow without bound.
      if (this.pipelines.size >= MAX_PIPELINES) {
        this.pipelines.delete(this.pipelines.keys().next().value!);
      }
      this.pipelines.set(code, pipeline);
    }
    return pipeline;
  }

  /** Bindings 0 (read), 1 (read_write), 2.. (read): the layout of every kernel. */
  private layout(bindings: number): GPUBindGroupLayout {
    let layout = this.layouts[bindings];
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        entries: Array.from({ length: bindings }, (_, binding) => ({
          binding,
          visibility: SHADER_STAGE_COMPUTE,
          buffer: { type: binding === 1 ? 'storage' : 'read-only-storage' },
        })),
      });
      this.layouts[bindings] = layout;
    }
    return layout;
  }
}
