import { patchParams, selectionParams } from '../params/common.js';
import type { Stream } from '../random/random.js';
import { Lane } from '../sampling/lanes.js';
import { placeBox, type Size, samplePatchSize, writeBox } from '../sampling/patch.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/**
 * A place for the second patch that does not overlap the first, uniform among all such
 * places; undefined when there is none (then the patches may overlap).
 */
function placeApart(
  stream: Stream,
  size: Size,
  H: number,
  W: number,
  ay: number,
  ax: number,
): [number, number] | undefined {
  const { h, w } = size;
  const nx = W - w + 1;
  const ny = H - h + 1;
  const xlo = Math.max(0, ax - w + 1);
  const xhi = Math.min(W - w, ax + w - 1);
  const ylo = Math.max(0, ay - h + 1);
  const yhi = Math.min(H - h, ay + h - 1);
  const overlapX = h > 0 && w > 0 ? xhi - xlo + 1 : 0;
  const overlapY = h > 0 && w > 0 ? yhi - ylo + 1 : 0;
  const valid = nx * ny - overlapX * overlapY;
  if (valid <= 0) return undefined;
  let k = stream.int(0, valid - 1);
  for (let y = 0; y < ny; y++) {
    const rowOverlaps = overlapY > 0 && y >= ylo && y <= yhi;
    const inRow = rowOverlaps ? nx - overlapX : nx;
    if (k < inRow) {
      if (!rowOverlaps) return [y, k];
      return [y, k < xlo ? k : xhi + 1 + (k - xlo)];
    }
    k -= inRow;
  }
  return undefined;
}

/**
 * Moves the first patch, if needed, to a place that leaves room for a second one beside
 * it (left, right, above or below), whenever the image has such room at all: 2h <= H or
 * 2w <= W. Only the few placements with no room are moved: along x when 2w <= W, else
 * along y, by the least distance that leaves room.
 */
function leaveRoom(size: Size, H: number, W: number, ay: number, ax: number): [number, number] {
  const { h, w } = size;
  const roomY = ay >= h || ay + 2 * h <= H;
  const roomX = ax >= w || ax + 2 * w <= W;
  if (roomY || roomX || h === 0 || w === 0) return [ay, ax];
  if (2 * w <= W) return [ay, ax - (W - 2 * w) < w - ax ? W - 2 * w : w];
  if (2 * h <= H) return [ay - (H - 2 * h) < h - ay ? H - 2 * h : h, ax];
  return [ay, ax];
}

/** CutSwap (Qin et al., 2023): two patches of the same size swap their contents. */
export const cutSwap = defineStrategy({
  name: 'cutSwap',
  title: 'CutSwap',
  seedName: 'RandomCutSwap',
  summary: 'Swap two patches of the same size within the image.',
  params: {
    ...patchParams(
      'Patch area as a fraction of H * W: a number, or [min, max] sampled uniformly per image.',
    ),
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const dst = new Int32Array(B * 8);
    const offset = new Int32Array(B * 4);
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      const size = samplePatchSize(stream, p.patchArea, p.patchAspectRatio, H, W);
      const [ay, ax] = leaveRoom(size, H, W, ...placeBox(stream, size, H, W));
      const [by, bx] = placeApart(stream, size, H, W, ay, ax) ?? placeBox(stream, size, H, W);
      // Rect 0 (A) shows B's pixels and wins where they overlap; rect 1 (B) shows A's.
      writeBox(dst, b * 2, ay, ax, size);
      writeBox(dst, b * 2 + 1, by, bx, size);
      offset.set([by - ay, bx - ax, ay - by, ax - bx], b * 4);
    }
    return {
      kind: 'composite',
      strategy: 'cutSwap',
      info,
      active,
      rects: 2,
      dst,
      source: Int32Array.from({ length: B * 2 }, (_, i) => i >> 1),
      offset,
      sampler: { type: 'copy' },
    };
  },
});
