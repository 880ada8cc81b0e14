import type { Range } from '../params/spec.js';
import type { Stream } from '../random/random.js';
import { clamp } from './round.js';

export interface Size {
  readonly h: number;
  readonly w: number;
}

/**
 * Patch size from an area fraction and an aspect ratio (height / width):
 * w = round(sqrt(area * H * W / ratio)), h = round(w_unrounded * ratio), clipped.
 */
export function patchSize(area: number, ratio: number, H: number, W: number): Size {
  const w = Math.sqrt((area * H * W) / ratio);
  return { h: clamp(Math.round(w * ratio), 0, H), w: clamp(Math.round(w), 0, W) };
}

/** Samples the area uniformly in its range and the ratio log-uniformly in its range. */
export function samplePatchSize(
  stream: Stream,
  area: Range,
  ratio: Range,
  H: number,
  W: number,
): Size {
  const a = stream.between(area[0], area[1]);
  const r = stream.logUniform(ratio[0], ratio[1]);
  return patchSize(a, r, H, W);
}

/** Top-left corner of an h x w box placed uniformly inside an H x W image. */
export function placeBox(stream: Stream, size: Size, H: number, W: number): [number, number] {
  const y0 = Math.round(stream.uniform() * (H - size.h));
  const x0 = Math.round(stream.uniform() * (W - size.w));
  return [y0, x0];
}

/** Writes box (y0, x0, y0 + h, x0 + w) at slot `i` of a boxes array. */
export function writeBox(boxes: Int32Array, i: number, y0: number, x0: number, size: Size): void {
  boxes[i * 4] = y0;
  boxes[i * 4 + 1] = x0;
  boxes[i * 4 + 2] = y0 + size.h;
  boxes[i * 4 + 3] = x0 + size.w;
}
