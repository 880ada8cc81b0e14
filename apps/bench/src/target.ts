import type {
  Augmentation,
  Augmenter,
  ImageDType,
  MaybePromise,
  RunResult,
  Sample,
} from '@aug/core';

/**
 * One backend as the harness sees it. An adapter (tfjs, WebGPU, onnxruntime) joins the
 * benchmark by implementing this and adding itself to `targets/index.ts`; the harness
 * loop never names a backend.
 *
 * `T` is the backend's native image tensor: what `makeBatch` returns and what the
 * strategies and the copy baseline read.
 */
export interface BenchTarget<T = unknown> {
  readonly name: string;
  /** False where the backend cannot run here (no WebGPU adapter, no native binding). */
  available(): MaybePromise<boolean>;
  /** The device it runs on where that is not the CPU (a GPU adapter's name), once available. */
  device?(): string | undefined;
  /** A [batch, height, width, channels] NHWC batch of the given dtype, in the backend's memory. */
  makeBatch(
    batch: number,
    height: number,
    width: number,
    channels: number,
    dtype: ImageDType,
  ): MaybePromise<T>;
  augmenter(seed: number): Augmenter<T>;
  /**
   * Runs one augmentation on native tensors the way a user of this backend would
   * (`runSync` where the backend is synchronous, `run` otherwise): images, or images and
   * labels for the strategies that mix labels.
   */
  augment<I extends T | Sample<T>>(
    augmenter: Augmenter<T>,
    augmentation: Augmentation,
    input: I,
    step: number,
  ): MaybePromise<RunResult<T, I>>;
  /**
   * The cheapest full read and write of `input` this backend offers: the yardstick every
   * strategy is divided by. Its destination belongs to the target (preallocated, so the
   * baseline is bandwidth, not allocation) and is released by `dispose(input)`.
   */
  copy(input: T): MaybePromise<unknown>;
  /**
   * What a user of this backend would write by hand for comparable jobs (say, a per-image
   * erase with a broadcast mask), timed beside the strategies: the bar to beat.
   */
  readonly handWritten?: Readonly<Record<string, (input: T, step: number) => MaybePromise<T>>>;
  /** Waits until work queued on the device is done, so that it falls inside the timing. */
  settle?(): MaybePromise<void>;
  /** Frees a tensor: an augmentation's output, or an input from `makeBatch` with its copy destination. */
  dispose(x: T): void;
}

/**
 * The bookkeeping every target with garbage it must free itself shares: the inputs it
 * made, and the latest copy-baseline destination, which is replaced by the next copy and
 * freed with its input.
 */
export class CopyDestination<T extends { dispose(): void }> {
  private readonly inputs = new WeakSet<T>();
  private last: T | undefined;

  /** Marks a batch from `makeBatch`; returns it. */
  input(x: T): T {
    this.inputs.add(x);
    return x;
  }

  /** Frees the previous copy's destination and keeps this one; returns it. */
  replace(copy: T): T {
    this.last?.dispose();
    this.last = copy;
    return copy;
  }

  /** Frees `x`, and with an input, its copy destination too. */
  dispose(x: T): void {
    x.dispose();
    if (this.inputs.has(x)) {
      this.last?.dispose();
      this.last = undefined;
    }
  }
}
