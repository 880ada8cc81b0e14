import { existsSync } from 'node:fs';
import {
  type Augmentation,
  createAugmenter,
  type ImageDType,
  type Plan,
  type StrategyName,
  strategies,
} from '@aug/core';
import { create, globals } from 'webgpu';
import { type GpuTensor, requestAugDevice, webgpuBackend } from '../src/index.js';
import { copyKernel, type GpuTime, PassTimer, timeOnGpu } from './gpu-timing.js';

/**
 * The WebGPU backend's benchmark: every strategy on one NHWC batch, GPU-timed, as a
 * ratio to a vec4 copy kernel over the same bytes. Runs in Node on Dawn (the npm `webgpu`
 * package): on SwiftShader in CI (correctness of the harness only: a software GPU's
 * figures say nothing about a real one) and on a lent NVIDIA GPU with the kit described in
 * packages/webgpu/BENCHMARKS.md.
 *
 *   node bench-dist/bench.mjs [--quick] [--shape 256,224,224,3] [--dtype float32,uint8] [--reps 50]
 *                             [--strategies cutout,mixup]
 */
interface Options {
  shape: [number, number, number, number];
  quick?: boolean;
  /** Without a WebGPU adapter, say so and exit 0 (the root `pnpm bench` runs it last). */
  ifAvailable?: boolean;
  dtypes: ImageDType[];
  reps: number;
  /** Rows to time (names as in the table); all when omitted. */
  only?: string[];
  json?: string;
}

function parse(argv: readonly string[]): Options {
  const options: Options = { shape: [8, 64, 64, 3], dtypes: ['float32', 'uint8'], reps: 10 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--quick') {
      // Smoke run: proves every kernel and the harness run.
      Object.assign(options, { shape: [2, 16, 16, 3], reps: 2, quick: true });
      i -= 1;
    } else if (flag === '--if-available') {
      options.ifAvailable = true;
      i -= 1;
    } else if (flag === '--shape') options.shape = value.split(',').map(Number) as Options['shape'];
    else if (flag === '--dtype') options.dtypes = value.split(',') as ImageDType[];
    else if (flag === '--reps') options.reps = Number(value);
    else if (flag === '--json') options.json = value;
    else if (flag === '--strategies') options.only = value.split(',');
    else
      throw new Error(
        `bench: unknown flag ${flag}; expected --quick, --shape, --dtype, --reps, --strategies, --json, --if-available`,
      );
  }
  return options;
}

// Dawn segfaults if this is collected while a device lives: keep it reachable.
let gpu: GPU | undefined;

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2).filter((a) => a !== '--'));
  // SwiftShader where nothing else is configured (CI); the GPU kit sets its own driver.
  const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!process.env.VK_ICD_FILENAMES && existsSync(swiftShader)) {
    process.env.VK_ICD_FILENAMES = swiftShader;
  }
  Object.assign(globalThis, globals);
  gpu = create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    if (options.ifAvailable) {
      console.log('\nskipped the @aug/webgpu benchmark: no WebGPU adapter here');
      return;
    }
    console.error(
      'bench: no WebGPU adapter (in Node: Dawn needs a Vulkan driver; see packages/webgpu/docs/WEBGPU-ON-CPU.md)',
    );
    process.exitCode = 1;
    return;
  }
  const timestamps = adapter.features.has('timestamp-query');
  const device = await requestAugDevice(adapter, {
    requiredFeatures: timestamps ? ['timestamp-query'] : [],
  });
  // Two passes per call at most (mean fill), every call of a round timed.
  const timer = timestamps ? new PassTimer(device, 2 * options.reps) : undefined;
  const info = adapter.info;
  const deviceName =
    `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim();
  const backend = webgpuBackend({ device, timestampWrites: timer?.writes });
  const [B, H, W, C] = options.shape;
  const rows: Record<string, unknown>[] = [];
  console.log(`# @aug/webgpu on ${deviceName}, batch [${options.shape.join(', ')}] NHWC`);
  if (options.quick) console.log('(--quick: a smoke run of the harness; its figures say nothing)');
  for (const dtype of options.dtypes) {
    const n = B * H * W * C;
    const data = dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++)
      data[i] = dtype === 'uint8' ? (i * 37) & 255 : ((i * 37) & 255) / 255;
    const images = backend.upload({ data, shape: options.shape }) as GpuTensor;
    const copy = copyKernel(device, images.buffer.size, timer?.writes);
    const copyTime = await timeOnGpu(device, () => copy.run(), options.reps, timer);
    // The GPU's own times when it has timestamps; wall time per call with a full queue if not.
    // (SwiftShader's timestamps are too coarse to time a small copy: 0 means use wall time.)
    const stamped = copyTime.kernelMs > 0;
    const msOf = (t: GpuTime) => (stamped ? t.kernelMs : t.gpuMs);
    const copyMs = msOf(copyTime);
    copy.destroy();
    console.log(
      `\n## ${dtype}: copy kernel ${copyMs.toFixed(4)} ms (${((2 * images.buffer.size) / copyMs / 1e6).toPrecision(3)} GB/s)${stamped ? ', GPU timestamps' : ', wall time with a full queue'}`,
    );
    console.log(
      '| strategy | ms / batch | images/s | x copy | wall ms / call | host ms / call | plan ms (host) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const augmenter = createAugmenter({ backend: 'reference', seed: 1234 });
    const infoOf = {
      batch: B,
      height: H,
      width: W,
      channels: C,
      dtype,
      layout: 'NHWC' as const,
      rank: 4 as const,
    };
    const rowsToTime: [string, Augmentation][] = [
      ...(Object.keys(strategies) as StrategyName[]).map((name): [string, Augmentation] => [
        name,
        strategies[name](),
      ]),
      // The kernels' own floor: every vector classified and copied, nothing painted.
      ['cutout (no image augmented)', strategies.cutout({ augmentationRatio: 0 })],
    ];
    for (const [name, strategy] of rowsToTime) {
      if (options.only && !options.only.includes(name)) continue;
      // Planning is host work a training loop overlaps with the GPU; kernels are timed alone.
      const planStart = performance.now();
      const plans: Plan[] = Array.from(
        { length: 8 },
        (_, step) => augmenter.plan(strategy, infoOf, step)[0]!,
      );
      const planMs = (performance.now() - planStart) / plans.length;
      const time = await timeOnGpu(
        device,
        (i) => backend.dispose(backend.apply(plans[i % plans.length]!, images) as GpuTensor),
        options.reps,
        timer,
      );
      const ms = msOf(time);
      const ratio = ms / copyMs;
      // Without timestamps a wall figure close to the host's own time is the host's.
      const hostBound = !stamped && time.hostMs > 0.9 * time.gpuMs ? ' (host-bound)' : '';
      // Every kernel reads and writes the batch at least once: well under the copy means
      // the timer is too coarse for a batch this small (SwiftShader's timestamps), not speed.
      const coarse = ratio < 0.9 ? ' (under the copy: timer too coarse)' : '';
      console.log(
        `| ${name} | ${ms.toFixed(4)} | ${((B * 1000) / ms).toFixed(0)} | ${ratio.toFixed(2)}${hostBound}${coarse} | ${time.gpuMs.toFixed(4)} | ${time.hostMs.toFixed(4)} | ${planMs.toFixed(3)} |`,
      );
      rows.push({
        dtype,
        strategy: name,
        msPerBatch: ms,
        wallMs: time.gpuMs,
        hostMs: time.hostMs,
        planMs,
        ratioToCopy: ratio,
      });
    }
    backend.dispose(images);
  }
  if (options.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      options.json,
      JSON.stringify({ device: deviceName, shape: options.shape, rows }, null, 2),
    );
  }
  backend.release();
  timer?.destroy();
  device.destroy();
  if (!gpu) throw new Error('unreachable');
}

await main();
