import { AugError, type BatchInfo, type ImageBatch, InputError, type LabelBatch } from '@aug/core';
import { checkPlanned, describeValue } from '@aug/core/backend';
import type { Tensor } from 'onnxruntime-common';
import type { Feeds } from './graphs/index.js';
import type { TensorConstructor } from './ort.js';

/** Whether `x` looks like an ort.Tensor (of any onnxruntime copy: not `instanceof`). */
export function isOrtTensor(x: unknown): x is Tensor {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as Partial<Tensor>;
  return Array.isArray(t.dims) && typeof t.type === 'string' && typeof t.dispose === 'function';
}

/** ONNX element type names as ort.Tensor spells them. */
const ORT_TYPES = {
  float32: 'float32',
  uint8: 'uint8',
  int32: 'int32',
  int64: 'int64',
  bool: 'bool',
} as const;

/** Graph feeds as ort tensors. They wrap the host arrays: nothing to free but the wrapper. */
export function toOrtFeeds(Tensor: TensorConstructor, feeds: Feeds): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, f] of Object.entries(feeds)) {
    out[name] = new Tensor(ORT_TYPES[f.type], f.data, f.dims);
  }
  return out;
}

/** A neutral batch as an ort tensor, sharing its data (onnxruntime never writes its inputs). */
export function uploadBatch(Tensor: TensorConstructor, batch: ImageBatch | LabelBatch): Tensor {
  const { data, shape } = batch;
  if (data instanceof Float32Array) return new Tensor('float32', data, shape);
  if (data instanceof Uint8ClampedArray) {
    return new Tensor('uint8', new Uint8Array(data.buffer, data.byteOffset, data.length), shape);
  }
  if (data instanceof Uint8Array) return new Tensor('uint8', data, shape);
  if (data instanceof Int32Array) return new Tensor('int32', data, shape);
  if (data instanceof Float64Array) return new Tensor('float64', data, shape);
  if (data instanceof Uint16Array) return new Tensor('uint16', data, shape);
  // Other label arrays (Int8Array, Uint32Array, ...): as float64, exact for all of them.
  const other: unknown = data;
  if (
    shape.length <= 2 &&
    ArrayBuffer.isView(other) &&
    !(
      other instanceof DataView ||
      other instanceof BigInt64Array ||
      other instanceof BigUint64Array
    )
  ) {
    return new Tensor('float64', Float64Array.from(other as unknown as ArrayLike<number>), shape);
  }
  throw new InputError(
    `upload: data must be a typed array of pixels or labels; received ${describeValue(data)}`,
  );
}

/** Whether a tensor's data is a typed array in this thread's memory (not a GPU buffer). */
export function hasHostData(t: Tensor): boolean {
  return t.location === 'cpu' || t.location === 'cpu-pinned';
}

/** The data of a tensor wherever it lives (on the CPU it is the tensor's own array). */
export async function tensorData(t: Tensor, what: string): Promise<Tensor.DataType> {
  if (t.location === 'none') throw new InputError(`${what}: the tensor has been disposed`);
  return hasHostData(t) ? t.data : t.getData();
}

/** Refuses images that are not the tensor a plan was made for: a clear error, before any work. */
export function checkImages(images: unknown, info: BatchInfo, backend: string): Tensor {
  if (!isOrtTensor(images)) {
    throw new InputError(
      `${backend}: images must be an ort.Tensor; received ${describeValue(images)}`,
    );
  }
  if (images.location === 'none')
    throw new InputError(`${backend}: images: the tensor has been disposed`);
  checkPlanned(info, images.dims, images.type, backend);
  return images;
}

/** A new tensor with the same contents (for plans that change nothing). */
export async function cloneTensor(Tensor: TensorConstructor, t: Tensor): Promise<Tensor> {
  const data = (await tensorData(t, 'images')) as Float32Array | Uint8Array;
  if (!(data instanceof Float32Array || data instanceof Uint8Array)) {
    throw new AugError(`onnxruntime: cannot copy a ${t.type} tensor (images are float32 or uint8)`);
  }
  return new Tensor(t.type, data.slice(), t.dims);
}
