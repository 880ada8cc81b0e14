import type { Strides } from '../batch.js';

/** The pixel data types the reference backend writes. */
export type Pixels = Float32Array | Uint8Array | Uint8ClampedArray;

/**
 * A new zeroed array of `like`'s kind, one of the three standard classes: a subclass such
 * as Node's Buffer gives a plain Uint8Array (as the types say, and as every backend's
 * download does), and its constructor is never called.
 */
export function newPixels(like: Pixels, length: number): Pixels {
  if (like instanceof Float32Array) return new Float32Array(length);
  if (like instanceof Uint8ClampedArray) return new Uint8ClampedArray(length);
  return new Uint8Array(length);
}

/**
 * Writes one colour, `colour[offset .. offset + C)`, over `n` consecutive pixels of a row
 * starting at element `start`.
 * Planar rows (NCHW, or a single channel) are C runs of n values; interleaved rows
 * (NHWC) are one run of n * C values.
 */
export function paintSpan(
  out: Pixels,
  start: number,
  n: number,
  s: Strides,
  colour: ArrayLike<number>,
  offset: number,
  C: number,
): void {
  if (s.pixel === 1) {
    for (let c = 0; c < C; c++) {
      const at = start + c * s.channel;
      out.fill(colour[offset + c]!, at, at + n);
    }
  } else {
    for (let k = 0, i = start; k < n; k++, i += C) {
      for (let c = 0; c < C; c++) out[i + c] = colour[offset + c]!;
    }
  }
}

/**
 * A 32-bit integer hash (lowbias32): every bit of the input moves every bit of the output.
 * The WebGPU kernels' noise hashes with the same function (written in WGSL there).
 */
export function mix32(v: number): number {
  let h = v >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A small fast generator for noise fill (mulberry32, its output hashed with a salt of the
 * seed): per image, never per pixel allocation. mulberry32 alone would give seeds one
 * step of its Weyl sequence apart (0x6d2b79f5) the same values shifted by one.
 */
export class NoiseSource {
  private state: number;
  private readonly salt: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
    this.salt = mix32(seed ^ 0x9e3779b9);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return mix32(t ^ (t >>> 14) ^ this.salt) / 4294967296;
  }
}

/** Writes noise, uniform in [low, high] (integers when `integer`), over n pixels of a row. */
export function noiseSpan(
  out: Pixels,
  start: number,
  n: number,
  s: Strides,
  C: number,
  noise: NoiseSource,
  low: number,
  high: number,
  integer: boolean,
): void {
  const span = integer ? high - low + 1 : high - low;
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < C; c++) {
      const u = noise.next() * span;
      out[start + k * s.pixel + c * s.channel] = low + (integer ? Math.floor(u) : u);
    }
  }
}
