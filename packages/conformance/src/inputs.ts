import {
  type BatchInfo,
  batchInfo,
  type ImageBatch,
  type ImageDType,
  type Layout,
  Random,
} from '@aug/core';
import { oneHot } from '@aug/core/backend';
import type { Geometry } from './cases.js';

/** The shape of a geometry in a layout. */
export function shapeOf(g: Geometry, layout: Layout): number[] {
  if (g.channels === 0) return [g.batch, g.height, g.width];
  return layout === 'NHWC'
    ? [g.batch, g.height, g.width, g.channels]
    : [g.batch, g.channels, g.height, g.width];
}

/**
 * A deterministic batch: uniform pixels in [0, 1) (float) or 0..255 (uint8). A few float
 * pixels are -0 and, with `nonFinite`, a few are NaN or +-Infinity: all must pass through
 * bit for bit wherever a strategy does not touch them.
 */
export function makeInput(
  g: Geometry,
  layout: Layout,
  dtype: ImageDType,
  seed: number,
  nonFinite = false,
): { batch: ImageBatch; info: BatchInfo } {
  const shape = shapeOf(g, layout);
  const info = batchInfo(shape, dtype, layout);
  const n = g.batch * g.height * g.width * Math.max(1, g.channels);
  const stream = Random.fromSeed(seed).stream(0x1a6e, n);
  const data = dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = dtype === 'uint8' ? stream.int(0, 255) : stream.uniform();
  if (dtype === 'float32') for (let i = 5; i < n; i += 13) data[i] = -0;
  if (nonFinite && dtype === 'float32') {
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0; i < n; i += 17) data[i] = specials[i % 3]!;
  }
  return { batch: { data, shape, layout }, info };
}

/** One-hot [B, K] labels and the matching class ids [B]. */
export function makeLabels(
  batch: number,
  classes: number,
): { ids: Int32Array; oneHot: Float32Array } {
  const ids = Int32Array.from({ length: batch }, (_, b) => (b * 7 + 3) % classes);
  return { ids, oneHot: oneHot(ids, classes) };
}
