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
}

export async function timeOnGpu(
  device: GPUDevice,
  call: (i: number) => void,
  reps: number,
  rounds = 5,
): Promise<GpuTime> {
  call(0);
  await device.queue.onSubmittedWorkDone();
  const gpu: number[] = [];
  const host: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) call(i + 1);
    const queued = performance.now();
    await device.queue.onSubmittedWorkDone();
    const done = performance.now();
    host.push((queued - start) / reps);
    gpu.push((done - start) / reps);
  }
  return { gpuMs: Math.min(...gpu), hostMs: Math.min(...host) };
}

/**
 * The yardstick: a vec4 copy kernel over the same bytes (one 16-byte read and write per
 * invocation), the fastest full pass over a batch (copyBufferToBuffer is slower on some
 * GPUs).
 */
export function copyKernel(device: GPUDevice, bytes: number): { run(): void; destroy(): void } {
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
      const pass = encoder.beginComputePass();
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
