import { type ImageBatch, resizeImages } from '@aug/core';
import type { Image, RgbImage } from './image.js';

/** A batch of 8-bit RGB images `[B, H, W, 3]`, NHWC. */
export interface RgbBatch extends ImageBatch {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number, number, 3];
}

/** A batch of 8-bit gray images `[B, H, W]`, core's rank-3 grayscale batch. */
export interface GrayBatch extends ImageBatch {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number, number];
}

export type Uint8Batch = RgbBatch | GrayBatch;

/**
 * Resizes one image to size x size with core's 'area' method, which averages, so
 * downscaled photographs do not alias. Photos that are not square get stretched;
 * the fixtures are square already.
 */
export function resizeSquare(image: RgbImage, size: number): RgbImage {
  const [height, width] = image.shape;
  const resized = resizeImages(
    { data: image.data, shape: [1, height, width, 3] },
    size,
    size,
    'area',
  );
  return { data: resized.data, shape: [size, size, 3] };
}

/** Stacks images of one size into a batch. */
export function stackImages(images: readonly RgbImage[]): RgbBatch {
  const first = images[0];
  if (!first) throw new Error('stackImages: no images');
  const [height, width] = first.shape;
  const stride = height * width * 3;
  const data = new Uint8Array(images.length * stride);
  images.forEach((image, b) => {
    if (image.shape[0] !== height || image.shape[1] !== width) {
      throw new Error(
        `stackImages: image ${b} is ${image.shape[0]}x${image.shape[1]}, not ${height}x${width}`,
      );
    }
    data.set(image.data, b * stride);
  });
  return { data, shape: [images.length, height, width, 3] };
}

/** Luminance round(0.299 R + 0.587 G + 0.114 B) (ITU-R BT.601, as PIL's 'L' mode). */
export function toGray(batch: RgbBatch): GrayBatch {
  const [count, height, width] = batch.shape;
  const rgb = batch.data;
  const gray = new Uint8Array(count * height * width);
  for (let i = 0; i < gray.length; i++) {
    gray[i] = Math.round(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!);
  }
  return { data: gray, shape: [count, height, width] };
}

/** Checks that a batch core returned is 8-bit NHWC RGB `[B, H, W, 3]` or gray `[B, H, W]`. */
export function asUint8Batch(batch: ImageBatch): Uint8Batch {
  const { shape } = batch;
  const data = asUint8(batch.data);
  if (batch.layout === 'NCHW') throw new Error('expected an NHWC batch; received NCHW');
  if (shape.length === 3) return { data, shape: [shape[0]!, shape[1]!, shape[2]!] };
  if (shape.length === 4 && shape[3] === 3) {
    return { data, shape: [shape[0]!, shape[1]!, shape[2]!, 3] };
  }
  throw new Error(`expected a batch [B, H, W, 3] or [B, H, W]; received [${shape.join(', ')}]`);
}

/** Image `b` of a batch, sharing its memory. */
export function imageAt(batch: Uint8Batch, b: number): Image {
  const [, height, width] = batch.shape;
  const channels = batch.shape.length === 4 ? 3 : 1;
  const stride = height * width * channels;
  const data = batch.data.subarray(b * stride, (b + 1) * stride);
  return { data, shape: channels === 3 ? [height, width, 3] : [height, width] };
}

function asUint8(data: ImageBatch['data']): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof Uint8ClampedArray)
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  throw new Error(`expected 8-bit pixels; received ${data.constructor.name}`);
}
