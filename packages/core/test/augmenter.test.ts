import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Augmenter,
  type Backend,
  batchInfo,
  compose,
  createAugmenter,
  cutMix,
  cutout,
  cutThumbnail,
  getBackend,
  gridMask,
  type ImageBatch,
  InputError,
  listBackends,
  mixup,
  oneOf,
  ParameterError,
  type ReferenceTensor,
  randomApply,
  randomErasing,
  referenceBackend,
  registerBackend,
  resizeImages,
  type Strategy,
} from '../src/index.js';

const batch = (B: number, H = 8, W = 8, C = 3): ImageBatch => ({
  data: Float32Array.from({ length: B * H * W * C }, (_, i) => (i % 50) / 100),
  shape: [B, H, W, C],
});
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0);
const changedImages = (a: ImageBatch, b: ImageBatch) => {
  const size = a.data.length / a.shape[0]!;
  return Array.from({ length: a.shape[0]! }, (_, i) =>
    a.data.subarray(i * size, (i + 1) * size).some((v, k) => v !== b.data[i * size + k]),
  );
};

describe('augmenter', () => {
  it('returns new data, never modifies the input, keeps shape and dtype', async () => {
    const input = batch(4);
    const copy = input.data.slice();
    const out = await createAugmenter({ seed: 1 }).run(randomErasing(), input);
    expect(input.data).toEqual(copy);
    expect(out.data).not.toBe(input.data);
    expect(out.shape).toEqual([4, 8, 8, 3]);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(changedImages(input, out).every(Boolean)).toBe(true);
  });

  it('is reproducible for a seed and step; steps default to a call counter', async () => {
    const a = createAugmenter({ seed: 7 });
    const b = createAugmenter({ seed: 7 });
    const first = await a.run(randomErasing(), batch(3));
    const second = await a.run(randomErasing(), batch(3));
    expect((await b.run(randomErasing(), batch(3))).data).toEqual(first.data);
    expect(second.data).not.toEqual(first.data);
    expect((await b.run(randomErasing(), batch(3), { step: 1 })).data).toEqual(second.data);
    expect(a.runSync(randomErasing(), batch(3), { step: 0 }).data).toEqual(first.data);
  });

  it('forks independent streams of one seed for data-parallel workers', () => {
    const aug = createAugmenter({ seed: 7 });
    const w0 = aug.fork(0).runSync(randomErasing(), batch(3), { step: 0 });
    const w1 = aug.fork(1).runSync(randomErasing(), batch(3), { step: 0 });
    expect(w0.data).toEqual(aug.runSync(randomErasing(), batch(3), { step: 0 }).data);
    expect(w1.data).not.toEqual(w0.data);
    expect(() => aug.fork(-1)).toThrow(/"stream" must be an integer >= 0; received -1/);
  });

  it('takes its tensor type from a backend object', () => {
    const aug = createAugmenter({ backend: referenceBackend(), seed: 1 });
    // Synchronous by its type: runSync compiles, and an Augmenter<ReferenceTensor> takes it.
    expectTypeOf(aug).toEqualTypeOf<Augmenter<ReferenceTensor, true>>();
    const general: Augmenter<ReferenceTensor> = aug;
    expect(general.backend.name).toBe('reference');
    // Its methods return values, not promises.
    const backend = referenceBackend();
    const uploaded = backend.upload({ data: new Float32Array(12), shape: [1, 2, 2, 3] });
    expect(uploaded.data).toHaveLength(12);
    const [plan] = aug.plan(cutout(), batchInfo([1, 2, 2, 3], 'float32'), 0);
    expectTypeOf(backend.apply(plan!, uploaded).data).toEqualTypeOf<ImageBatch['data']>();
  });

  it('takes its tensor type from a registered backend name', () => {
    expectTypeOf(createAugmenter({ backend: 'reference' })).toEqualTypeOf<
      Augmenter<ReferenceTensor>
    >();
    expectTypeOf(getBackend('reference').name).toBeString();
    expectTypeOf(getBackend('reference')).toEqualTypeOf<Backend<ReferenceTensor>>();
    // A name no package declared stays untyped rather than refused: it may be registered at run time.
    const named = (backend: string) => createAugmenter({ backend });
    expectTypeOf(named).returns.toEqualTypeOf<Augmenter<unknown>>();
    expectTypeOf(() => createAugmenter({ backend: 'mine' })).returns.toEqualTypeOf<
      Augmenter<unknown>
    >();
  });

  it('types neutral results with the typed arrays they come back in', async () => {
    const aug = createAugmenter({ seed: 4 });
    const images = { data: new Uint8Array(2 * 4 * 4 * 3), shape: [2, 4, 4, 3] };
    const oneHot = { data: Float32Array.of(1, 0, 0, 1), shape: [2, 2] };
    const mixed = await aug.run(cutMix(), { images, labels: oneHot });
    expect(mixed.images.data).toBeInstanceOf(Uint8Array);
    expect(mixed.labels.data).toBeInstanceOf(Float32Array);
    expectTypeOf(mixed.images.data).toEqualTypeOf<Uint8Array>();
    expectTypeOf(mixed.labels.data).toEqualTypeOf<Float32Array>();

    const canvas = { data: new Uint8ClampedArray(4 * 4 * 4), shape: [1, 4, 4, 4] };
    const erased = await aug.run(cutout(), canvas);
    expect(erased.data).toBeInstanceOf(Uint8ClampedArray);
    expectTypeOf(erased.data).toEqualTypeOf<Uint8ClampedArray>();

    // Labels nothing mixes come back as given; a pipeline that may mix gives float32.
    const ids = { data: Int32Array.of(0, 1), shape: [2] };
    const kept = aug.runSync(cutout(), { images, labels: ids });
    expect(kept.labels).toBe(ids);
    expectTypeOf(kept.labels.data).toEqualTypeOf<Float32Array | Int32Array>();
    expectTypeOf(kept.images.data).toEqualTypeOf<Uint8Array>();
  });

  it('makes a random seed when none is given', () => {
    expect(createAugmenter().seed).not.toBe(createAugmenter().seed);
  });

  it('handles grayscale rank 3, NCHW, uint8, B = 0 and 1 x 1 images', async () => {
    const aug = createAugmenter({ seed: 2 });
    const gray = await aug.run(cutout(), {
      data: new Uint8Array(2 * 5 * 7).fill(100),
      shape: [2, 5, 7],
    });
    expect(gray.shape).toEqual([2, 5, 7]);
    expect(gray.data).toBeInstanceOf(Uint8Array);
    expect(gray.data.some((v) => v === 0)).toBe(true);
    const nchw = await aug.run(cutout(), {
      ...batch(2, 6, 6, 3),
      shape: [2, 3, 6, 6],
      layout: 'NCHW' as const,
    });
    expect(nchw.layout).toBe('NCHW');
    const none = { data: new Float32Array(0), shape: [0, 2] };
    expect((await aug.run(mixup(), { images: batch(0), labels: none })).images.data.length).toBe(0);
    const two = { data: new Float32Array(4).fill(0.5), shape: [2, 2] };
    const tiny = await aug.run(cutMix(), { images: batch(2, 1, 1), labels: two });
    expect(tiny.images.shape).toEqual([2, 1, 1, 3]);
  });

  it('mixes labels: ids with numClasses become [B, K]; soft labels stay [B, K]; rows sum to 1', async () => {
    const aug = createAugmenter({ seed: 3 });
    const ids = { data: Int32Array.of(0, 1, 2, 3), shape: [4] };
    const { labels } = await aug.run(mixup({ numClasses: 5 }), { images: batch(4), labels: ids });
    expect(labels.shape).toEqual([4, 5]);
    for (let b = 0; b < 4; b++)
      expect(sum(labels.data.subarray(b * 5, b * 5 + 5))).toBeCloseTo(1, 6);
    const soft = { data: new Float32Array(8).fill(0.5), shape: [4, 2] };
    const out = await aug.run(cutMix(), { images: batch(4), labels: soft });
    expect(Array.from(out.labels.data)).toEqual(Array(8).fill(0.5));
    expect(soft.data.every((v) => v === 0.5)).toBe(true);
  });

  it('leaves labels alone for image-only strategies, and refuses mixing ones without labels', async () => {
    const aug = createAugmenter({ seed: 3 });
    const ids = { data: Int32Array.of(0, 1), shape: [2] };
    expect((await aug.run(cutout(), { images: batch(2), labels: ids })).labels).toBe(ids);
    const images = batch(2);
    const before = Float32Array.from(images.data);
    // Mixed images with their old labels would silently train on wrong targets.
    await expect(aug.run(mixup(), images)).rejects.toThrow(
      'mixup mixes labels: pass { images, labels } (labels [B, K], or class ids [B] with numClasses), not images alone',
    );
    await expect(
      aug.run(compose([cutout(), oneOf([cutout(), cutMix()])]), { images }),
    ).rejects.toThrow('cutMix mixes labels');
    // A misspelt key must not drop the labels unseen.
    await expect(aug.run(cutout(), { images, label: ids } as never)).rejects.toThrow(
      'a sample is { images, labels }; received an unknown key "label"',
    );
    expect(images.data).toEqual(before);
    expect((await aug.run(cutThumbnail({ source: 'self' }), images)).shape).toEqual([2, 8, 8, 3]);
  });

  it('refuses bad input with clear errors, before touching anything', async () => {
    const aug = createAugmenter({ seed: 1 });
    const bad: [unknown, RegExp][] = [
      [
        { data: new Float32Array(8), shape: [8] },
        /expected rank 4 .* or rank 3 .*received shape \[8\] \(rank 1\)/,
      ],
      [{ data: new Float32Array(10), shape: [1, 2, 2, 2] }, /needs 8 values; data has 10/],
      [
        { data: transferred(new Uint8Array(12)), shape: [1, 2, 2, 3] },
        // Worded by whether the runtime has ArrayBuffer#detached (Node 22+) or not (Node 20).
        /needs 12 values; data has 0 \(.*transferred to another thread/,
      ],
      [
        { data: new Int32Array(8), shape: [1, 2, 2, 2] },
        /must be a Float32Array, Uint8Array or Uint8ClampedArray; received an Int32Array/,
      ],
      [
        { data: new Float32Array(8), shape: [1, 2, 2.5, 2] },
        /every dimension must be an integer >= 0/,
      ],
      [
        { data: new Float32Array(2 * 224 * 224 * 3), shape: [2, 224, 224, 3], layout: 'NCHW' },
        /looks like 'NHWC': pass layout 'NHWC'/,
      ],
      [{ data: new Float32Array(2 * 3 * 32 * 32), shape: [2, 3, 32, 32] }, /looks like 'NCHW'/],
      // One image without its batch dimension: not 224 grayscale images of 224x3.
      [
        { data: new Float32Array(224 * 224 * 3), shape: [224, 224, 3] },
        /shape \[224, 224, 3\] reads as a grayscale batch \[B, H, W\] of 224 images of 224x3 pixels; it looks like one image \[H, W, C\]: give it a batch dimension, shape \[1, 224, 224, 3\]/,
      ],
      [{ data: new Float32Array(28 * 28), shape: [28, 28, 1] }, /looks like one image/],
      [{ data: new Float32Array(8 * 8 * 4), shape: [8, 8, 4] }, /looks like one image/],
      [
        { data: new Float32Array(0), shape: [1, 0, 4, 3] },
        /height, width and channels must be >= 1/,
      ],
    ];
    for (const [input, message] of bad) {
      await expect(aug.run(cutout(), input as ImageBatch)).rejects.toThrow(message);
      expect(() => aug.runSync(cutout(), input as ImageBatch)).toThrow(InputError);
    }
    // Grayscale batches next to that rule: 5 pixels wide, or fewer than 8 rows or images.
    for (const shape of [
      [8, 8, 5],
      [7, 8, 4],
      [8, 7, 4],
      [2, 28, 28],
    ]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const out = aug.runSync(cutout(), { data: new Float32Array(n), shape });
      expect(out.shape).toEqual(shape);
    }
    const images = batch(3);
    await expect(
      aug.run(mixup(), { images, labels: { data: Int32Array.of(0, 1), shape: [2] } }),
    ).rejects.toThrow(/labels have batch 2 but images have batch 3/);
    await expect(
      aug.run(mixup(), { images, labels: { data: Int32Array.of(0, 1, 2), shape: [3] } }),
    ).rejects.toThrow(/mixup: labels are class ids \[B\]; give numClasses/);
    await expect(
      aug.run(mixup({ numClasses: 2 }), {
        images,
        labels: { data: Int32Array.of(0, 1, 2), shape: [3] },
      }),
    ).rejects.toThrow(/label of image 2 is 2; class ids must be integers in \[0, 1\]/);
    await expect(
      aug.run(mixup({ numClasses: 3 }), {
        images,
        labels: { data: new Float32Array(6), shape: [3, 2] },
      }),
    ).rejects.toThrow(
      /numClasses is 3 but the labels it receives have 2 columns \(given as \[B, K\]/,
    );
    const neither: [string, unknown, string][] = [
      ['labels', null, 'null'],
      ['labels', [0, 1, 2], 'an array of 3'],
      ['images', new Map(), 'a Map'],
      ['images', undefined, 'undefined'],
    ];
    for (const [what, value, received] of neither) {
      const sample = what === 'labels' ? { images, labels: value } : { images: value };
      await expect(aug.run(mixup({ numClasses: 3 }), sample as never)).rejects.toThrow(
        `${what}: expected a tensor of backend 'reference' or a batch { data: typed array, shape }; received ${received}`,
      );
    }
    // Another library's tensor is never read through a `data` getter (onnxruntime's throws
    // for a tensor on the GPU): the backend describes it.
    class Foreign {
      shape = [3, 8, 8, 3];
      get data(): never {
        throw new Error('data getter read');
      }
    }
    await expect(aug.run(cutout(), new Foreign() as never)).rejects.toThrow(
      "images: expected a tensor of backend 'reference' or a batch { data: typed array, shape }; received a Foreign. A tensor that backend 'reference' does not recognise needs an augmenter on its own library's backend, or, if it is that library's, the same copy of the library (a second copy's classes are not the backend's)",
    );
    // A bare typed array: its shape is what is missing.
    await expect(aug.run(cutout(), new Float32Array(12) as never)).rejects.toThrow(
      /received a Float32Array\. A typed array needs its shape: pass \{ data, shape \}$/,
    );
    // Neither a tensor nor a typed array: no hint.
    await expect(aug.run(cutout(), new Map() as never)).rejects.toThrow(/received a Map$/);
    // The tensors of the backends' libraries are named by their fields: a production
    // bundle renames their classes (class k), which would say nothing.
    const k = class {
      dataId = {};
      shape = [2, 4, 4, 3];
      dtype = 'float32';
    };
    await expect(aug.run(cutout(), new k() as never)).rejects.toThrow(
      /received a tfjs Tensor \(float32 \[2, 4, 4, 3\]\)\. A tensor that backend 'reference'/,
    );
    const ort = { dims: [2, 4, 4, 3], type: 'uint8', location: 'gpu-buffer', dispose() {} };
    await expect(aug.run(cutout(), ort as never)).rejects.toThrow(
      /received an ort\.Tensor \(uint8 \[2, 4, 4, 3\]\)/,
    );
    const buffer = { size: 96, usage: 0x80, mapState: 'unmapped' };
    await expect(
      aug.run(cutout(), { buffer, shape: [2, 2, 2, 3], dtype: 'float32' } as never),
    ).rejects.toThrow(/received a GpuTensor \(float32 \[2, 2, 2, 3\]\)/);
    await expect(aug.run(cutout(), buffer as never)).rejects.toThrow(/received a GPUBuffer/);
    const minified = class {
      x = 1;
    };
    Object.defineProperty(minified, 'name', { value: 'q' });
    await expect(aug.run(cutout(), new minified() as never)).rejects.toThrow(
      /received an object with keys \{ x \} \(class q\)$/,
    );
    // A getter that throws while the object is described: its keys describe it.
    const hostile = {
      dataId: {},
      get shape(): never {
        throw new Error('shape getter');
      },
    };
    await expect(aug.run(cutout(), hostile as never)).rejects.toThrow(
      /received an object with keys \{ dataId, shape \}/,
    );
    await expect(aug.run(cutout as never, images)).rejects.toThrow(/Did you pass the factory/);
    await expect(aug.run(cutout(), images, { step: -1 })).rejects.toThrow(
      /"step" must be an integer >= 0/,
    );
  });
});

describe('pipelines', () => {
  const fill = (value: number) => cutout({ fillMethod: value, patchArea: 0.3 });
  const has = (x: ImageBatch, b: number, v: number) => {
    const size = x.data.length / x.shape[0]!;
    return x.data.subarray(b * size, (b + 1) * size).includes(v);
  };

  it('compose applies each step in order', () => {
    const out = createAugmenter({ seed: 1 }).runSync(compose([fill(2), fill(3)]), batch(4));
    for (let b = 0; b < 4; b++) expect(has(out, b, 3)).toBe(true);
  });

  it('oneOf changes each image with at most one branch, honouring weights', () => {
    const aug = createAugmenter({ seed: 1 });
    const out = aug.runSync(oneOf([fill(2), fill(3)]), batch(16));
    let twos = 0;
    for (let b = 0; b < 16; b++) {
      expect(has(out, b, 2) && has(out, b, 3)).toBe(false);
      expect(has(out, b, 2) || has(out, b, 3)).toBe(true);
      if (has(out, b, 2)) twos++;
    }
    expect(twos).toBeGreaterThan(0);
    expect(twos).toBeLessThan(16);
    const only = aug.runSync(oneOf([fill(2), fill(3)], [0, 1]), batch(8));
    for (let b = 0; b < 8; b++) expect(has(only, b, 3) && !has(only, b, 2)).toBe(true);
    expect(() => oneOf([fill(2)], [0])).toThrow(
      /"weights" must be an array of 1 finite numbers >= 0, not all 0/,
    );
    expect(() => oneOf([])).toThrow(/non-empty array/);
  });

  it('randomApply gates images with probability p; strategies apply their ratio among those', () => {
    const aug = createAugmenter({ seed: 5 });
    const input = batch(40);
    expect(changedImages(input, aug.runSync(randomApply(fill(2), 0), input)).some(Boolean)).toBe(
      false,
    );
    expect(changedImages(input, aug.runSync(randomApply(fill(2), 1), input)).every(Boolean)).toBe(
      true,
    );
    const half = changedImages(input, aug.runSync(randomApply(fill(2), 0.5), input)).filter(
      Boolean,
    ).length;
    expect(half).toBeGreaterThan(10);
    expect(half).toBeLessThan(30);
    const plans = aug.plan(
      randomApply(cutout({ augmentationRatio: 0.5 }), 0.5),
      { batch: 40, height: 8, width: 8, channels: 3, dtype: 'float32', layout: 'NHWC', rank: 4 },
      0,
    );
    expect(plans).toHaveLength(1);
    expect(() => randomApply(fill(2), 2)).toThrow(/"p" must be a number in \[0, 1\]; received 2/);
  });

  it('labels flow through a pipeline', async () => {
    const out = await createAugmenter({ seed: 1 }).run(
      compose([mixup({ numClasses: 3 }), cutMix(), cutout()]),
      {
        images: batch(6),
        labels: { data: Int32Array.of(0, 1, 2, 0, 1, 2), shape: [6] },
      },
    );
    expect(out.labels.shape).toEqual([6, 3]);
    for (let b = 0; b < 6; b++)
      expect(sum(out.labels.data.subarray(b * 3, b * 3 + 3))).toBeCloseTo(1, 6);
  });
});

describe('backend registry', () => {
  it('always has the reference backend and picks the best registered one', () => {
    expect(listBackends()).toContain('reference');
    expect(getBackend('reference').name).toBe('reference');
    let made = 0;
    registerBackend(
      'test-fast',
      () => {
        made++;
        return { ...referenceBackend(), name: 'test-fast' } as Backend<unknown>;
      },
      10,
    );
    expect(createAugmenter({ seed: 1 }).backend.name).toBe('test-fast');
    getBackend('test-fast');
    expect(made).toBe(1);
    expect(() => getBackend('nope')).toThrow(
      'getBackend: "name" must be the name of a registered backend (registered: test-fast, reference); received "nope". Import the adapter package that registers it',
    );
    expect(() => createAugmenter({ backend: 'nope' })).toThrow(ParameterError);
    expect(() => createAugmenter({ backend: referenceBackend as never })).toThrow(
      'createAugmenter: "backend" must be a registered backend name or a Backend object; received a function. Did you pass the factory? Call it',
    );
    expect(() => createAugmenter({ backend: 42 as never })).toThrow(
      'createAugmenter: "backend" must be a registered backend name or a Backend object; received 42',
    );
  });

  it('refuses a factory that is not one, or that makes no backend, naming the backend', () => {
    expect(() => registerBackend('test-bad', 42 as never)).toThrow(
      'registerBackend: "factory" must be a function that makes the backend; received 42',
    );
    expect(() => registerBackend('test-bad', () => referenceBackend(), Number.NaN)).toThrow(
      'registerBackend: "priority" must be a number; received NaN',
    );
    expect(listBackends()).not.toContain('test-bad');
    registerBackend('test-empty', () => ({}) as never, -5);
    expect(() => getBackend('test-empty')).toThrow(
      `registerBackend('test-empty'): "factory" must be a function that makes a Backend object (the value received is what it made); received {}. It lacks name`,
    );
  });
});

describe('augmenter resource handling', () => {
  /** The reference backend, counting the tensors it hands out and frees. */
  function countingBackend() {
    const base = referenceBackend();
    const live = new Set<unknown>();
    const backend: Backend<unknown> = {
      ...base,
      name: 'counting',
      isTensor: (x: unknown): x is unknown => live.has(x),
      upload: (b) => {
        const t = { ...b };
        live.add(t);
        return t;
      },
      apply: (plan, x) => {
        const t = base.apply(plan, x as ImageBatch);
        live.add(t);
        return t;
      },
      mixLabels: (mix, labels, strategy) => {
        const t = base.mixLabels(mix, labels as ImageBatch, strategy);
        live.add(t);
        return t;
      },
      dispose: (x) => {
        live.delete(x);
      },
    };
    return { backend, live };
  }

  it('frees every intermediate, on success and when a step fails', async () => {
    const { backend, live } = countingBackend();
    const aug = createAugmenter({ backend, seed: 1 });
    const out = await aug.run(compose([cutout(), mixup({ numClasses: 3 }), cutMix()]), {
      images: batch(4),
      labels: { data: Int32Array.of(0, 1, 2, 0), shape: [4] },
    });
    expect(out.images.shape).toEqual([4, 8, 8, 3]);
    expect(live.size).toBe(0);
    await expect(
      aug.run(compose([cutout(), mixup({ numClasses: 2 })]), {
        images: batch(4),
        labels: { data: Int32Array.of(0, 1, 2, 0), shape: [4] },
      }),
    ).rejects.toThrow(/label of image 2 is 2/);
    expect(live.size).toBe(0);
    // A failure in the middle of a pipeline, after tensors were made.
    const failing: Backend<unknown> = {
      ...backend,
      apply: (plan, x) => {
        if (plan.strategy === 'cutMix') throw new Error('kernel failed');
        return backend.apply(plan, x);
      },
    };
    await expect(
      createAugmenter({ backend: failing, seed: 1 }).run(
        compose([cutout(), mixup({ numClasses: 3 }), cutMix()]),
        { images: batch(4), labels: { data: Int32Array.of(0, 1, 2, 0), shape: [4] } },
      ),
    ).rejects.toThrow('kernel failed');
    expect(live.size).toBe(0);
  });

  it('checks labels against every mixing plan before any plan runs', async () => {
    const { backend, live } = countingBackend();
    let applied = 0;
    const counting: Backend<unknown> = {
      ...backend,
      apply: (plan, x) => {
        applied++;
        return backend.apply(plan, x);
      },
    };
    const aug = createAugmenter({ backend: counting, seed: 1 });
    const images = batch(3);
    const cases: [unknown, unknown, RegExp][] = [
      [compose([cutout(), cutMix()]), Int32Array.of(0, 1, 2), /cutMix: labels are class ids/],
      [compose([cutout(), mixup({ numClasses: 2 })]), Int32Array.of(0, 1, 2), /image 2 is 2/],
      [
        compose([cutMix({ numClasses: 3 }), mixup({ numClasses: 4 })]),
        Int32Array.of(0, 1, 2),
        /mixup: numClasses is 4 but the labels it receives have 3 columns \(given as \[B, K\], or made so by an earlier strategy of the pipeline from class ids and its own numClasses: every strategy must say the same numClasses\)/,
      ],
    ];
    for (const [pipeline, ids, message] of cases) {
      await expect(
        aug.run(pipeline as never, { images, labels: { data: ids as Int32Array, shape: [3] } }),
      ).rejects.toThrow(message);
    }
    expect(applied).toBe(0);
    expect(live.size).toBe(0);
  });

  it('hands back a new handle, never the input, where a pipeline leaves labels unchanged', async () => {
    const { backend } = countingBackend();
    const cloning: Backend<unknown> = { ...backend, clone: (x) => ({ ...(x as object) }) };
    const aug = createAugmenter({ backend: cloning, seed: 1 });
    const images = await cloning.upload(batch(2));
    const labels = await cloning.upload({ data: Int32Array.of(0, 1), shape: [2] });
    const out = await aug.run(cutout(), { images, labels });
    expect(out.labels).not.toBe(labels);
    expect(out.labels).toEqual(labels);
    // Without `clone`, the input itself comes back (typed arrays need no disposing).
    const ids = { data: Int32Array.of(0, 1), shape: [2] };
    expect(
      (await createAugmenter({ seed: 1 }).run(cutout(), { images: batch(2), labels: ids })).labels,
    ).toBe(ids);
  });
});

describe('augmenter errors', () => {
  it('names what is wrong in a batch, an option, a weight or a resize method', async () => {
    const aug = createAugmenter({ seed: 1 });
    await expect(
      aug.run(cutout(), { data: new Float32Array(12), shape: Int32Array.of(1, 2, 2, 3) } as never),
    ).rejects.toThrow('images: shape must be an array of integers; received an Int32Array');
    await expect(aug.run(cutout(), { data: [1, 2], shape: [1, 1, 1, 2] } as never)).rejects.toThrow(
      'images: data must be a typed array; received an array of 2',
    );
    await expect(
      aug.run(mixup({ numClasses: 3 }), {
        images: batch(2),
        labels: { data: BigInt64Array.of(0n, 1n), shape: [2] } as never,
      }),
    ).rejects.toThrow(/labels: data must be a typed array of numbers .*; received a BigInt64Array/);
    // Any other typed array of numbers is fine, for mixing and for passing through.
    const wide = { data: Uint32Array.of(0, 2), shape: [2] };
    const mixed = await aug.run(mixup({ numClasses: 3 }), {
      images: batch(2),
      labels: wide as never,
    });
    expect(mixed.labels.shape).toEqual([2, 3]);
    expect((await aug.run(cutout(), { images: batch(2), labels: wide as never })).labels).toBe(
      wide,
    );
    await expect(
      aug.run(mixup({ numClasses: 3 }), {
        images: batch(2),
        labels: { data: Int32Array.of(0, 1), shape: [2, 1] },
      }),
    ).rejects.toThrow(
      'numClasses is 3 but the labels it receives have 1 column (class ids are [B], not [B, 1])',
    );
    expect(() => createAugmenter({ sed: 1 } as never)).toThrow(
      'createAugmenter: "sed" must be a known option (backend, seed, stream); received 1',
    );
    expect(() => createAugmenter(null as never)).toThrow(
      'createAugmenter: "options" must be an object; received null',
    );
    expect(() => createAugmenter({ backend: {} as never })).toThrow(
      'createAugmenter: "backend" must be a registered backend name or a Backend object; received {}. It lacks name (a string), synchronous (a boolean), isTensor(), describe(), upload(), download(), apply(), mixLabels(), dispose(); a Backend has name, synchronous, isTensor(), describe(), upload(), download(), apply(), mixLabels(), dispose()',
    );
    expect(() => createAugmenter({ backend: null as never })).toThrow(
      'createAugmenter: "backend" must be a registered backend name or a Backend object; received null',
    );
    expect(() => aug.fork(undefined as never)).toThrow(
      'fork: "stream" must be an integer >= 0; received undefined',
    );
    // Run options: a typo must not fall back to the default step.
    await expect(aug.run(cutout(), batch(2), { stpe: 5 } as never)).rejects.toThrow(
      'run: "stpe" must be a known option (step, layout); received 5',
    );
    await expect(aug.run(cutout(), batch(2), { step: null } as never)).rejects.toThrow(
      'run: "step" must be an integer >= 0; received null',
    );
    await expect(aug.run(cutout(), batch(2), 5 as never)).rejects.toThrow(
      'run: "options" must be an object; received 5',
    );
    expect(() => aug.runSync(cutout(), batch(2), null as never)).toThrow(
      'runSync: "options" must be an object; received null',
    );
    await expect(aug.run(cutout(), batch(2), { step: -1 })).rejects.toThrow(
      'run: "step" must be an integer >= 0; received -1',
    );
    expect(() => aug.fork(-1)).toThrow('fork: "stream" must be an integer >= 0; received -1');
    // Seed, stream and step are named after the call that took them.
    expect(() => createAugmenter({ seed: -1 })).toThrow(
      'createAugmenter: "seed" must be an integer >= 0 and < 2^53; received -1',
    );
    expect(() => createAugmenter({ seed: 1, stream: 0.5 })).toThrow(
      'createAugmenter: "stream" must be an integer >= 0; received 0.5',
    );
    const info = batchInfo([2, 4, 4, 3], 'float32');
    expect(() => aug.plan(cutout(), info, -1)).toThrow(
      'plan: "step" must be an integer >= 0; received -1',
    );
    expect(() => aug.plan(cutout as never, info, 0)).toThrow(
      'plan: "augmentation" must be a strategy or pipeline; received a function. Did you pass the factory, e.g. cutout instead of cutout()?',
    );
    await expect(aug.run(cutout as never, batch(2))).rejects.toThrow(
      'run: "augmentation" must be a strategy or pipeline',
    );
    expect(() => compose([cutout(), mixup as never])).toThrow(
      'compose: "children[1]" must be a strategy or pipeline; received a function',
    );
    // Strategies and pipelines are named, not dumped as JSON, with the likely fix.
    expect(() => compose(cutout() as never)).toThrow(
      'compose: "children" must be a non-empty array of strategies or pipelines; received a strategy (cutout). Wrap it in an array: compose([...])',
    );
    expect(() => oneOf(compose([cutout()]) as never)).toThrow(
      'oneOf: "children" must be a non-empty array of strategies or pipelines; received a pipeline (compose). Wrap it in an array: oneOf([...])',
    );
    expect(() => aug.runSync([cutout(), gridMask()] as never, batch(2))).toThrow(
      'runSync: "augmentation" must be a strategy or pipeline; received [a strategy (cutout), a strategy (gridMask)]. To apply several in turn, pass compose([...]) (or oneOf([...]) for one of them per image)',
    );
    expect(() => aug.runSync({ kind: 'strategy' } as never, batch(2))).toThrow(
      /received \{"kind":"strategy"\}$/,
    );
    // Arguments of every call are ParameterErrors that name the argument.
    for (const [call, message] of [
      [() => compose(cutout() as never), 'compose: "children" must be a non-empty array'],
      [() => oneOf([]), 'oneOf: "children" must be a non-empty array'],
      [
        () => randomApply({} as never, 0.5),
        /^randomApply: "child" must be a strategy or pipeline; received \{\}$/,
      ],
      [() => registerBackend('', () => referenceBackend()), 'registerBackend: "name" must be'],
      [
        () => aug.runSync(cutout(), batch(2), { layout: 'NWHC' as never }),
        'runSync: "layout" must be \'NHWC\' or \'NCHW\'; received "NWHC"',
      ],
    ] as const) {
      expect(call, String(message)).toThrow(ParameterError);
      expect(call).toThrow(message);
    }
    // Strategies take their options like every other call: null is not an object.
    expect(() => cutout(null as never)).toThrow(
      'cutout: "options" must be an object; received null',
    );
    // Neutral labels that nothing mixes come back as given: runSync needs no download.
    const ids = { data: Int32Array.of(0, 1), shape: [2] };
    expect(aug.runSync(cutout(), { images: batch(2), labels: ids }).labels).toBe(ids);
    await expect(
      aug.run(mixup(), { images: batch(2), labels: { data: new Float32Array(0), shape: [2, 0] } }),
    ).rejects.toThrow('run: labels [B, K] need at least one class; received shape [2, 0]');
    expect(() => oneOf([cutout(), mixup()], 3 as never)).toThrow(ParameterError);
    expect(() => oneOf([cutout(), mixup()], 3 as never)).toThrow(
      /oneOf: "weights" must be an array of 2/,
    );
    expect(() => randomApply(cutout(), 2)).toThrow(ParameterError);
    expect(() => resizeImages(batch(1), 2, 2, 'cubic' as never)).toThrow(
      /resizeImages: "method" must be one of bilinear, nearest, bicubic/,
    );
  });

  it('types any configured strategy as a plain Strategy', () => {
    const strategies: Strategy[] = [cutout(), mixup({ alpha: 0.3 }), cutMix()];
    const names = (s: Strategy) => s.name;
    expect(strategies.map(names)).toEqual(['cutout', 'mixup', 'cutMix']);
  });

  it('draws Beta(alpha, alpha) as 0 or 1 for subnormal alpha, never NaN', async () => {
    for (const alpha of [Number.MIN_VALUE, 1e-310]) {
      const out = await createAugmenter({ seed: 4 }).run(mixup({ alpha, numClasses: 2 }), {
        images: batch(6),
        labels: { data: Int32Array.of(0, 1, 0, 1, 0, 1), shape: [6] },
      });
      expect(Array.from(out.labels.data).every(Number.isFinite)).toBe(true);
      expect(Array.from(out.images.data).every(Number.isFinite)).toBe(true);
    }
  });
});

describe('augmenter steps and layouts', () => {
  it('a refused call takes no step', async () => {
    const aug = createAugmenter({ seed: 5 });
    const same = createAugmenter({ seed: 5 });
    for (const step of [1.5, Number.NaN, -1, 2 ** 53]) {
      await expect(aug.run(cutout(), batch(2), { step })).rejects.toThrow(/"step" must be/);
    }
    await expect(
      aug.run(cutout(), { data: new Float32Array(3), shape: [1, 2, 2, 3] }),
    ).rejects.toThrow(/needs 12 values/);
    const a = await aug.run(cutout(), batch(2));
    const b = await same.run(cutout(), batch(2));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from((await aug.run(cutout(), batch(2), { step: 0 })).data)).toEqual(
      Array.from(a.data),
    );
  });

  it("takes the run's layout for a neutral batch that does not say, and refuses a contradiction", async () => {
    const aug = createAugmenter({ seed: 2 });
    const nchw = { data: new Float32Array(2 * 3 * 32 * 32).fill(0.5), shape: [2, 3, 32, 32] };
    const out = await aug.run(cutout({ fillMethod: 'black' }), nchw, { layout: 'NCHW', step: 0 });
    expect(out.layout).toBe('NCHW');
    const explicit = await aug.run(
      cutout({ fillMethod: 'black' }),
      { ...nchw, layout: 'NCHW' as const },
      { step: 0 },
    );
    expect(Array.from(out.data)).toEqual(Array.from(explicit.data));
    await expect(
      aug.run(cutout(), { ...nchw, layout: 'NHWC' as const }, { layout: 'NCHW' }),
    ).rejects.toThrow("images: the batch says layout 'NHWC' but the run's options say 'NCHW'");
  });

  it('accepts small feature maps with many channels in either layout', async () => {
    const aug = createAugmenter({ seed: 2 });
    for (const [shape, layout] of [
      [[2, 3, 3, 17], 'NHWC'],
      [[2, 17, 3, 3], 'NCHW'],
      [[2, 1, 1, 32], 'NHWC'],
      [[2, 4, 4, 64], 'NHWC'],
    ] as const) {
      const data = new Float32Array((shape as readonly number[]).reduce((a, b) => a * b, 1));
      const out = await aug.run(cutout(), { data, shape: [...shape], layout });
      expect(out.shape).toEqual(shape);
    }
  });

  it('gives canvas pixels (Uint8ClampedArray) back as such', async () => {
    const { backend } = (() => {
      const base = referenceBackend();
      // A backend whose download hands back a plain Uint8Array, as most do.
      const b: Backend<{ t: ImageBatch }> = {
        ...(base as unknown as Backend<{ t: ImageBatch }>),
        name: 'wrapped',
        isTensor: (x: unknown): x is { t: ImageBatch } =>
          typeof x === 'object' && x !== null && 't' in x,
        describe: (x) => base.describe(x.t),
        upload: (batch) => ({ t: batch as ImageBatch }),
        download: async (x) => Uint8Array.from(x.t.data as Uint8Array),
        apply: (plan, x) => ({ t: base.apply(plan, x.t) as ImageBatch }),
        dispose: () => {},
      };
      return { backend: b };
    })();
    const pixels = new Uint8ClampedArray(2 * 4 * 4 * 4).fill(9);
    const out = await createAugmenter({ backend, seed: 1 }).run(cutout(), {
      data: pixels,
      shape: [2, 4, 4, 4],
    });
    expect(out.data).toBeInstanceOf(Uint8ClampedArray);
    expect(pixels.every((v) => v === 9)).toBe(true);
  });
});

/** `data` after posting its buffer to another thread (its ArrayBuffer is detached). */
function transferred<A extends Uint8Array>(data: A): A {
  structuredClone(data.buffer, { transfer: [data.buffer as ArrayBuffer] });
  return data;
}

describe('augmenter keys', () => {
  it('an explicit step moves the default step past it: max(counter, step) + 1', () => {
    const a = createAugmenter({ seed: 11 });
    const b = createAugmenter({ seed: 11 });
    a.runSync(randomErasing(), batch(3), { step: 5 });
    const next = a.runSync(randomErasing(), batch(3));
    expect(next.data).toEqual(b.runSync(randomErasing(), batch(3), { step: 6 }).data);
    expect(next.data).not.toEqual(b.runSync(randomErasing(), batch(3), { step: 1 }).data);
    // A step below the counter (7) still counts as a call: max(7, 2) + 1 = 8.
    a.runSync(randomErasing(), batch(3), { step: 2 });
    expect(a.runSync(randomErasing(), batch(3)).data).toEqual(
      b.runSync(randomErasing(), batch(3), { step: 8 }).data,
    );
  });

  it('after step 2^53 - 1 a default step is refused, naming the step to pass', () => {
    const aug = createAugmenter({ seed: 11 });
    aug.runSync(randomErasing(), batch(3), { step: Number.MAX_SAFE_INTEGER });
    expect(() => aug.runSync(randomErasing(), batch(3))).toThrow(
      'runSync: "step" must be given once the call counter is past 2^53 - 1; received undefined. The default step would be 2^53 (one past the largest step so far, 9007199254740991), beyond the safe integers',
    );
    // An explicit step still runs.
    expect(aug.runSync(randomErasing(), batch(3), { step: 0 }).data).toHaveLength(
      batch(3).data.length,
    );
  });

  it('fork(stream) names the stream itself, whichever augmenter it is called on', () => {
    const aug = createAugmenter({ seed: 7 });
    const twice = aug.fork(3).fork(1);
    expect(twice.stream).toBe(1);
    expect(twice.runSync(randomErasing(), batch(3), { step: 0 }).data).toEqual(
      aug.fork(1).runSync(randomErasing(), batch(3), { step: 0 }).data,
    );
    expect(aug.fork(3).fork(0).runSync(randomErasing(), batch(3), { step: 0 }).data).toEqual(
      aug.runSync(randomErasing(), batch(3), { step: 0 }).data,
    );
  });

  it('seeds that differ only above 2^32 give different augmentations', () => {
    const x = batch(3);
    const low = createAugmenter({ seed: 5 }).runSync(randomErasing(), x, { step: 0 });
    const high = createAugmenter({ seed: 5 + 2 ** 32 }).runSync(randomErasing(), x, { step: 0 });
    expect(high.data).not.toEqual(low.data);
  });
});
