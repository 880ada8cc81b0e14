import { andThen, type Backend, type MaybePromise } from './backend/backend.js';
import { type BackendTensorTypes, resolveBackend } from './backend/registry.js';
import {
  type BatchInfo,
  batchInfo,
  type ImageBatch,
  type ImageData,
  imageBatchInfo,
  isBatch,
  type LabelBatch,
  type LabelData,
  type Layout,
  ownValue,
  type SameKind,
  valueCount,
} from './batch.js';
import { AugError, describeValue, InputError, knownOptions, ParameterError } from './errors.js';
import { checkClassIds, labelKind, mixedClasses } from './labels/labels.js';
import { type Augmentation, checkAugmentation, planAugmentation } from './pipeline/pipeline.js';
import type { Plan } from './plan.js';
import { Random } from './random/random.js';

export interface AugmenterOptions<T = unknown> {
  /**
   * A registered backend's name, a backend, or omitted for the best registered one. A
   * backend object also types the augmenter's tensors (`Augmenter<ort.Tensor>`, ...).
   */
  readonly backend?: string | Backend<T>;
  /** Integer in [0, 2^53). Omitted: a random seed (see `augmenter.seed`). */
  readonly seed?: number;
  /** Independent stream of the same seed, e.g. one per data-parallel worker. Default 0. */
  readonly stream?: number;
}

export interface RunOptions {
  /**
   * The training step: same seed, stream, step and pipeline give the same augmentation.
   * Default: a counter of this augmenter's calls (0, 1, 2, ...). A call with an explicit
   * step moves the counter to `max(counter, step) + 1`, so a later default step never
   * repeats one already run.
   */
  readonly step?: number;
  /**
   * Layout of the images: of native tensors, and of neutral batches that do not say
   * (a batch's own `layout` must agree). Default 'NHWC'.
   */
  readonly layout?: Layout;
}

/** Images, or images with labels. Either may be the backend's tensor or a neutral batch. */
export interface Sample<T> {
  readonly images: T | ImageBatch;
  readonly labels?: T | LabelBatch;
}

/**
 * What `run` gives back for input `I`: native tensors for native tensors, neutral batches
 * for neutral batches. Neutral images come back in the same kind of typed array (a
 * `Uint8ClampedArray` stays one); neutral labels come back as given when nothing mixes
 * them and as a `Float32Array` when something does.
 */
export type RunResult<T, I> = I extends { images: unknown }
  ? {
      images: I['images'] extends ImageBatch
        ? ImageBatch<SameKind<I['images']['data'], ImageData>>
        : T;
      labels: I extends { labels: LabelBatch }
        ? LabelBatch<Float32Array | SameKind<I['labels']['data'], LabelData>>
        : I extends { labels: unknown }
          ? T
          : undefined;
    }
  : I extends ImageBatch
    ? ImageBatch<SameKind<I['data'], ImageData>>
    : T;

/** Option names `createAugmenter` knows: a typo must not silently fall back to a default. */
const AUGMENTER_OPTIONS = ['backend', 'seed', 'stream'];
const RUN_OPTIONS = ['step', 'layout'];

function randomSeed(): number {
  const words = new Uint32Array(2);
  // Web Crypto is global in browsers and Node >= 19; core has no Node or DOM types.
  (
    globalThis as unknown as { crypto: { getRandomValues(a: Uint32Array): void } }
  ).crypto.getRandomValues(words);
  return (words[0]! & 0x1fffff) * 0x1_0000_0000 + words[1]!;
}

/**
 * What `runSync`'s `this` must be: anything, unless the backend's type says it is
 * asynchronous (`synchronous: false`, as onnxruntime's), where the call fails to compile
 * with this sentence as the type it wanted.
 */
type SyncCallable<S extends boolean> = [S] extends [false]
  ? 'runSync needs a synchronous backend; this one is asynchronous: use run()'
  : unknown;

/**
 * Runs augmentations on a backend with seeded, reproducible randomness. `S` is the
 * backend's `synchronous` as its type declares it (`boolean` when only known at run
 * time): `false` makes `runSync` a compile error.
 *
 * ```ts
 * const aug = createAugmenter({ backend: 'reference', seed: 1234 });
 * const { images, labels } = await aug.run(compose([randomErasing(), cutMix()]), { images, labels });
 * ```
 */
export class Augmenter<T = unknown, S extends boolean = boolean> {
  readonly seed: number;
  readonly stream: number;
  readonly backend: Backend<T> & { readonly synchronous: S };
  private readonly key: Random;
  private calls = 0;

  constructor(options: AugmenterOptions<T> = {}) {
    const {
      backend,
      seed = randomSeed(),
      stream = 0,
    } = knownOptions('createAugmenter', options, AUGMENTER_OPTIONS) as AugmenterOptions<T>;
    if (!Number.isSafeInteger(stream) || stream < 0) {
      throw new ParameterError('createAugmenter', 'stream', 'an integer >= 0', stream);
    }
    this.seed = seed;
    this.stream = stream;
    this.key = Random.fromSeed(seed, 'createAugmenter').derive(stream);
    this.backend = resolveBackend(backend, 'createAugmenter') as Backend<T> & {
      readonly synchronous: S;
    };
  }

  /** An augmenter with the same seed and backend on another stream (one per worker). */
  fork(stream: number): Augmenter<T, S> {
    if (!Number.isSafeInteger(stream) || stream < 0) {
      throw new ParameterError('fork', 'stream', 'an integer >= 0', stream);
    }
    return new Augmenter<T, S>({ backend: this.backend, seed: this.seed, stream });
  }

  /** The plans an augmentation makes for a batch of this shape at this step; plain data. */
  plan(augmentation: Augmentation, info: BatchInfo, step: number): Plan[] {
    checkAugmentation('plan', augmentation);
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new ParameterError('plan', 'step', 'an integer >= 0', step);
    }
    return planAugmentation(augmentation, { info, rng: this.key.derive(step) });
  }

  /** Augments images (or images with labels). Returns new tensors; inputs are never modified. */
  run<I extends T | ImageBatch | Sample<T>>(
    augmentation: Augmentation,
    input: I,
    options?: RunOptions,
  ): Promise<RunResult<T, I>> {
    try {
      return Promise.resolve(this.execute('run', augmentation, input, options)) as Promise<
        RunResult<T, I>
      >;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** As `run`, synchronously; needs a synchronous backend and native tensors or a reference batch. */
  runSync<I extends T | ImageBatch | Sample<T>>(
    this: Augmenter<T, S> & SyncCallable<S>,
    augmentation: Augmentation,
    input: I,
    options?: RunOptions,
  ): RunResult<T, I> {
    if (!this.backend.synchronous) {
      throw new AugError(
        `backend '${this.backend.name}' is asynchronous; use run() instead of runSync()`,
      );
    }
    // Handing back a neutral batch means a download, which is asynchronous: refuse before
    // any work is done rather than after. (Labels that nothing mixes come back as given.)
    const sample = isSample(input) ? input : undefined;
    const parts = sample
      ? { images: sample.images, labels: augmentation?.mixesLabels ? sample.labels : undefined }
      : { images: input };
    for (const [what, x] of Object.entries(parts)) {
      if (x === undefined || this.backend.isTensor(x)) continue;
      checkInput(this.backend, x, what);
      throw new InputError(
        `runSync: ${what} is a neutral batch, which backend '${this.backend.name}' would hand back through an asynchronous download; pass its own tensors or use run()`,
      );
    }
    return this.execute('runSync', augmentation, input, options) as RunResult<T, I>;
  }

  private execute(
    where: 'run' | 'runSync',
    augmentation: Augmentation,
    input: unknown,
    runOptions?: RunOptions,
  ): MaybePromise<unknown> {
    const backend = this.backend;
    checkAugmentation(where, augmentation);
    const options = knownOptions(where, runOptions, RUN_OPTIONS) as RunOptions;
    const asked = options.step;
    if (asked !== undefined && (!Number.isSafeInteger(asked) || asked < 0)) {
      throw new ParameterError(where, 'step', 'an integer >= 0', asked);
    }
    if (options.layout !== undefined && options.layout !== 'NHWC' && options.layout !== 'NCHW') {
      throw new ParameterError(where, 'layout', "'NHWC' or 'NCHW'", options.layout);
    }
    const sample = isSample(input) ? checkSample(input) : undefined;
    const given = sample ? sample.images : input;
    const images = isBatch(given) ? withLayout(given as ImageBatch, options.layout) : given;
    const labels = sample?.labels;
    if (asked === undefined && !Number.isSafeInteger(this.calls)) {
      // After a call at step 2^53 - 1 the counter has nowhere to go.
      throw new ParameterError(
        where,
        'step',
        'given once the call counter is past 2^53 - 1',
        undefined,
        `The default step would be 2^53 (one past the largest step so far, ${this.calls - 1}), beyond the safe integers`,
      );
    }
    const step = asked ?? this.calls;

    checkInput(backend, images, 'images');
    if (labels !== undefined) checkInput(backend, labels, 'labels');
    const nativeImages = backend.isTensor(images);
    // Neutral batches are checked in full (data length too), even where they are also the
    // backend's own tensors (the reference backend); other native tensors by their shape.
    const info = isBatch(images)
      ? imageBatchInfo(images as ImageBatch)
      : describeImages(backend, images as T, options.layout);
    if (labels !== undefined) {
      if (isBatch(labels)) checkLabels(labels as LabelBatch, info.batch, where);
      else labelKind(backend.describe(labels as T, 'labels').shape, info.batch, where);
    }
    const plans = this.plan(augmentation, info, step);
    if (labels !== undefined) checkPlannedLabels(plans, labels, backend, where);
    else if (augmentation.mixesLabels) {
      // Mixed images with their old labels would train on wrong targets, silently.
      const mixing = plans.find((p) => p.labels)?.strategy ?? 'the augmentation';
      throw new InputError(
        `${mixing} mixes labels: pass { images, labels } (labels [B, K], or class ids [B] with numClasses), not images alone`,
      );
    }
    // Only a call that can run takes a step: a refused one leaves the counter as it was.
    this.calls = Math.max(this.calls, step) + 1;
    const owned = new Set<T>();
    const toNative = (x: unknown): MaybePromise<T> =>
      backend.isTensor(x) ? x : andThen(backend.upload(x as ImageBatch), (t) => (owned.add(t), t));

    // Whatever fails, the tensors made on the way are freed before the error reaches the caller.
    const freeOwned = () => {
      for (const t of owned) backend.dispose(t);
      owned.clear();
    };
    return guarded(freeOwned, () => {
      // Neutral labels that nothing mixes are handed back as given, never uploaded: a round
      // trip could change their values (float64 through a float32 GPU buffer).
      const passed = labels !== undefined && !augmentation.mixesLabels && !backend.isTensor(labels);
      const run = andThen(toNative(images), (imgs) =>
        andThen(labels === undefined || passed ? undefined : toNative(labels), (lbls) =>
          this.applyPlans(plans, imgs, lbls, owned),
        ),
      );
      return this.finish(run, { images, labels, sample, nativeImages, info, freeOwned });
    });
  }

  /** Hands results back in the form they came in: native tensors, or neutral batches. */
  private finish(
    run: MaybePromise<{ images: T; labels: T | undefined }>,
    call: {
      images: unknown;
      labels: unknown;
      sample: Sample<unknown> | undefined;
      nativeImages: boolean;
      info: BatchInfo;
      freeOwned: () => void;
    },
  ): MaybePromise<unknown> {
    const { images, labels, sample, nativeImages, info, freeOwned } = call;
    const backend = this.backend;
    // Canvas pixels (Uint8ClampedArray) come back as such, whatever the backend downloads.
    const clamped = isBatch(images) && images.data instanceof Uint8ClampedArray;
    return andThen(run, ({ images: outImages, labels: outLabels }) => {
      const output = (
        x: T | undefined,
        wasNative: boolean,
        layout?: Layout,
      ): MaybePromise<unknown> =>
        x === undefined || wasNative || x === (images as unknown)
          ? x
          : this.toNeutral(x, layout, clamped);
      // An input handed back unchanged (labels through image-only strategies) comes back
      // as a new handle where the backend has one, so that disposing results is safe.
      // Made last, once nothing can fail.
      const own = (x: unknown, input: unknown) =>
        x !== undefined && x === input && backend.isTensor(x) && backend.clone
          ? backend.clone(x)
          : x;
      const imagesOut = output(outImages, nativeImages, info.layout);
      const labelsOut =
        labels === undefined || outLabels === undefined
          ? labels
          : output(outLabels, backend.isTensor(labels), undefined);
      return andThen(imagesOut, (im) =>
        andThen(labelsOut, (lb) => {
          freeOwned();
          const result = own(im, images);
          return sample ? { images: result, labels: own(lb, labels) } : result;
        }),
      );
    });
  }

  /** Applies plans in order, freeing intermediates as soon as the next result exists. */
  private applyPlans(
    plans: Plan[],
    images: T,
    labels: T | undefined,
    owned: Set<T>,
  ): MaybePromise<{ images: T; labels: T | undefined }> {
    const backend = this.backend;
    const step = (
      i: number,
      imgs: T,
      lbls: T | undefined,
    ): MaybePromise<{ images: T; labels: T | undefined }> => {
      if (i === plans.length) return { images: imgs, labels: lbls };
      const plan = plans[i]!;
      return andThen(backend.apply(plan, imgs), (nextImages) => {
        if (owned.has(imgs)) {
          backend.dispose(imgs);
          owned.delete(imgs);
        }
        owned.add(nextImages);
        const mixed =
          plan.labels && lbls !== undefined
            ? backend.mixLabels(plan.labels, lbls, plan.strategy)
            : lbls;
        return andThen(mixed, (nextLabels) => {
          if (nextLabels !== lbls && lbls !== undefined) {
            if (owned.has(lbls)) {
              backend.dispose(lbls);
              owned.delete(lbls);
            }
            owned.add(nextLabels as T);
          }
          return step(i + 1, nextImages, nextLabels);
        });
      });
    };
    return andThen(step(0, images, labels), (result) => {
      // What is returned to the caller is theirs, not ours to free.
      owned.delete(result.images);
      if (result.labels !== undefined) owned.delete(result.labels);
      return result;
    });
  }

  private toNeutral(
    x: T,
    layout: Layout | undefined,
    clamped: boolean,
  ): Promise<ImageBatch | LabelBatch> {
    const { shape } = this.backend.describe(x);
    return this.backend.download(x).then((downloaded) => {
      this.backend.dispose(x);
      const data =
        clamped && layout && downloaded instanceof Uint8Array
          ? new Uint8ClampedArray(downloaded.buffer, downloaded.byteOffset, downloaded.length)
          : downloaded;
      return layout ? ({ data, shape, layout } as ImageBatch) : ({ data, shape } as LabelBatch);
    });
  }
}

/** Runs `f`; if it throws or its promise rejects, runs `cleanup` first. */
function guarded<V>(cleanup: () => void, f: () => MaybePromise<V>): MaybePromise<V> {
  try {
    const value = f();
    return value instanceof Promise
      ? value.catch((error: unknown) => {
          cleanup();
          throw error;
        })
      : value;
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Refuses, naming it, an input that is neither the backend's tensor nor a neutral batch. */
function checkInput<T>(backend: Backend<T>, x: unknown, what: string): void {
  if (backend.isTensor(x) || isBatch(x)) return;
  // Own plain properties only: another library's tensor may have a `data` getter that
  // throws or downloads (see isBatch).
  const data = ownValue(x, 'data');
  const shape = ownValue(x, 'shape');
  if (data !== undefined && shape !== undefined) {
    throw new InputError(
      ArrayBuffer.isView(data)
        ? `${what}: shape must be an array of integers; received ${describeValue(shape)}`
        : `${what}: data must be a typed array; received ${describeValue(data)}`,
    );
  }
  throw new InputError(
    `${what}: expected a tensor of backend '${backend.name}' or a batch { data: typed array, shape }; received ${describeValue(x)}${inputHint(backend, x)}`,
  );
}

/** What to do with an input no backend path takes: a bare typed array, another library's tensor. */
function inputHint<T>(backend: Backend<T>, x: unknown): string {
  if (ArrayBuffer.isView(x)) return '. A typed array needs its shape: pass { data, shape }';
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return '';
  if (!('shape' in x || 'dims' in x)) return '';
  return `. A tensor that backend '${backend.name}' does not recognise needs an augmenter on its own library's backend, or, if it is that library's, the same copy of the library (a second copy's classes are not the backend's)`;
}

function checkLabels(labels: LabelBatch, batch: number, where: string): void {
  const data: unknown = labels.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array || data instanceof DataView) {
    throw new InputError(
      `labels: data must be a typed array of numbers (Float32Array, Int32Array, ...); received ${describeValue(data)}`,
    );
  }
  labelKind(labels.shape, batch, where);
  const expected = labels.shape.reduce((a, b) => a * b, 1);
  if (labels.data.length !== expected) {
    throw new InputError(
      `labels: shape [${labels.shape.join(', ')}] needs ${expected} values; data has ${valueCount(labels.data)}`,
    );
  }
}

function isSample(x: unknown): x is Sample<unknown> {
  return typeof x === 'object' && x !== null && 'images' in x;
}

/** A sample has images and labels only: `{ images, label }` must not drop the labels unseen. */
function checkSample(sample: Sample<unknown>): Sample<unknown> {
  for (const key of Object.keys(sample)) {
    if (key !== 'images' && key !== 'labels') {
      throw new InputError(
        `a sample is { images, labels }; received an unknown key ${JSON.stringify(key)}`,
      );
    }
  }
  return sample;
}

/** A neutral batch with the run's layout, which must agree with the batch's own. */
function withLayout(images: ImageBatch, layout: Layout | undefined): ImageBatch {
  if (layout === undefined || images.layout === layout) return images;
  if (images.layout !== undefined) {
    throw new InputError(
      `images: the batch says layout '${images.layout}' but the run's options say '${String(layout)}'`,
    );
  }
  return { ...images, layout };
}

/**
 * Checks labels against every mixing plan before any plan runs, so that a missing
 * `numClasses`, a class-count mismatch or a bad class id (in a neutral batch, readable
 * here) is reported before the images are worked on. After the first mix, labels are
 * [B, K].
 */
function checkPlannedLabels<T>(
  plans: Plan[],
  labels: unknown,
  backend: Backend<T>,
  where: string,
): void {
  const shape = isBatch(labels) ? labels.shape : backend.describe(labels as T, 'labels').shape;
  let kind = labelKind(shape, shape[0]!, where);
  for (const plan of plans) {
    if (!plan.labels) continue;
    const K = mixedClasses(kind, plan.labels, plan.strategy);
    if (kind.type === 'ids' && isBatch(labels)) checkClassIds(labels.data, K, plan.strategy);
    kind = { type: 'soft', classes: K };
  }
}

function describeImages<T>(backend: Backend<T>, x: T, layout: Layout | undefined): BatchInfo {
  const { shape, dtype } = backend.describe(x, 'images');
  return batchInfo(shape, dtype, layout ?? 'NHWC');
}

/**
 * Makes an augmenter: `createAugmenter({ backend: 'tfjs', seed: 1 })`. A backend named in
 * `BackendTensorTypes` (or given as an object) types its tensors.
 */
export function createAugmenter<N extends keyof BackendTensorTypes>(
  options: AugmenterOptions<BackendTensorTypes[N]> & { readonly backend: N },
): Augmenter<BackendTensorTypes[N]>;
export function createAugmenter<T, S extends boolean>(
  options: AugmenterOptions<T> & { readonly backend: Backend<T> & { readonly synchronous: S } },
): Augmenter<T, S>;
// With the tensor type given (`createAugmenter<ort.Tensor>({ backend })`), S cannot be
// inferred beside it: this overload still types an asynchronous backend's augmenter.
export function createAugmenter<T>(
  options: AugmenterOptions<T> & { readonly backend: Backend<T> & { readonly synchronous: false } },
): Augmenter<T, false>;
export function createAugmenter<T = unknown>(options?: AugmenterOptions<T>): Augmenter<T>;
export function createAugmenter<T = unknown>(options: AugmenterOptions<T> = {}): Augmenter<T> {
  return new Augmenter<T>(options);
}
