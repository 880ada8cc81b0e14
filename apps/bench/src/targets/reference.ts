import {
  type Augmenter,
  createAugmenter,
  type ImageBatch,
  type ImageData,
  type ImageDType,
  type ReferenceTensor,
} from '@aug/core';
import type { BenchTarget } from '../target.js';

/** Deterministic, image-like contents, so runs compare and no value is a denormal or NaN. */
export function fillPixels(data: ImageData, dtype: ImageDType): void {
  let state = 0x9e3779b9;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const byte = state >>> 24;
    data[i] = dtype === 'uint8' ? byte : byte / 255;
  }
}

/** The reference backend: plain TypeScript over typed arrays; its tensor is the neutral batch. */
export function referenceTarget(): BenchTarget<ReferenceTensor> {
  // Copy destinations are allocated once per input so the baseline measures bandwidth:
  // a fresh array each call would add allocation and page faults to the yardstick.
  const destinations = new WeakMap<ReferenceTensor, ImageData>();

  return {
    name: 'reference',
    available: () => true,
    makeBatch(batch, height, width, channels, dtype) {
      const length = batch * height * width * channels;
      const data = dtype === 'uint8' ? new Uint8Array(length) : new Float32Array(length);
      fillPixels(data, dtype);
      const images: ImageBatch = { data, shape: [batch, height, width, channels] };
      return images;
    },
    augmenter: (seed) => createAugmenter<ReferenceTensor>({ backend: 'reference', seed }),
    augment: (augmenter: Augmenter<ReferenceTensor>, augmentation, input, step) =>
      augmenter.runSync(augmentation, input, { step }),
    copy(input) {
      const source = input.data as ImageData;
      let destination = destinations.get(input);
      if (destination === undefined) {
        destination =
          source instanceof Float32Array
            ? new Float32Array(source.length)
            : new Uint8Array(source.length);
        destinations.set(input, destination);
      }
      // Float32Array.prototype.set (or Uint8Array's): one read and one write, a memcpy in V8.
      destination.set(source);
      return destination;
    },
    dispose(x) {
      // Typed arrays are freed by the garbage collector; only our reference must go.
      destinations.delete(x);
    },
  };
}
