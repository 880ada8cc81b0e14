import type { ImageDType } from '@aug/core';
import { GraphBuilder } from './graph/builder.js';

/**
 * An ONNX model whose output is a copy of its input (any shape, of `dtype`): the
 * yardstick of the benchmarks, the cheapest full read and write a session offers, with
 * the same feeding and fetching costs as an augmentation graph.
 */
export function identityModel(dtype: ImageDType): Uint8Array {
  const g = new GraphBuilder(`identity_${dtype}`, 'output = images');
  const images = g.input({ name: 'images', type: dtype, doc: 'any tensor' });
  g.output(images, { name: 'output', type: dtype, doc: 'a copy of images' });
  return g.build({ kind: 'identity' });
}
