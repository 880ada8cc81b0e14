/** Round half to even (banker's rounding), as uint8 outputs use. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
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
