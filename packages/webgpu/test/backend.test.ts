import { EXACT, firstMismatch, makeInput, makeLabels, RESAMPLED } from '@aug/conformance';
import {
  createAugmenter,
  cutBlur,
  cutMix,
  cutout,
  gridMask,
  hideAndSeek,
  type ImageBatch,
  mixup,
  ParameterError,
  type Plan,
  randomErasing,
} from '@aug/core';
import { applyPlan, mix32, mixLabelArrays } from '@aug/core/backend';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type GpuTensor,
  requestAugDevice,
  type WebGpuBackend,
  webgpuBackend,
} from '../src/index.js';
import { testDevice, uncapturedErrors } from './device.js';

let device: GPUDevice;
let backend: WebGpuBackend;

beforeAll(async () => {
  device = await testDevice();
  backend = webgpuBackend({ device });
});

afterAll(() => {
  expect(uncapturedErrors).toEqual([]);
});

const g = { batch: 3, height: 6, width: 5, channels: 3 };

function planOf(
  strategy: Parameters<ReturnType<typeof createAugmenter>['plan']>[0],
  batch: ImageBatch,
  seed = 1,
): Plan {
  const info = makeInput(
    g,
    'NHWC',
    batch.data instanceof Float32Array ? 'float32' : 'uint8',
    0,
  ).info;
  return createAugmenter({ backend: 'reference', seed }).plan(strategy, info, 0)[0]!;
}

describe('bad input is refused before anything is dispatched', () => {
  it('a buffer too small for its shape', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const small = device.createBuffer({ size: 16, usage: 0x80 | 0x8 });
    expect(() =>
      backend.apply(planOf(cutout(), batch), {
        buffer: small,
        shape: [3, 6, 5, 3],
        dtype: 'float32',
      }),
    ).toThrow(/needs a buffer of 1080 bytes; the GPUBuffer has 16/);
    small.destroy();
  });

  it('a dtype the kernels do not handle, and a dtype that disagrees with the plan', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const x = backend.upload(batch) as GpuTensor;
    expect(() => backend.apply(planOf(cutout(), batch), { ...x, dtype: 'int32' })).toThrow(
      /images: dtype must be 'float32' or 'uint8'; received 'int32'/,
    );
    const u8 = makeInput(g, 'NHWC', 'uint8', 1).batch;
    expect(() => backend.apply(planOf(cutout(), u8), x)).toThrow(
      'webgpu: the plan was made for uint8 images of shape [3, 6, 5, 3] (NHWC); received float32 [3, 6, 5, 3]',
    );
    backend.dispose(x);
  });

  it('a buffer without STORAGE usage', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const buffer = device.createBuffer({ size: 1080, usage: 0x1 | 0x8 });
    expect(() =>
      backend.apply(planOf(cutout(), batch), { buffer, shape: [3, 6, 5, 3], dtype: 'float32' }),
    ).toThrow(/must have STORAGE usage/);
    buffer.destroy();
  });

  it('something that is not a GpuTensor', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    expect(() => backend.apply(planOf(cutout(), batch), batch as never)).toThrow(
      /expected a GpuTensor/,
    );
  });

  it('a shape over the device limits', () => {
    const limit = device.limits.maxStorageBufferBindingSize;
    const side = Math.ceil(Math.sqrt(limit / 12)) + 1;
    const info = { batch: 1, height: side, width: side, channels: 3 };
    const buffer = device.createBuffer({ size: 4, usage: 0x80 });
    const fake = { buffer, shape: [1, side, side, 3], dtype: 'float32' as const };
    const plan = createAugmenter({ backend: 'reference', seed: 1 }).plan(
      cutout(),
      { ...info, dtype: 'float32', layout: 'NHWC', rank: 4 },
      0,
    )[0]!;
    // The short buffer is caught first; a big enough one would then hit the limit.
    expect(() => backend.apply(plan, fake)).toThrow(/needs a buffer of/);
    expect(() =>
      backend.upload({ data: new Float32Array(side * side * 3), shape: [1, side, side, 3] }),
    ).toThrow(/over this device's limit of \d+ bytes for one storage buffer/);
    buffer.destroy();
  });

  /** A plan for a [1, H, W, C] float32 batch of distinct values, the batch, and its GpuTensor. */
  function bigPlan(strategy: Parameters<typeof planOf>[0], H: number, W: number, C: number) {
    const plan = createAugmenter({ backend: 'reference', seed: 1 }).plan(
      strategy,
      { batch: 1, height: H, width: W, channels: C, dtype: 'float32', layout: 'NHWC', rank: 4 },
      0,
    )[0]!;
    const batch = {
      data: Float32Array.from({ length: H * W * C }, (_, i) => (i % 251) / 251),
      shape: [1, H, W, C],
    };
    return { plan, batch, x: backend.upload(batch) as GpuTensor };
  }

  it('a plan whose parameters are over the device limits (2^24 cells, a colour each)', () => {
    const limit = device.limits.maxStorageBufferBindingSize;
    // One word per cell, C per colour: 2^24 cells need more than the limit with C of:
    const C = Math.floor(limit / 4 / 2 ** 24);
    expect(C).toBeLessThanOrEqual(4); // keeps the host arrays of this test small
    const { plan, x } = bigPlan(
      hideAndSeek({ gridSize: [4096, 4096], fillMethod: 'random' }),
      2,
      2,
      C,
    );
    expect(() => backend.apply(plan, x)).toThrow(
      /^hideAndSeek: the plan's parameters: \d+ bytes is over this device's limit/,
    );
    backend.dispose(x);
  });

  it("a grid too fine for the kernel's 32-bit cell arithmetic", async () => {
    const fine = hideAndSeek({ gridSize: [2 ** 16, 1], erasedPatches: [500, 500], fillMethod: 2 });
    const { plan, x } = bigPlan(fine, 2 ** 16 + 1, 1, 1);
    expect(() => backend.apply(plan, x)).toThrow(
      'hideAndSeek: "gridSize" [65536, 1] on 65537x1 images overflows the WebGPU kernel',
    );
    backend.dispose(x);
    // One row fewer fits, and erases the reference's rows (one cell per row here).
    const ok = bigPlan(fine, 2 ** 16, 1, 1);
    const out = backend.apply(ok.plan, ok.x) as GpuTensor;
    const got = await backend.download(out);
    const want = applyPlan(ok.plan, ok.batch).data;
    expect(want.filter((v) => v === 2).length).toBe(500);
    expect(Array.from(got)).toEqual(Array.from(want));
    backend.dispose(out);
    backend.dispose(ok.x);
  });

  /** A backend on a device of its own, with one uploaded batch, for tests that destroy it. */
  async function doomedBackend() {
    const adapter = await (
      globalThis as unknown as { navigator: Navigator }
    ).navigator.gpu.requestAdapter();
    const other = await adapter!.requestDevice();
    const doomed = webgpuBackend({ device: other });
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    return { other, doomed, batch, x: doomed.upload(batch) as GpuTensor };
  }

  it('a device that was destroyed', async () => {
    const { other, doomed, batch, x } = await doomedBackend();
    other.destroy();
    await other.lost;
    expect(() => doomed.apply(planOf(cutout(), batch), x)).toThrow(
      /GPUDevice was lost or destroyed/,
    );
  });

  it('a new backend on a device an earlier backend saw lost', async () => {
    const { other, batch } = await doomedBackend();
    other.destroy();
    await other.lost;
    const late = webgpuBackend({ device: other });
    expect(() => late.upload(batch)).toThrow(/GPUDevice was lost or destroyed/);
  });

  it('a device destroyed a moment ago: reading back says so', async () => {
    const { other, doomed, x } = await doomedBackend();
    other.destroy(); // its lost promise has not settled yet
    await expect(doomed.download(x)).rejects.toThrow(/GPUDevice was lost or destroyed/);
  });

  it("a tensor of another device's backend, wherever it is passed (WebGPU would read zeros)", async () => {
    const { other, doomed, batch, x } = await doomedBackend();
    const plan = planOf(cutout(), batch);
    const ids = doomed.upload({ data: Int32Array.of(0, 1, 0), shape: [3] }) as GpuTensor;
    const another = /the tensor was made on another GPUDevice than this backend's/;
    expect(() => backend.apply(plan, x)).toThrow(another);
    const mine = backend.upload(batch) as GpuTensor;
    expect(() => backend.applyInto(plan, x, mine.buffer)).toThrow(another);
    // An output buffer of the other device's backend, too (wrapped, its origin is known).
    const theirs = doomed.apply(plan, x) as GpuTensor;
    expect(() => backend.applyInto(plan, mine, theirs.buffer)).toThrow(
      /applyInto: the output buffer was made on another GPUDevice/,
    );
    expect(() =>
      backend.apply(plan, backend.wrap(theirs.buffer, theirs.shape, theirs.dtype)),
    ).toThrow(/images: the tensor was made on another GPUDevice/);
    doomed.dispose(theirs);
    expect(() =>
      backend.mixLabels(planOf(mixup({ numClasses: 2 }), batch).labels!, ids, 'mixup'),
    ).toThrow(another);
    expect(() => backend.clone(x)).toThrow(another);
    await expect(backend.download(x)).rejects.toThrow(another);
    const aug = createAugmenter({ backend, seed: 1 });
    expect(() => aug.runSync(cutout(), x)).toThrow(another);
    // Its own backend takes it, and this backend's outputs stay usable here.
    const out = doomed.apply(plan, x) as GpuTensor;
    doomed.dispose(out);
    backend.dispose(backend.apply(plan, mine));
    backend.dispose(mine);
    other.destroy();
  });

  it('uploads with a shape or data that cannot be a batch', () => {
    const bad: [ImageBatch, RegExp][] = [
      [
        { data: new Float32Array(8), shape: [2.5, 2, 2, 2] } as never,
        /every dimension must be an integer >= 0; received shape \[2.5, 2, 2, 2\]/,
      ],
      [
        { data: new Float32Array(16), shape: [1, 2, 2, 2, 2] } as never,
        /images are rank 3 or 4 .*; received rank 5 of a Float32Array/,
      ],
      [
        { data: new Float64Array(8), shape: [1, 2, 2, 2] } as never,
        /images are rank 3 or 4 of a Float32Array, Uint8Array or Uint8ClampedArray; received rank 4 of a Float64Array/,
      ],
      [
        { data: new Int16Array(8), shape: [1, 2, 2, 2] } as never,
        /received rank 4 of an Int16Array$/,
      ],
      [
        { data: Float32Array.of(0, 1.5, 2), shape: [3] } as never,
        /class ids \[B\] must be integers; id 1 is 1.5/,
      ],
    ];
    for (const [batch, message] of bad) expect(() => backend.upload(batch)).toThrow(message);
  });

  it('reading back a buffer without COPY_SRC usage', async () => {
    const buffer = device.createBuffer({ size: 48, usage: 0x80 | 0x8 });
    const t = backend.wrap(buffer, [1, 2, 2, 3], 'float32');
    await expect(backend.download(t)).rejects.toThrow(
      /download: the GPUBuffer needs COPY_SRC usage to be read back; its usage is 0x88/,
    );
    buffer.destroy();
  });

  it('a rotated Grid Mask on images too wide for its 32-bit arithmetic', () => {
    const wide = { batch: 1, height: 2, width: 200_000, channels: 1 };
    const plan = createAugmenter({ backend: 'reference', seed: 1 }).plan(
      gridMask({ rotate: [30, 30], augmentationRatio: 1 }),
      { ...wide, dtype: 'uint8', layout: 'NHWC', rank: 4 },
      0,
    )[0]!;
    const x = backend.upload({ data: new Uint8Array(400_000), shape: [1, 2, 200_000, 1] });
    expect(() => backend.apply(plan, x as GpuTensor)).toThrow(
      /^gridMask: a rotated grid \("rotate"\) on 2x200000 images overflows the WebGPU kernel's 32-bit arithmetic/,
    );
    backend.dispose(x as GpuTensor);
  });

  it('a missing device, and options it does not know or cannot use', () => {
    expect(() => webgpuBackend({} as never)).toThrow(
      /"device" must be a GPUDevice; received undefined/,
    );
    expect(() => webgpuBackend({ device, maxPoolBytes: 1 } as never)).toThrow(
      'webgpuBackend: "maxPoolBytes" must be a known option (device, maxPooledBytes, timestampWrites); received',
    );
    for (const bad of [Number.NaN, -1, 1.5]) {
      expect(() => webgpuBackend({ device, maxPooledBytes: bad })).toThrow(
        /"maxPooledBytes" must be an integer >= 0 or Infinity; received/,
      );
    }
    expect(() => webgpuBackend({ device, maxPooledBytes: Number.POSITIVE_INFINITY })).not.toThrow();
    // Option errors are ParameterErrors, as core's, naming the call and the option.
    expect(() => webgpuBackend({ device, timestampWrites: 3 as never })).toThrow(ParameterError);
    expect(() => webgpuBackend({ device, timestampWrites: 3 as never })).toThrow(
      'webgpuBackend: "timestampWrites" must be a function; received 3',
    );
  });

  it('values that are not batches, buffers or shapes, each named', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const x = backend.upload(batch);
    expect(() => backend.upload(null as never)).toThrow(
      'webgpu upload: expected a batch { data: typed array, shape: number[] }; received null',
    );
    expect(() => backend.upload({ shape: [2] } as never)).toThrow(/expected a batch/);
    expect(() => backend.wrap(x.buffer, 16 as never, 'float32')).toThrow(
      'wrap: shape must be an array of integers; received 16',
    );
    expect(() => backend.wrap({} as never, [1], 'float32')).toThrow(/wrap: expected a GPUBuffer/);
    expect(() => backend.applyInto(planOf(cutout(), batch), x, {} as never)).toThrow(
      /applyInto: the output must be a GPUBuffer/,
    );
    backend.dispose(x);
  });

  it('a disposed tensor, wherever it is passed', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const x = backend.upload(batch);
    const plan = planOf(cutout(), batch);
    const out = backend.apply(plan, x);
    backend.dispose(out);
    expect(() => backend.apply(plan, out)).toThrow('images: the tensor has been disposed');
    expect(() => backend.describe(out, 'images')).toThrow(/images: the tensor has been disposed/);
    expect(() => backend.clone(out)).toThrow(/clone: the tensor has been disposed/);
    await expect(backend.download(out)).rejects.toThrow(/download: the tensor has been disposed/);
    await expect(createAugmenter({ backend, seed: 1 }).run(cutout(), out)).rejects.toThrow(
      /images: the tensor has been disposed/,
    );
    backend.dispose(x);
  });

  it('mixed labels over the device limits', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const K = Math.floor(device.limits.maxStorageBufferBindingSize / 8);
    const plan = planOf(mixup({ numClasses: K }), batch);
    const ids = backend.upload({ data: Int32Array.of(0, 1, 2), shape: [3] });
    expect(() => backend.mixLabels(plan.labels!, ids, 'mixup')).toThrow(
      new RegExp(`mixup: mixed labels \\[3, ${K}\\]: \\d+ bytes is over this device's limit`),
    );
    backend.dispose(ids);
  });

  it('a download it refuses allocates nothing', async () => {
    const buffer = device.createBuffer({ size: 48, usage: 0x80 | 0x8 });
    const t = backend.wrap(buffer, [1, 2, 2, 3], 'float32');
    const created = vi.spyOn(device, 'createBuffer');
    await expect(backend.download(t)).rejects.toThrow(/needs COPY_SRC usage/);
    expect(created).not.toHaveBeenCalled();
    created.mockRestore();
    buffer.destroy();
  });

  it('class ids out of range, known on the host', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const plan = planOf(mixup({ numClasses: 4 }), batch);
    const ids = backend.upload({ data: Int32Array.of(0, 9, 1), shape: [3] }) as GpuTensor;
    expect(() => backend.mixLabels(plan.labels!, ids, 'mixup')).toThrow(/9/);
    backend.dispose(ids);
  });
});

describe('behaviour', () => {
  it('keeps float32 noise inside pixelsRange (low + u * span may round one step past high)', async () => {
    // Found by a differential fuzz: a narrow range far from 0, where float32 steps are coarse.
    const pixelsRange = [250.4652375355363, 250.4662375355363] as const;
    const strategy = cutout({ patchArea: 0.93, pixelsRange, fillMethod: 'noise' });
    const images = { data: new Float32Array(4 * 32 * 16).fill(250.466), shape: [4, 32, 16] };
    const aug = createAugmenter<GpuTensor>({ backend, seed: 259855 });
    let largest = Number.NEGATIVE_INFINITY;
    for (let step = 0; step < 12; step++) {
      const out = await aug.run(strategy, images, { step });
      for (const v of out.data) largest = Math.max(largest, v);
    }
    expect(largest).toBeLessThanOrEqual(Math.fround(pixelsRange[1]));
  });

  it('gives images whose seeds hash to nearby words their own noise, not a permutation of it', async () => {
    // The kernel hashes element e of image b from mix32(seed) ^ e: seeds whose hashes
    // differ by D alone would give image b at e the value image a has at e ^ D.
    const m = mix32(12345);
    const seeds = [12345, unmix32(m ^ 3), unmix32(m ^ 16)];
    expect(seeds.map(mix32)).toEqual([m, (m ^ 3) >>> 0, (m ^ 16) >>> 0]);
    const { batch, info } = makeInput(
      { batch: 3, height: 8, width: 8, channels: 3 },
      'NHWC',
      'uint8',
      2,
    );
    const plan: Plan = {
      kind: 'fill',
      strategy: 'cutout',
      info,
      active: Uint8Array.of(1, 1, 1),
      region: { type: 'boxes', count: 1, boxes: Int32Array.of(0, 0, 8, 8, 0, 0, 8, 8, 0, 0, 8, 8) },
      fill: { type: 'noise', low: 0, high: 255, seeds: Uint32Array.from(seeds) },
    };
    const input = await backend.upload(batch);
    const output = await backend.apply(plan, input);
    const values = await backend.download(output);
    backend.dispose(input);
    backend.dispose(output);
    const n = 8 * 8 * 3;
    for (const b of [1, 2]) {
      for (let D = 1; D < 64; D++) {
        let same = 0;
        for (let e = 0; e < n; e++)
          if ((e ^ D) < n && values[e] === values[b * n + (e ^ D)]) same++;
        expect(same / n, `image ${b}, e ^ ${D}`).toBeLessThan(0.1);
      }
    }
  });

  it('never modifies its input, and returns a new buffer', async () => {
    const { batch } = makeInput(g, 'NHWC', 'uint8', 2);
    const x = backend.upload(batch) as GpuTensor;
    const out = backend.apply(planOf(cutMix({ numClasses: 3 }), batch), x) as GpuTensor;
    expect(out.buffer).not.toBe(x.buffer);
    expect(Array.from(await backend.download(x))).toEqual(Array.from(batch.data));
    backend.dispose(out);
    backend.dispose(x);
  });

  it('many calls in flight before any is read give each its own parameters', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 3);
    const x = backend.upload(batch) as GpuTensor;
    const plans = Array.from({ length: 24 }, (_, i) =>
      planOf(randomErasing({ fillMethod: 'random' }), batch, i),
    );
    const outs = plans.map((plan) => backend.apply(plan, x) as GpuTensor);
    for (let i = 0; i < plans.length; i++) {
      const got = await backend.download(outs[i]!);
      expect(Array.from(got)).toEqual(Array.from(applyPlan(plans[i]!, batch).data));
      backend.dispose(outs[i]!);
    }
    backend.dispose(x);
  });

  it('binds no more of a buffer than the device allows, however large the buffer', async () => {
    // One word over maxStorageBufferBindingSize: binding all of it fails validation.
    const size = device.limits.maxStorageBufferBindingSize + 4;
    expect(size).toBeLessThanOrEqual(device.limits.maxBufferSize);
    // A batch and plan no other test uses, so a stale pooled output cannot pass for this one.
    const { batch } = makeInput(g, 'NHWC', 'float32', 11);
    const big = device.createBuffer({ size, usage: 0x80 | 0x4 | 0x8 });
    device.queue.writeBuffer(big, 0, batch.data as Float32Array<ArrayBuffer>);
    const x = backend.wrap(big, batch.shape, 'float32');
    const plan = planOf(randomErasing({ fillMethod: 'random' }), batch, 11);
    const out = backend.apply(plan, x) as GpuTensor;
    expect(Array.from(await backend.download(out))).toEqual(
      Array.from(applyPlan(plan, batch).data),
    );
    expect(uncapturedErrors).toEqual([]);
    backend.dispose(out);
    big.destroy();
  });

  it('averages uint8 channels of more than 2^32 / 255 pixels exactly (mean fill)', async () => {
    const [H, W] = [4200, 4200]; // 250 * H * W > 2^32
    const data = new Uint8Array(H * W).fill(250);
    const x = backend.upload({ data, shape: [1, H, W, 1] }) as GpuTensor;
    const info = { batch: 1, height: H, width: W, channels: 1 };
    const plan = createAugmenter({ backend: 'reference', seed: 1 }).plan(
      cutout({ fillMethod: 'mean_per_channel', augmentationRatio: 1 }),
      { ...info, dtype: 'uint8', layout: 'NHWC', rank: 4 },
      0,
    )[0]!;
    const out = backend.apply(plan, x) as GpuTensor;
    const got = await backend.download(out);
    expect(got.every((v) => v === 250)).toBe(true);
    for (const t of [out, x]) backend.dispose(t);
  });

  it('runs every kernel as a 2-D grid (a device that allows 3 workgroups per dimension)', async () => {
    // Past 65,535 workgroups (a mean fill of 22,000 RGB images, say) a dispatch is a 2-D
    // grid, which the conformance shapes never need: a device reporting a limit of 3 makes
    // every pass here one, the main kernels, the mean and CutBlur prepasses and labels.
    const limits = new Proxy(device.limits, {
      get: (t, k) => (k === 'maxComputeWorkgroupsPerDimension' ? 3 : t[k as keyof typeof t]),
    });
    const narrow = new Proxy(device, {
      get: (t, k) => {
        if (k === 'limits') return limits;
        const v = t[k as keyof GPUDevice];
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const small = webgpuBackend({ device: narrow });
    const shape = { batch: 5, height: 12, width: 20, channels: 3 };
    const strategies = [
      cutout({ fillMethod: 'mean_per_channel' }),
      hideAndSeek({ fillMethod: 'random', erasedPatches: [5, 20] }),
      cutBlur({ blurFactor: 0.3 }),
      mixup({ numClasses: 4 }),
    ];
    for (const dtype of ['float32', 'uint8'] as const) {
      for (const layout of ['NHWC', 'NCHW'] as const) {
        const { batch, info } = makeInput(shape, layout, dtype, 9);
        for (const strategy of strategies) {
          const plan = createAugmenter({ backend: 'reference', seed: 4 }).plan(
            strategy,
            info,
            0,
          )[0]!;
          const x = small.upload(batch) as GpuTensor;
          const out = small.apply(plan, x) as GpuTensor;
          const tolerance = plan.kind === 'composite' ? RESAMPLED : EXACT;
          const expected = applyPlan(plan, batch).data;
          const got = await small.download(out);
          expect(
            firstMismatch(got, expected, info, tolerance),
            `${strategy.name} ${dtype} ${layout}`,
          ).toBeUndefined();
          if (plan.labels) {
            const labels = { data: makeLabels(5, 4).ids, shape: [5] };
            const ids = small.upload(labels) as GpuTensor;
            const mixed = small.mixLabels(plan.labels, ids, strategy.name) as GpuTensor;
            const want = mixLabelArrays(labels, plan.labels, strategy.name).data;
            const have = await small.download(mixed);
            for (let i = 0; i < want.length; i++) expect(have[i]).toBeCloseTo(want[i]!, 6);
            for (const t of [mixed, ids]) small.dispose(t);
          }
          for (const t of [out, x]) small.dispose(t);
        }
      }
    }
    small.release();
  });

  it('masks Grid Mask runs that cross a 32-column word of its column bits', async () => {
    // Images wider than 32 pixels: a vector's run of columns can start in one word of
    // the bit mask and end in the next (the conformance shapes are all narrower).
    const wide = { batch: 4, height: 5, width: 75, channels: 3 };
    for (const dtype of ['float32', 'uint8'] as const) {
      for (const layout of ['NHWC', 'NCHW'] as const) {
        const { batch, info } = makeInput(wide, layout, dtype, 5);
        const plan = createAugmenter({ backend: 'reference', seed: 3 }).plan(
          gridMask({ unitLength: [0.2, 0.9], maskedRatio: 0.6, fillMethod: 'white' }),
          info,
          0,
        )[0]!;
        const x = backend.upload(batch) as GpuTensor;
        const out = backend.apply(plan, x) as GpuTensor;
        expect(Array.from(await backend.download(out)), `${dtype} ${layout}`).toEqual(
          Array.from(applyPlan(plan, batch).data),
        );
        for (const t of [out, x]) backend.dispose(t);
      }
    }
  });

  it('a second dispose never frees a buffer that a later output holds', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 3);
    const x = backend.upload(batch);
    const plan = planOf(cutout(), batch);
    const a = backend.apply(plan, x);
    backend.dispose(a);
    const b = backend.apply(plan, x); // the pool hands a's buffer on
    expect(b.buffer).toBe(a.buffer);
    backend.dispose(a); // a stale handle: must not put b's buffer back in the pool
    const c = backend.apply(planOf(cutout(), batch, 5), x);
    expect(c.buffer).not.toBe(b.buffer);
    expect(Array.from(await backend.download(b))).toEqual(Array.from(applyPlan(plan, batch).data));
    for (const t of [b, c, x]) backend.dispose(t);
  });

  it('never destroys a buffer it did not make (wrap, applyInto): disposing lets go of the handle', async () => {
    const buffer = device.createBuffer({ size: 8, usage: 0x80 | 0x4 | 0x8 });
    device.queue.writeBuffer(buffer, 0, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    backend.dispose(backend.wrap(buffer, [1, 1, 2, 3], 'uint8'));
    const again = backend.wrap(buffer, [1, 1, 2, 3], 'uint8');
    expect(Array.from(await backend.download(again))).toEqual([1, 2, 3, 4, 5, 6]);
    backend.dispose(again);
    buffer.destroy();
  });

  it('handles of buffers the backend made but the user wrapped or wrote into never free them', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 3);
    const plan = planOf(cutout(), batch);
    const want = Array.from(applyPlan(plan, batch).data);
    const x = backend.upload(batch);
    const out = backend.apply(plan, x);
    // (a) a reshaped view of an output, disposed: the output keeps its buffer.
    backend.dispose(backend.wrap(out.buffer, [3 * 6, 5, 3], 'float32'));
    const next = backend.apply(plan, x);
    expect(next.buffer).not.toBe(out.buffer);
    expect(Array.from(await backend.download(out))).toEqual(want);
    // (b) a view of an upload, disposed: the upload stays alive.
    backend.dispose(backend.wrap(x.buffer, [...x.shape], 'float32'));
    expect(Array.from(await backend.download(x))).toEqual(Array.from(batch.data));
    // (c) a view does not use up a clone's count: x lives until x and its clone are both disposed.
    const alias = backend.clone(x);
    backend.dispose(backend.wrap(x.buffer, [...x.shape], 'float32'));
    backend.dispose(alias);
    expect(Array.from(await backend.download(x))).toEqual(Array.from(batch.data));
    // (d) applyInto an output's buffer, disposed: that output keeps it.
    const into = backend.applyInto(planOf(cutout(), batch, 4), x, next.buffer);
    backend.dispose(into);
    const third = backend.apply(plan, x);
    expect(third.buffer).not.toBe(next.buffer);
    // Disposed through another backend on the device: freed (to this one's pool) once.
    const other = webgpuBackend({ device });
    other.dispose(out);
    expect(() => backend.apply(plan, out)).toThrow(/images: the tensor has been disposed/);
    const reused = backend.apply(plan, x);
    expect(reused.buffer).toBe(out.buffer);
    for (const t of [next, third, reused, x]) backend.dispose(t);
  });

  it('class ids that live only on the GPU: a fractional or out-of-range id gives a row of NaN', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 1);
    const plan = planOf(mixup({ numClasses: 3, augmentationRatio: 0 }), batch);
    const buffer = device.createBuffer({ size: 12, usage: 0x80 | 0x4 | 0x8 });
    for (const [ids, dtype] of [
      [Float32Array.of(1.7, -0.5, 2), 'float32'],
      [Int32Array.of(3, -1, 2), 'int32'],
    ] as const) {
      device.queue.writeBuffer(buffer, 0, ids);
      const labels = backend.wrap(buffer, [3], dtype);
      const out = backend.mixLabels(plan.labels!, labels, 'mixup');
      const rows = Array.from(await backend.download(out));
      expect(rows.slice(0, 6).every(Number.isNaN), dtype).toBe(true);
      expect(rows.slice(6)).toEqual([0, 0, 1]);
      backend.dispose(out);
    }
    buffer.destroy();
  });

  it('reuses disposed outputs instead of allocating, once however often disposed', () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 3);
    const x = backend.upload(batch) as GpuTensor;
    const plan = planOf(cutout(), batch);
    const first = backend.apply(plan, x) as GpuTensor;
    backend.dispose(first);
    const second = backend.apply(plan, x) as GpuTensor;
    expect(second.buffer).toBe(first.buffer);
    backend.dispose(second);
    backend.dispose(second);
    const a = backend.apply(plan, x) as GpuTensor;
    const b = backend.apply(plan, x) as GpuTensor;
    expect(a.buffer).not.toBe(b.buffer);
    backend.dispose(a);
    backend.dispose(b);
    backend.dispose(x);
  });

  it('frees a pooled buffer handed out twice (clone) only once both handles are disposed', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 3);
    const x = backend.upload(batch) as GpuTensor;
    const plan = planOf(cutout(), batch);
    const mixed = backend.apply(plan, x) as GpuTensor; // a pooled output
    const kept = Array.from(await backend.download(mixed));
    const alias = backend.clone(mixed);
    backend.dispose(mixed);
    backend.dispose(mixed);
    // Still held by the alias: a new output of the same size must not reuse it.
    const other = backend.apply(planOf(cutout(), batch, 9), x) as GpuTensor;
    expect(other.buffer).not.toBe(alias.buffer);
    expect(Array.from(await backend.download(alias))).toEqual(kept);
    backend.dispose(alias);
    backend.dispose(alias); // harmless, and it must not free twice
    const reused = backend.apply(plan, x) as GpuTensor;
    expect(reused.buffer).toBe(alias.buffer);
    for (const t of [other, reused, x]) backend.dispose(t);
  });

  it('runs synchronously through the augmenter (runSync) on its own tensors', async () => {
    const { batch } = makeInput(g, 'NHWC', 'uint8', 4);
    const x = backend.upload(batch) as GpuTensor;
    const augmenter = createAugmenter<GpuTensor>({ backend, seed: 5 });
    const out = augmenter.runSync(cutout({ fillMethod: 7 }), x);
    const want = createAugmenter({ backend: 'reference', seed: 5 }).runSync(
      cutout({ fillMethod: 7 }),
      batch,
    );
    expect(Array.from(await backend.download(out))).toEqual(Array.from(want.data));
    backend.dispose(out);
    backend.dispose(x);
  });

  it('wraps a buffer the user already has, and checks it', async () => {
    const buffer = device.createBuffer({ size: 8, usage: 0x80 | 0x4 | 0x8 });
    device.queue.writeBuffer(buffer, 0, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    const t = backend.wrap(buffer, [1, 1, 2, 3], 'uint8');
    expect(Array.from(await backend.download(t))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => backend.wrap(buffer, [1, 2, 2, 3], 'uint8')).toThrow(/needs a buffer of 12 bytes/);
    backend.dispose(t);
  });

  it("requestAugDevice asks for the adapter's largest storage buffers", async () => {
    const adapter = await (
      globalThis as unknown as { navigator: Navigator }
    ).navigator.gpu.requestAdapter();
    const big = await requestAugDevice(adapter!);
    expect(big.limits.maxStorageBufferBindingSize).toBe(
      adapter!.limits.maxStorageBufferBindingSize,
    );
    big.destroy();
    await expect(requestAugDevice(null as never)).rejects.toThrow(
      'requestAugDevice: "adapter" must be a GPUAdapter; received null. navigator.gpu.requestAdapter() gives null',
    );
    await expect(requestAugDevice(null as never)).rejects.toThrow(ParameterError);
  });
});

describe('applyInto', () => {
  it('writes into a buffer the caller owns, and refuses unusable ones', async () => {
    const { batch } = makeInput(g, 'NHWC', 'float32', 6);
    const x = backend.upload(batch) as GpuTensor;
    const plan = planOf(cutout(), batch);
    const mine = device.createBuffer({ size: 1080, usage: 0x80 | 0x4 | 0x8 });
    const out = backend.applyInto(plan, x, mine);
    expect(out.buffer).toBe(mine);
    expect(Array.from(await backend.download(out))).toEqual(
      Array.from(applyPlan(plan, batch).data),
    );
    expect(() => backend.applyInto(plan, x, x.buffer)).toThrow(/must not be the input buffer/);
    const small = device.createBuffer({ size: 64, usage: 0x80 });
    expect(() => backend.applyInto(plan, x, small)).toThrow(/needs STORAGE usage and 1080 bytes/);
    for (const b of [mine, small]) b.destroy();
    backend.dispose(x);
  });
});

describe('timestampWrites', () => {
  it('is asked once per compute pass (two for mean fill and CutBlur), for profiling', async () => {
    const adapter = await (
      globalThis as unknown as { navigator: Navigator }
    ).navigator.gpu.requestAdapter();
    expect(adapter!.features.has('timestamp-query')).toBe(true);
    const timed = await adapter!.requestDevice({ requiredFeatures: ['timestamp-query'] });
    const errors: string[] = [];
    timed.addEventListener('uncapturederror', (e) => {
      errors.push((e as GPUUncapturedErrorEvent).error.message);
    });
    const querySet = timed.createQuerySet({ type: 'timestamp', count: 10 });
    let asked = 0;
    const profiled = webgpuBackend({
      device: timed,
      timestampWrites: () => {
        const at = 2 * asked++;
        return { querySet, beginningOfPassWriteIndex: at, endOfPassWriteIndex: at + 1 };
      },
    });
    const { batch } = makeInput(g, 'NHWC', 'float32', 6);
    const x = profiled.upload(batch) as GpuTensor;
    profiled.dispose(profiled.apply(planOf(cutout(), batch), x) as GpuTensor);
    expect(asked).toBe(1);
    profiled.dispose(
      profiled.apply(planOf(cutout({ fillMethod: 'mean_per_channel' }), batch), x) as GpuTensor,
    );
    expect(asked).toBe(3);
    // CutBlur: the small images, then the kernel.
    profiled.dispose(profiled.apply(planOf(cutBlur(), batch), x) as GpuTensor);
    expect(asked).toBe(5);
    await timed.queue.onSubmittedWorkDone();
    expect(errors).toEqual([]);
    profiled.dispose(x);
    timed.destroy();
  });
});

/** The inverse of the kernels' 32-bit hash (core's mix32), to make seeds with related hashes. */
function unmix32(v: number): number {
  // The inverse of an odd factor modulo 2^32, by Newton's iteration (bits double each step).
  const inverse = (a: number) => {
    let y = a;
    for (let i = 0; i < 5; i++) y = Math.imul(y, 2 - Math.imul(a, y));
    return y;
  };
  let h = v >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, inverse(0x846ca68b));
  h ^= (h >>> 15) ^ (h >>> 30);
  h = Math.imul(h, inverse(0x7feb352d));
  return (h ^ (h >>> 16)) >>> 0;
}
