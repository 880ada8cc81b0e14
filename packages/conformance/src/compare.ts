import type { BatchInfo } from '@aug/core';

export interface Tolerance {
  /** Max |difference| for float32 output. */
  readonly float: number;
  /** Max |difference| for uint8 output. */
  readonly uint8: number;
}

/** Exact geometry, exact uint8; float32 within 1e-5. */
export const EXACT: Tolerance = { float: 1e-5, uint8: 0 };
/** Resampled pixels (CutBlur, Cut-Thumbnail): uint8 rounding of a float sum may differ by one. */
export const RESAMPLED: Tolerance = { float: 1e-5, uint8: 1 };
/** No difference at all, bit for bit (NaN matches NaN, -0 only -0): for inputs that must come back untouched. */
export const UNCHANGED: Tolerance = { float: 0, uint8: 0 };

function same(a: number, e: number, tol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol;
}

/** (b, y, x, c) of a flat index, for messages. */
export function where(info: BatchInfo, i: number): string {
  const { height: H, width: W, channels: C } = info;
  const nchw = info.layout === 'NCHW' && info.rank === 4;
  const b = Math.floor(i / (H * W * C));
  const r = i % (H * W * C);
  const [c, y, x] = nchw
    ? [Math.floor(r / (H * W)), Math.floor((r % (H * W)) / W), r % W]
    : [r % C, Math.floor(r / (W * C)), Math.floor((r % (W * C)) / C)];
  return `image ${b}, y ${y}, x ${x}, channel ${c}`;
}

/**
 * The first element where `actual` and `expected` disagree beyond the tolerance, as a
 * message; undefined when they agree. Elements where `expected` is NaN and `skip` says
 * so (noise) are left to the distribution check.
 */
export function firstMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  info: BatchInfo,
  tolerance: Tolerance,
  skip?: (i: number) => boolean,
): string | undefined {
  if (actual.length !== expected.length)
    return `length ${actual.length}, expected ${expected.length}`;
  const tol = info.dtype === 'uint8' ? tolerance.uint8 : tolerance.float;
  const bitwise = tolerance === UNCHANGED;
  for (let i = 0; i < actual.length; i++) {
    if (skip?.(i)) continue;
    if (bitwise ? !Object.is(actual[i], expected[i]) : !same(actual[i]!, expected[i]!, tol)) {
      return `at ${where(info, i)}: got ${actual[i]}, expected ${expected[i]}`;
    }
  }
  return undefined;
}

/**
 * The values as numbers to compare exactly: float32 values as their bit patterns (so
 * −0, NaN and infinities are compared too), other arrays as they are.
 */
export function bitsOf(values: ArrayLike<number>): number[] {
  return Array.from(
    values instanceof Float32Array
      ? new Uint32Array(values.buffer, values.byteOffset, values.length)
      : values,
  );
}
