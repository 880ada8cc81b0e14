import type { ImageBatch, LabelBatch } from '../batch.js';
import { ParameterError } from '../errors.js';
import type { LabelMix, Plan } from '../plan.js';

export type MaybePromise<T> = T | Promise<T>;

/** Shape and dtype of a backend's native tensor. */
export interface TensorDescription {
  readonly shape: readonly number[];
  /** 'float32', 'uint8', 'int32', ... */
  readonly dtype: string;
}

/**
 * What an adapter implements to run plans on its own tensors (a tf.Tensor, a GPUBuffer
 * with its shape, an ort.Tensor). Small on purpose: the strategies live in core, and a
 * backend only has to execute the three plan kinds and mix labels.
 *
 * Backends never modify their inputs: `apply` and `mixLabels` return new tensors.
 */
export interface Backend<T = unknown> {
  readonly name: string;
  /** True when no method returns a promise, so `Augmenter.runSync` can use it (tfjs layers need this). */
  readonly synchronous: boolean;
  /** Whether `x` is one of this backend's tensors (as opposed to a neutral batch). */
  isTensor(x: unknown): x is T;
  /**
   * Shape and dtype. `what` says which input core is checking ('images' or 'labels';
   * absent for its own results): it names the input in errors (a disposed tensor), and a
   * backend may refuse a dtype its kernels cannot take for that input.
   */
  describe(x: T, what?: string): TensorDescription;
  /** Neutral batch to native tensor. */
  upload(batch: ImageBatch | LabelBatch): MaybePromise<T>;
  /** Native tensor to a typed array (float32 or uint8 for images, float32 for mixed labels). */
  download(x: T): Promise<ImageBatch['data'] | LabelBatch['data']>;
  /** Applies one plan to a batch of images; returns a new tensor. */
  apply(plan: Plan, images: T): MaybePromise<T>;
  /** Mixes labels ([B, K] soft or [B] ids) as a plan says; returns new float32 [B, K] labels. */
  mixLabels(mix: LabelMix, labels: T, strategy: string): MaybePromise<T>;
  /** Frees a tensor this backend made (intermediate results). */
  dispose(x: T): void;
  /**
   * A new handle on a tensor's values, for the caller to own: what a call hands back
   * where a pipeline leaves an input as it was (the labels of image-only strategies), so
   * that disposing results never disposes an input. It may share memory (tfjs's
   * `tf.clone`); disposing it must leave the input usable. Omitted: the input itself is
   * handed back, which is right only for a backend whose `dispose` frees nothing (the
   * reference backend); @aug/conformance disposes results, then reads the inputs.
   */
  clone?(x: T): T;
}

/** Chains a value that may or may not be a promise, staying synchronous when it is not. */
export function andThen<A, B>(
  value: MaybePromise<A>,
  f: (a: A) => MaybePromise<B>,
): MaybePromise<B> {
  return value instanceof Promise ? value.then(f) : f(value);
}

const BACKEND_METHODS = [
  'isTensor',
  'describe',
  'upload',
  'download',
  'apply',
  'mixLabels',
  'dispose',
] as const;

/** What `createAugmenter`'s `backend` option may be. */
export const BACKEND_RULE = 'a registered backend name or a Backend object';

/**
 * `backend` if it has what an augmenter calls, else a ParameterError naming `where`, the
 * `parameter` it came in and what is missing: a wrong object fails here, not at the
 * first run as an obscure TypeError.
 */
export function checkBackend<T>(
  backend: Backend<T>,
  where: string,
  parameter = 'backend',
  rule = BACKEND_RULE,
): Backend<T> {
  const b = backend as unknown as Record<string, unknown> | null;
  if (b === null || typeof b !== 'object') {
    throw new ParameterError(where, parameter, rule, b);
  }
  const missing = [
    ...(typeof b.name === 'string' ? [] : ['name (a string)']),
    ...(typeof b.synchronous === 'boolean' ? [] : ['synchronous (a boolean)']),
    ...BACKEND_METHODS.filter((m) => typeof b[m] !== 'function').map((m) => `${m}()`),
  ];
  if (missing.length > 0) {
    throw new ParameterError(
      where,
      parameter,
      rule,
      b,
      `It lacks ${missing.join(', ')}; a Backend has name, synchronous, ${BACKEND_METHODS.map((m) => `${m}()`).join(', ')}`,
    );
  }
  return backend;
}
