import { InputError } from '@aug/core';
import { checkDims, describeValue } from '@aug/core/backend';
import { BufferUsage } from './flags.js';

/** The element types a GPU batch can hold. uint8 is packed four to a 32-bit word. */
export type GpuDType = 'float32' | 'uint8' | 'int32';

/**
 * The WebGPU backend's tensor: a `GPUBuffer` with the shape and dtype of what it holds,
 * row-major. Images are float32 (one element per word) or uint8 (four per word, element
 * i in bits 8(i mod 4) .. 8(i mod 4) + 7 of word floor(i / 4), i.e. the bytes in order);
 * labels are float32 `[B, K]` or int32 class ids `[B]`. The layout of images (NHWC or
 * NCHW) is given to the augmenter as for every backend (`run(..., { layout })`).
 */
export interface GpuTensor {
  readonly buffer: GPUBuffer;
  readonly shape: readonly number[];
  readonly dtype: GpuDType;
  /**
   * Class ids known on the host (uploads keep them), so out-of-range ids are refused
   * before anything runs. Ids that only live on the GPU are not read back: an id outside
   * [0, K) gives a row of NaN instead.
   */
  readonly hostIds?: ArrayLike<number>;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Bytes the elements of a tensor occupy, rounded up to whole 32-bit words. */
export function byteSize(shape: readonly number[], dtype: GpuDType): number {
  const n = elementCount(shape);
  return dtype === 'uint8' ? Math.ceil(n / 4) * 4 : n * 4;
}

export function isGpuTensor(x: unknown): x is GpuTensor {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<GpuTensor>;
  return (
    typeof t.buffer === 'object' &&
    t.buffer !== null &&
    typeof (t.buffer as GPUBuffer).size === 'number' &&
    Array.isArray(t.shape) &&
    typeof t.dtype === 'string'
  );
}

/** Refuses a tensor the kernels cannot read as it claims to be: wrong dtype, short buffer, no STORAGE usage. */
export function checkTensor(x: unknown, what: string, dtypes: readonly GpuDType[]): GpuTensor {
  if (!isGpuTensor(x)) {
    throw new InputError(
      `${what}: expected a GpuTensor { buffer: GPUBuffer, shape, dtype }; received ${describeValue(x)}`,
    );
  }
  if (!dtypes.includes(x.dtype)) {
    throw new InputError(
      `${what}: dtype must be ${dtypes.map((d) => `'${d}'`).join(' or ')}; received '${x.dtype}'`,
    );
  }
  checkDims(x.shape, what);
  const needed = byteSize(x.shape, x.dtype);
  if (x.buffer.size < needed) {
    throw new InputError(
      `${what}: a ${x.dtype} tensor of shape [${x.shape.join(', ')}] needs a buffer of ${needed} bytes; the GPUBuffer has ${x.buffer.size}`,
    );
  }
  if (needed > 0 && (x.buffer.usage & BufferUsage.STORAGE) === 0) {
    throw new InputError(
      `${what}: the GPUBuffer must have STORAGE usage to be read by a compute shader; its usage is 0x${x.buffer.usage.toString(16)}`,
    );
  }
  return x;
}
