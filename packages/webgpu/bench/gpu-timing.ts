/**
 * GPU timing without timestamp queries: queue `reps` calls, then wait once for the
 * queue. The host keeps encoding while the GPU works, so when the host's own time per
 * call (measured without waiting) is below the waited time per call, the figure is the
 * GPU's; the report prints both so a host-bound row shows itself.
 */
export interface GpuTime {
  /** Wall time per call, queue drained: the GPU's time when host < gpu. */
  readonly gpuMs: number;
  /** Host time per call to encode and submit, not waiting. */
  readonly hostMs: number;
  /** The GPU's own time per call from timestamp queries (NaN without 'timestamp-query'). */
  readonly kernelMs: number;
}

/**
 * Timestamp queries around every compute pass (the backend's `timestampWrites` option):
 * the GPU's own time, free of host and queue overheads.
 */
export class PassTimer {
  private readonly querySet: GPUQuerySet;
  private readonly resolved: GPUBuffer;
  private readonly readBack: GPUBuffer;
  private used = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly passes: number,
  ) {
    this.querySet = device.createQuerySet({ type: 'timestamp', count: 2 * passes });
    this.resolved = device.createBuffer({ size: 16 * passes, usage: 0x200 | 0x4 }); // QUERY_RESOLVE | COPY_SRC
    this.readBack = device.createBuffer({ size: 16 * passes, usage: 0x1 | 0x8 }); // MAP_READ | COPY_DST
  }

  /** The next pass's writes; undefined once the query set is full (that pass is not timed). */
  readonly writes = (): GPUComputePassTimestampWrites | undefined => {
    if (this.used + 2 > 2 * this.passes) return undefined;
    const at = this.used;
    this.used += 2;
    return { querySet: this.querySet, beginningOfPassWriteIndex: at, endOfPassWriteIndex: at + 1 };
  };

  /** Milliseconds inside every pass timed since the last call; then starts afresh. */
  async collect(): Promise<number> {
    const count = this.used;
    this.used = 0;
    if (count === 0) return Number.NaN;
    const encoder = this.device.createCommandEncoder();
    encoder.resolveQuerySet(this.querySet, 0, count, this.resolved, 0);
    encoder.copyBufferToBuffer(this.resolved, 0, this.readBack, 0, count * 8);
    this.device.queue.submit([encoder.finish()]);
    await this.readBack.mapAsync(0x1);
    const stamps = new BigUint64Array(this.readBack.getMappedRange(0, count * 8).slice(0));
    this.readBack.unmap();
    let ns = 0n;
    for (let k = 0; k < count; k += 2) ns += stamps[k + 1]! - stamps[k]!;
    return Number(ns) / 1e6;
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolved.destroy();
    this.readBack.destroy();
  }
}

export async function timeOnGpu(
  device: GPUDevice,
  call: (i: number) => void,
  reps: number,
  timer?: PassTimer,
  rounds = 5,
): Promise<GpuTime> {
  call(0);
  await device.queue.onSubmittedWorkDone();
  await timer?.collect();
  const gpu: number[] = [];
  const host: number[] = [];
  const kernel: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) call(i + 1);
    const queued = performance.now();
    await device.queue.onSubmittedWorkDone();
    const done = performance.now();
    host.push((queued - start) / reps);
    gpu.push((done - start) / reps);
    if (timer) kernel.push((await timer.collect()) / reps);
  }
  return {
    gpuMs: Math.min(...gpu),
    hostMs: Math.min(...host),
    kernelMs: timer ? Math.min(...kernel) : Number.NaN,
  };
}

/**
 * The yardstick: a vec4 copy kernel over the same bytes (one 16-byte read and write per
 * invocation), the fastest full pass over a batch (copyBufferToBuffer is slower on some
 * GPUs).
 */
export function copyKernel(
  device: GPUDevice,
  bytes: number,
  timestampWrites?: () => GPUComputePassTimestampWrites | undefined,
): { run(): void; destroy(): void } {
  const vectors = Math.ceil(bytes / 16);
  const size = vectors * 16;
  const usage = 0x80 | 0x8; // STORAGE | COPY_DST
  const src = device.createBuffer({ size, usage });
  const dst = device.createBuffer({ size, usage });
  const groups = Math.ceil(vectors / 256);
  const x = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
  const module = device.createShaderModule({
    code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<u32>>;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * ${x * 256}u;
  if (i < ${vectors}u) { dst[i] = src[i]; }
}`,
  });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: src } },
      { binding: 1, resource: { buffer: dst } },
    ],
  });
  return {
    run() {
      const encoder = device.createCommandEncoder();
      const writes = timestampWrites?.();
      const pass = encoder.beginComputePass(writes ? { timestampWrites: writes } : {});
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(x, Math.ceil(groups / x));
      pass.end();
      device.queue.submit([encoder.finish()]);
    },
    destroy() {
      src.destroy();
      dst.destroy();
    },
  };
}
