import { makeInput, makeLabels } from '@aug/conformance';
import {
  batchInfo,
  type CompositePlan,
  createAugmenter,
  cutBlur,
  cutMix,
  cutout,
  type FillPlan,
  InputError,
  mixup,
  ParameterError,
  type Plan,
  regionMask,
} from '@aug/core';
import { applyPlan, mixLabelArrays } from '@aug/core/backend';
import type { Tensor } from 'onnxruntime-common';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { compositeFeeds } from '../src/graphs/composite.js';
import { type OrtModule, onnxruntimeBackend } from '../src/index.js';
import { planAndBatch } from './helpers.js';

const shape = { batch: 4, height: 9, width: 7, channels: 3 };

describe('onnxruntimeBackend: the ort module and execution providers', () => {
  it('names itself after its first execution provider; asynchronous', () => {
    expect(onnxruntimeBackend({ ort: ortNode }).name).toBe('onnxruntime-cpu');
    expect(onnxruntimeBackend({ ort: ortWeb }).name).toBe('onnxruntime-wasm');
    const web = onnxruntimeBackend({ ort: ortWeb, executionProviders: ['webgpu', 'wasm'] });
    expect(web.name).toBe('onnxruntime-webgpu');
    expect(web.executionProviders).toEqual(['webgpu', 'wasm']);
    expect(web.synchronous).toBe(false);
  });

  it('runSync is a compile error (the type says so) and a run-time error', () => {
    const aug = createAugmenter({ backend: onnxruntimeBackend({ ort: ortNode }), seed: 1 });
    const images = { data: new Float32Array(12), shape: [1, 2, 2, 3] };
    // @ts-expect-error runSync needs a synchronous backend; this one is asynchronous: use run()
    expect(() => aug.runSync(cutout(), images)).toThrow(
      "backend 'onnxruntime-cpu' is asynchronous; use run() instead of runSync()",
    );
    // fork keeps the type.
    // @ts-expect-error as above
    expect(() => aug.fork(1).runSync(cutout(), images)).toThrow(/is asynchronous/);
    // Also with the tensor type given, where the backend's synchronous cannot be inferred.
    const typed = createAugmenter<Tensor>({ backend: onnxruntimeBackend({ ort: ortNode }) });
    // @ts-expect-error as above
    expect(() => typed.runSync(cutout(), images)).toThrow(/is asynchronous/);
  });

  it('refuses something that is not an onnxruntime module', () => {
    expect(() => onnxruntimeBackend({ ort: {} as OrtModule })).toThrow(
      /"ort" must be the onnxruntime-web or onnxruntime-node module.*received \{\}/,
    );
    expect(() => onnxruntimeBackend(undefined as never)).toThrow(/"ort" must be/);
    // A misspelt option must not silently fall back to the default provider.
    expect(() =>
      onnxruntimeBackend({ ort: ortNode, executionProvider: ['cuda'] } as never),
    ).toThrow(
      'onnxruntimeBackend: "executionProvider" must be a known option (ort, executionProviders, sessionOptions, kernels); received ["cuda"]',
    );
  });

  it('refuses an unsupported onnxruntime version, naming it', () => {
    const old = { ...ortNode, env: { versions: { common: '1.12.1', node: '1.12.1' } } };
    expect(() => onnxruntimeBackend({ ort: old as unknown as OrtModule })).toThrow(
      'onnxruntimeBackend: "ort" must be onnxruntime-web or onnxruntime-node >= 1.19 and < 2 (by its ort.env.versions.common); received "1.12.1"',
    );
    expect(() => onnxruntimeBackend({ ort: old as unknown as OrtModule })).toThrow(ParameterError);
    const next = { ...ortWeb, env: { versions: { common: '2.0.0' } } };
    expect(() => onnxruntimeBackend({ ort: next as unknown as OrtModule })).toThrow(
      /received "2\.0\.0"/,
    );
    const none = { ...ortWeb, env: {} };
    expect(() => onnxruntimeBackend({ ort: none as unknown as OrtModule })).toThrow(
      /ort\.env\.versions\.common\); received undefined/,
    );
  });

  it('refuses unknown execution providers, and ones the runtime does not have', () => {
    // @ts-expect-error an unknown name is a type error too
    expect(() => onnxruntimeBackend({ ort: ortNode, executionProviders: ['cuda2'] })).toThrow(
      /"executionProviders" must be known providers \(cpu, wasm, .*\); "cuda2" is not one; received \["cuda2"\]/,
    );
    // Option errors are ParameterErrors, as core's.
    for (const executionProviders of [['cuda2'], []] as never[]) {
      expect(() => onnxruntimeBackend({ ort: ortNode, executionProviders })).toThrow(
        ParameterError,
      );
    }
    expect(() => onnxruntimeBackend({ ort: {} as OrtModule })).toThrow(ParameterError);
    expect(() => onnxruntimeBackend({ ort: ortNode, executionProviders: [] })).toThrow(
      /"executionProviders" must be a non-empty array/,
    );
    expect(() => onnxruntimeBackend({ ort: ortNode, executionProviders: ['wasm'] })).toThrow(
      /"executionProviders" must be providers that onnxruntime-node 1\.30\.0 has \(cpu.*\); "wasm" is not one; received \["wasm"\]/,
    );
    expect(() => onnxruntimeBackend({ ort: ortNode, executionProviders: ['wasm'] })).toThrow(
      ParameterError,
    );
    // onnxruntime-web cannot list its providers: the native-only names are refused at once.
    expect(() => onnxruntimeBackend({ ort: ortWeb, executionProviders: ['cuda'] })).toThrow(
      new ParameterError(
        'onnxruntimeBackend',
        'executionProviders',
        `providers that onnxruntime-web ${ortWeb.env.versions.web} has (cpu, wasm, webgpu, webgl, webnn); "cuda" is not one`,
        ['cuda'],
      ),
    );
    expect(() => onnxruntimeBackend({ ort: ortWeb, executionProviders: ['xnnpack'] })).toThrow(
      /"xnnpack" is not one/,
    );
    expect(onnxruntimeBackend({ ort: ortWeb, executionProviders: ['webnn', 'wasm'] }).name).toBe(
      'onnxruntime-webnn',
    );
  });

  it('reports an execution provider that cannot start (webgpu in Node) at the first call, caching nothing', async () => {
    const backend = onnxruntimeBackend({ ort: ortWeb, executionProviders: ['webgpu'] });
    const { plan, batch } = planAndBatch(cutout(), shape);
    const images = await backend.upload(batch);
    await expect(backend.apply(plan, images)).rejects.toThrow(
      /onnxruntime-webgpu: could not create a session for graph 'fill_masks1_constant_NHWC_float32' with execution providers \[webgpu\]/,
    );
    expect(backend.sessionCount).toBe(0);
  });
});

describe('onnxruntime graphs: limits', () => {
  it('refuses a CutMix source batch past int32 gather indices, naming the strategy and shape', () => {
    // Planned only: no 2^31-value batch is allocated; the feeds are refused before any run.
    const info = batchInfo([2, 40_000, 30_000, 1], 'uint8');
    const [plan] = createAugmenter({ backend: 'reference', seed: 1 }).plan(
      cutMix({ numClasses: 2 }),
      info,
      0,
    );
    expect(() => compositeFeeds(plan as CompositePlan)).toThrow(
      new InputError(
        "onnxruntime: cutMix: a batch of 2 x 40000 x 30000 x 1 values (2^31 or more) is too large for ONNX's int32 gather indices; split the batch",
      ),
    );
  });
});

describe.each([
  ['onnxruntime-node', ortNode],
  ['onnxruntime-web', ortWeb],
] as const)('onnxruntimeBackend on %s (graphs)', (_, ort) => {
  // Graphs always: on these host providers 'auto' runs core's kernels (test/host.test.ts).
  const backend = onnxruntimeBackend({ ort, kernels: 'onnx' });
  afterAll(() => backend.release());

  it('refuses images of the wrong type or shape, or disposed, before running anything', async () => {
    const { plan, batch } = planAndBatch(cutout(), shape);
    const ints = new ort.Tensor('int32', new Int32Array(batch.data.length), [...batch.shape]);
    await expect(backend.apply(plan, ints)).rejects.toThrow(
      `${backend.name}: the plan was made for float32 images of shape [4, 9, 7, 3] (NHWC); received int32 [4, 9, 7, 3]`,
    );
    const wrong = new ort.Tensor('float32', batch.data as Float32Array, [4, 7, 9, 3]);
    await expect(backend.apply(plan, wrong)).rejects.toThrow(
      /the plan was made for float32 images of shape \[4, 9, 7, 3\] \(NHWC\); received float32 \[4, 7, 9, 3\]/,
    );
    await expect(backend.apply(plan, batch as never)).rejects.toThrow(
      /images must be an ort\.Tensor/,
    );
    const gone = await backend.upload(batch);
    gone.dispose();
    await expect(backend.apply(plan, gone)).rejects.toThrow(/the tensor has been disposed/);
    // Through the augmenter too: it never reads `data`, whose getter throws ort's own words.
    const aug = createAugmenter({ backend, seed: 1 });
    await expect(aug.run(cutout(), gone)).rejects.toThrow(/images: the tensor has been disposed/);
    await expect(
      aug.run(mixup({ numClasses: 3 }), { images: ints, labels: [0, 1] as never }),
    ).rejects.toThrow("labels: expected a tensor of backend 'onnxruntime-");
    // Disposed labels are refused, not handed back (an image-only strategy returns labels).
    const images = await backend.upload(batch);
    const labels = new ort.Tensor('float32', new Float32Array(8), [4, 2]);
    labels.dispose();
    await expect(aug.run(cutout(), { images, labels })).rejects.toThrow(
      'labels: the tensor has been disposed',
    );
    images.dispose();
  });

  it('caches one session per graph and releases them all', async () => {
    await backend.release();
    for (const dtype of ['float32', 'float32', 'uint8'] as const) {
      const { plan, batch } = planAndBatch(cutout(), shape, dtype);
      const out = await backend.apply(plan, await backend.upload(batch));
      expect(Array.from(await backend.download(out))).toEqual(
        Array.from(applyPlan(plan, batch).data),
      );
      backend.dispose(out);
    }
    expect(backend.sessionCount).toBe(2);
    await backend.release();
    expect(backend.sessionCount).toBe(0);
    // Still usable: sessions are created again.
    const { plan, batch } = planAndBatch(mixup(), shape);
    const out = await backend.apply(plan, await backend.upload(batch));
    expect(out.dims).toEqual(batch.shape);
    expect(backend.sessionCount).toBe(1);
  });

  it('releases sessions only after the calls running on them end', async () => {
    const { plan, batch } = planAndBatch(cutout(), shape);
    const expected = Array.from(applyPlan(plan, batch).data);
    // Started before release, with the session new and with it cached.
    for (let round = 0; round < 2; round++) {
      const pending = [0, 1, 2].map(async () => backend.apply(plan, await backend.upload(batch)));
      await backend.release();
      for (const out of await Promise.all(pending)) {
        expect(Array.from(await backend.download(out))).toEqual(expected);
        backend.dispose(out);
      }
      await backend.apply(plan, await backend.upload(batch)); // and usable after
    }
  });

  it('returns a new tensor and leaves the input as it was, also when nothing changes', async () => {
    const { plan, batch } = planAndBatch(cutBlur({ augmentationRatio: 0 }), shape);
    const images = await backend.upload(batch);
    const pristine = batch.data.slice();
    const out = await backend.apply(plan, images);
    expect(out).not.toBe(images);
    expect(await backend.download(out)).not.toBe(batch.data);
    expect(Array.from(await backend.download(out))).toEqual(Array.from(pristine));
    expect(Array.from(await backend.download(images))).toEqual(Array.from(pristine));
  });

  it('runs a rotated grid up to the 32-bit limit of its fixed-point arithmetic and refuses one past it', async () => {
    // A 45-degree grid (cos = sin = round(4096 / sqrt 2) = 2896) on 3-row gray images,
    // period 7, offsets (2, 5). The largest value the graph computes is xr at a corner:
    // 4096 (W - 1) + 8192 * 5 + 2896 (H - 1) + 2896 (W - 1) = 6992 (W - 1) + 46752,
    // 2147478736 at W = 307128 and 2147485728 (past 2^31 - 1 = 2147483647) at W = 307129.
    const rotatedGrid = (W: number) => {
      const plan: FillPlan = {
        kind: 'fill',
        strategy: 'gridMask',
        info: batchInfo([1, 3, W], 'uint8'),
        active: Uint8Array.of(1),
        region: {
          type: 'grid',
          period: Int32Array.of(7),
          masked: Int32Array.of(3),
          offset: Int32Array.of(2, 5),
          cosSin: Int32Array.of(2896, 2896),
        },
        fill: { type: 'constant', values: Float32Array.of(200) },
      };
      const batch = {
        data: Uint8Array.from({ length: 3 * W }, (_, i) => i % 199),
        shape: [1, 3, W],
      };
      return { plan, batch };
    };
    const inside = rotatedGrid(307_128);
    const out = await backend.apply(inside.plan, await backend.upload(inside.batch));
    const got = await backend.download(out);
    const want = applyPlan(inside.plan, inside.batch).data;
    expect(got.length).toBe(want.length);
    expect(got.every((v, i) => v === want[i])).toBe(true);
    expect(want.includes(200)).toBe(true); // the grid painted something
    backend.dispose(out);
    const outside = rotatedGrid(307_129);
    await expect(backend.apply(outside.plan, await backend.upload(outside.batch))).rejects.toThrow(
      new InputError(
        'gridMask: a rotated grid ("rotate") on 3x307129 images overflows the graph\'s 32-bit arithmetic (a fixed-point coordinate reaches 2147485728, past 2^31 - 1); without "rotate" any size works, or resize the images first',
      ),
    );
  });

  it('mixes float64 soft labels and refuses bad class ids', async () => {
    const { plan } = planAndBatch(cutMix({ labelSmoothing: 0.1 }), { ...shape, batch: 6 });
    const { oneHot, ids } = makeLabels(6, 5);
    const soft = { data: Float64Array.from(oneHot), shape: [6, 5] };
    const out = await backend.mixLabels(plan.labels!, await backend.upload(soft), 'cutMix');
    const want = mixLabelArrays(soft, plan.labels!, 'cutMix').data;
    const got = await backend.download(out);
    expect(out.type).toBe('float32');
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 6);
    });
    // int64 class ids (what PyTorch-style pipelines hand over) work as int32 ones do.
    const mix5 = { ...plan.labels!, numClasses: 5 };
    const wide = new ort.Tensor(
      'int64',
      BigInt64Array.from(ids, (id) => BigInt(id)),
      [6],
    );
    const fromIds = await backend.download(await backend.mixLabels(mix5, wide, 'cutMix'));
    const wantIds = mixLabelArrays({ data: ids, shape: [6] }, mix5, 'cutMix').data;
    fromIds.forEach((v, i) => {
      expect(v).toBeCloseTo(wantIds[i]!, 6);
    });
    // float16 labels: onnxruntime hands their data over as raw bits.
    const halfBits = Uint16Array.from(oneHot, (v) => (v === 1 ? 0x3c00 : 0));
    halfBits[1] = 0x3800; // 0.5
    halfBits[2] = 0x8001; // the smallest negative subnormal, -2^-24
    const halfValues = Float32Array.from(oneHot);
    halfValues[1] = 0.5;
    halfValues[2] = -(2 ** -24);
    halfBits[4] = 0x03ff; // the largest subnormal, 1023 x 2^-24
    halfValues[4] = 1023 * 2 ** -24;
    const half = new ort.Tensor('float16', halfBits, [6, 5]);
    const fromHalf = await backend.download(await backend.mixLabels(plan.labels!, half, 'cutMix'));
    const wantHalf = mixLabelArrays({ data: halfValues, shape: [6, 5] }, plan.labels!, 'cutMix');
    fromHalf.forEach((v, i) => {
      expect(v).toBeCloseTo(wantHalf.data[i]!, 6);
    });
    // Through a mix that changes nothing, float16 values (subnormals too) come out exactly.
    const identity = {
      partner: Int32Array.of(0, 1, 2, 3, 4, 5),
      weight: new Float32Array(6).fill(1),
      smoothing: new Float32Array(6),
      numClasses: 5,
    };
    const asIs = await backend.download(await backend.mixLabels(identity, half, 'cutMix'));
    expect(Array.from(asIs)).toEqual(Array.from(halfValues));
    const bad = Int32Array.from(ids);
    bad[2] = 9;
    const mix = { ...plan.labels!, numClasses: 5 };
    await expect(
      backend.mixLabels(mix, await backend.upload({ data: bad, shape: [6] }), 'cutMix'),
    ).rejects.toThrow(/label of image 2 is 9; class ids must be integers in \[0, 4\]/);
  });

  it('keeps the -0 pixels of images left alone with graph optimisations off (no Where fusion)', async () => {
    // onnxruntime's Where turns a -0 from its first branch into +0, and its optimiser
    // fuses Where(Not(c), a, b) into Where(c, b, a): with optimisations off, untouched
    // pixels must already be the second branch of every Where.
    const plain = onnxruntimeBackend({
      ort,
      sessionOptions: { graphOptimizationLevel: 'disabled' },
    });
    try {
      const { batch, info } = makeInput(
        { batch: 3, height: 4, width: 5, channels: 3 },
        'NHWC',
        'float32',
        5,
      );
      const boxes = Int32Array.of(1, 1, 3, 4, 0, 0, 4, 5, 0, 2, 2, 5);
      const plans: Plan[] = [
        {
          kind: 'blend',
          strategy: 'mixup',
          info,
          active: Uint8Array.of(1, 0, 1),
          partner: Int32Array.of(1, 2, 0),
          weight: Float32Array.of(0.5, 1, 0.25),
        },
        {
          kind: 'fill',
          strategy: 'cutout',
          info,
          active: Uint8Array.of(1, 0, 1),
          region: { type: 'boxes', count: 1, boxes },
          fill: { type: 'constant', values: Float32Array.of(0.1, 0.2, 0.3) },
        },
        {
          kind: 'composite',
          strategy: 'cutMix',
          info,
          active: Uint8Array.of(1, 0, 1),
          rects: 1,
          dst: boxes,
          source: Int32Array.of(1, 2, 0),
          offset: new Int32Array(6),
          sampler: { type: 'copy' },
        },
      ];
      for (const plan of plans) {
        const out = await plain.download(await plain.apply(plan, await plain.upload(batch)));
        const want = applyPlan(plan, batch).data;
        // Outside the regions (and in image 1, not augmented) bit for bit; inside within 1e-6.
        const perImage = 4 * 5 * 3;
        const masks = [0, 1, 2].map((b) => regionMask(plan, b));
        const wrong = Array.from(want).findIndex((v, i) =>
          masks[Math.floor(i / perImage)]![Math.floor((i % perImage) / 3)]
            ? !(Math.abs(out[i]! - v) <= 1e-6)
            : !Object.is(out[i], v),
        );
        expect(wrong, `${plan.strategy}: first pixel that differs`).toBe(-1);
      }
    } finally {
      await plain.release();
    }
  });
});
