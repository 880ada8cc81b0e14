import { describeValue, formatValue, InputError } from './errors.js';

export type Layout = 'NHWC' | 'NCHW';
export type ImageDType = 'float32' | 'uint8';
export type ImageData = Float32Array | Uint8Array | Uint8ClampedArray;
export type LabelData = Float32Array | Float64Array | Int32Array | Uint8Array | Uint16Array;

/**
 * A backend-neutral batch of images: a typed array in row-major order with its shape.
 * `[B, H, W, C]` (NHWC, the default), `[B, C, H, W]` (NCHW), or `[B, H, W]` grayscale.
 * Every backend accepts and returns this besides its own tensors.
 */
export interface ImageBatch<D extends ImageData = ImageData> {
  readonly data: D;
  readonly shape: readonly number[];
  readonly layout?: Layout;
}

/** Which of `Kinds` (typed array classes) `D` is: `Uint8Array<ArrayBuffer>` is a `Uint8Array`. */
export type SameKind<D, Kinds> = Kinds extends unknown ? (D extends Kinds ? Kinds : never) : never;

/** Labels: soft or one-hot `[B, K]`, or integer class ids `[B]`. */
export interface LabelBatch<D extends LabelData = LabelData> {
  readonly data: D;
  readonly shape: readonly number[];
}

/** Everything a plan depends on about a batch of images. */
export interface BatchInfo {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly dtype: ImageDType;
  readonly layout: Layout;
  /** 3 for a `[B, H, W]` grayscale batch, else 4. */
  readonly rank: 3 | 4;
}

/**
 * Whether `x` is a neutral batch `{ data: typed array, shape: number[] }`. `data` must be
 * an own property: another library's tensor may have a `data` getter that throws
 * (onnxruntime's, for a tensor on the GPU) or downloads.
 */
export function isBatch(x: unknown): x is ImageBatch | LabelBatch {
  return ArrayBuffer.isView(ownValue(x, 'data')) && Array.isArray(ownValue(x, 'shape'));
}

/** An own data property's value (never through a getter), or undefined. */
export function ownValue(x: unknown, key: string): unknown {
  if (typeof x !== 'object' || x === null) return undefined;
  return Object.getOwnPropertyDescriptor(x, key)?.value;
}

export function dtypeOf(data: unknown): ImageDType | undefined {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'uint8';
  return undefined;
}

/** Refuses a shape that is not an array of whole dimensions; `what` begins the message. */
export function checkDims(shape: readonly number[], what: string): void {
  if (!Array.isArray(shape) && !ArrayBuffer.isView(shape)) {
    throw new InputError(
      `${what}: shape must be an array of integers; received ${describeValue(shape)}`,
    );
  }
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new InputError(
        `${what}: every dimension must be an integer >= 0; received shape [${shape.map(formatValue).join(', ')}]`,
      );
    }
  }
}

/**
 * Reads batch, height, width and channels from a shape and layout. Refuses ranks other
 * than 3 and 4, empty images, a layout that contradicts the shape (a shape such as
 * [B, 224, 224, 3] declared NCHW would otherwise be augmented as 224 channels of 224x3),
 * and a single image [H, W, C] (which would be H grayscale images of W x C pixels).
 */
export function batchInfo(
  shape: readonly number[],
  dtype: string,
  layout: Layout = 'NHWC',
  what = 'images',
): BatchInfo {
  checkDims(shape, what);
  if (dtype !== 'float32' && dtype !== 'uint8') {
    throw new InputError(
      `${what}: dtype must be 'float32' or 'uint8'; received ${formatValue(dtype)}`,
    );
  }
  if (layout !== 'NHWC' && layout !== 'NCHW') {
    throw new InputError(
      `${what}: layout must be 'NHWC' or 'NCHW'; received ${formatValue(layout)}`,
    );
  }
  let info: BatchInfo;
  if (shape.length === 3) {
    const [batch, height, width] = shape as [number, number, number];
    info = { batch, height, width, channels: 1, dtype, layout, rank: 3 };
    // One image [H, W, C] would be read as H grayscale images of W x C pixels: refused
    // when its last side is a channel count (<= 4) and the others are not (>= 8 each).
    if (width <= 4 && height >= 8 && batch >= 8) {
      throw new InputError(
        `${what}: shape [${shape.join(', ')}] reads as a grayscale batch [B, H, W] of ${batch} images of ${height}x${width} pixels; it looks like one image [H, W, C]: give it a batch dimension, shape [1, ${shape.join(', ')}] (grayscale images at most 4 pixels wide are refused)`,
      );
    }
  } else if (shape.length === 4) {
    const [batch, a, b, c] = shape as [number, number, number, number];
    info =
      layout === 'NHWC'
        ? { batch, height: a, width: b, channels: c, dtype, layout, rank: 4 }
        : { batch, height: b, width: c, channels: a, dtype, layout, rank: 4 };
    // A sliver of at most 4 pixels across with many channels, which read the other way is
    // an ordinary image: the layout is wrong. (Small feature maps, [B, 3, 3, 17] say, stay.)
    const other = layout === 'NHWC' ? a : c;
    if (info.channels > 16 && other <= 4 && b > 4) {
      const hint = layout === 'NHWC' ? 'NCHW' : 'NHWC';
      throw new InputError(
        `${what}: shape [${shape.join(', ')}] with layout '${layout}' means ${info.channels} channels of ${info.height}x${info.width}; it looks like '${hint}': pass layout '${hint}'`,
      );
    }
  } else {
    throw new InputError(
      `${what}: expected rank 4 ([B, H, W, C] or [B, C, H, W]) or rank 3 ([B, H, W], grayscale); received shape [${shape.join(', ')}] (rank ${shape.length})`,
    );
  }
  if (info.batch > 0 && (info.height < 1 || info.width < 1 || info.channels < 1)) {
    throw new InputError(
      `${what}: height, width and channels must be >= 1; received shape [${shape.join(', ')}]`,
    );
  }
  return info;
}

/** The shape of the images a plan was made for: its rank, in its layout. */
export function plannedShape(info: BatchInfo): number[] {
  const { batch: B, height: H, width: W, channels: C } = info;
  if (info.rank === 3) return [B, H, W];
  return info.layout === 'NHWC' ? [B, H, W, C] : [B, C, H, W];
}

/**
 * Refuses images that are not what a plan was made for (its shape and dtype), before a
 * backend does any work on them; `where` begins the message.
 */
export function checkPlanned(
  info: BatchInfo,
  shape: readonly number[],
  dtype: string,
  where: string,
): void {
  const expected = plannedShape(info);
  if (
    dtype !== info.dtype ||
    shape.length !== expected.length ||
    shape.some((d, i) => d !== expected[i])
  ) {
    throw new InputError(
      `${where}: the plan was made for ${info.dtype} images of shape [${expected.join(', ')}] (${info.layout}); received ${dtype} [${shape.join(', ')}]`,
    );
  }
}

/** Validates a neutral image batch and returns its info. */
export function imageBatchInfo(images: ImageBatch, what = 'images'): BatchInfo {
  if (images === null || typeof images !== 'object' || !('data' in images)) {
    throw new InputError(
      `${what}: expected { data, shape, layout? }; received ${describeValue(images)}`,
    );
  }
  const dtype = dtypeOf(images.data);
  if (!dtype) {
    throw new InputError(
      `${what}: data must be a Float32Array, Uint8Array or Uint8ClampedArray; received ${describeValue(images.data)}`,
    );
  }
  const info = batchInfo(images.shape, dtype, images.layout ?? 'NHWC', what);
  const expected = info.batch * info.height * info.width * info.channels;
  if (images.data.length !== expected) {
    throw new InputError(
      `${what}: shape [${images.shape.join(', ')}] needs ${expected} values; data has ${valueCount(images.data)}`,
    );
  }
  return info;
}

/** Element strides of an image batch, so layout-generic loops can address (b, y, x, c). */
export interface Strides {
  readonly image: number;
  readonly row: number;
  readonly pixel: number;
  readonly channel: number;
}

/** Whether a batch is channels-first in memory (a rank-3 batch has one channel either way). */
export function channelsFirst(info: BatchInfo): boolean {
  return info.layout === 'NCHW' && info.rank === 4;
}

export function stridesOf(info: BatchInfo): Strides {
  const { height: H, width: W, channels: C } = info;
  return channelsFirst(info)
    ? { image: C * H * W, row: W, pixel: 1, channel: H * W }
    : { image: H * W * C, row: W * C, pixel: C, channel: 1 };
}

/**
 * `data.length` for a message; an array over a detached ArrayBuffer (posted to another
 * thread with a transfer list) reads as empty, which alone would puzzle.
 */
export function valueCount(
  data: ArrayLike<number> & { readonly buffer?: ArrayBufferLike },
): string {
  const buffer = data.buffer as (ArrayBufferLike & { readonly detached?: boolean }) | undefined;
  if (data.length > 0 || buffer === undefined) return String(data.length);
  if (buffer.detached === true)
    return '0 (its ArrayBuffer is detached: transferred to another thread?)';
  // Without ArrayBuffer#detached (Node 20), an empty buffer may be either.
  if (buffer.detached === undefined && buffer.byteLength === 0) {
    return '0 (an empty array, or one whose ArrayBuffer was transferred to another thread)';
  }
  return '0';
}
