/** Round half to even (banker's rounding), as uint8 outputs use. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * num / den rounded half to even, for integers num >= 0 and den > 0 (below 2^45, where
 * the float quotient's floor is exact): uint8 blends and channel means.
 */
export function divRoundHalfEven(num: number, den: number): number {
  let q = Math.floor(num / den);
  const r = num - q * den;
  if (2 * r > den || (2 * r === den && q % 2 === 1)) q++;
  return q;
}

/** Clamp to [0, 255] after rounding half to even: how every float becomes a uint8. */
export function toUint8(v: number): number {
  const r = roundHalfEven(v);
  return clamp(r, 0, 255);
}

/** Clamp that returns `v` itself when in range: -0 stays -0 (Math.max(-0, 0) is +0). */
export function clamp(v: number, low: number, high: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Math.min/max would turn -0 into +0
  return v < low ? low : v > high ? high : v;
}

/** Mathematical modulo: the result has the sign of m. */
export function floorMod(a: number, m: number): number {
  const r = a % m;
  return r < 0 ? r + m : r;
}
