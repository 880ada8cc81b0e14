import type { Taps } from '../plan.js';

/**
 * Resize methods, all with half-pixel centres and no antialiasing (as TF2's
 * `tf.image.resize(antialias=False)`, which the seed used). Every method is a separable
 * linear map, built here once as sparse taps, so every backend supports every method
 * with the same generic kernel.
 */
export const RESIZE_METHODS = [
  'bilinear',
  'nearest',
  'bicubic',
  'area',
  'lanczos3',
  'lanczos5',
  'gaussian',
  'mitchellcubic',
] as const;
export type ResizeMethod = (typeof RESIZE_METHODS)[number];

type Entries = Map<number, number>[];

function toTaps(entries: Entries): Taps {
  const size = entries.length;
  let taps = 1;
  for (const e of entries) taps = Math.max(taps, e.size);
  const index = new Int32Array(size * taps);
  const weight = new Float32Array(size * taps);
  entries.forEach((e, o) => {
    let t = 0;
    let last = 0;
    for (const [i, w] of [...e].sort((a, b) => a[0] - b[0])) {
      index[o * taps + t] = i;
      weight[o * taps + t] = w;
      last = i;
      t++;
    }
    // Padding reads a valid index with weight 0, so gathers never go out of bounds.
    for (; t < taps; t++) index[o * taps + t] = last;
  });
  return { size, taps, index, weight };
}

function add(e: Map<number, number>, i: number, w: number): void {
  if (w !== 0) e.set(i, (e.get(i) ?? 0) + w);
}

const clampIndex = (i: number, n: number) => (i < 0 ? 0 : i >= n ? n - 1 : i);

function keysCubic(t: number, a = -0.5): [number, number, number, number] {
  const w0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
  const w1 = ((a + 2) * t - (a + 3)) * t * t + 1;
  const u = 1 - t;
  const w2 = ((a + 2) * u - (a + 3)) * u * u + 1;
  return [w0, w1, w2, 1 - w0 - w1 - w2];
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));

/** Kernels of TF's scale_and_translate (unscaled: no antialiasing), with their radii. */
const KERNELS: Partial<Record<ResizeMethod, { radius: number; f: (x: number) => number }>> = {
  lanczos3: { radius: 3, f: (x) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0) },
  lanczos5: { radius: 5, f: (x) => (Math.abs(x) < 5 ? sinc(x) * sinc(x / 5) : 0) },
  gaussian: { radius: 1.5, f: (x) => (Math.abs(x) < 1.5 ? Math.exp(-2 * x * x) : 0) },
  mitchellcubic: {
    radius: 2,
    f: (x) => {
      const t = Math.abs(x);
      if (t >= 2) return 0;
      if (t >= 1) return (((-7 / 18) * t + 2) * t - 10 / 3) * t + 16 / 9;
      return ((7 / 6) * t - 2) * t * t + 8 / 9;
    },
  },
};

/** Taps that resize a line of `input` samples to `output` samples with `method`. */
export function resizeTaps(input: number, output: number, method: ResizeMethod): Taps {
  const scale = input / output;
  const entries: Entries = Array.from({ length: output }, () => new Map());
  for (let o = 0; o < output; o++) {
    const e = entries[o]!;
    const centre = (o + 0.5) * scale; // in input coordinates, pixel i spans [i, i + 1)
    switch (method) {
      case 'nearest':
        // floor((o + 0.5) * input / output) in integers: in floats, a centre that is a
        // whole number can land just below it (30 -> 11, o = 5: 14.999999999999998).
        add(e, Math.min(input - 1, Math.floor(((2 * o + 1) * input) / (2 * output))), 1);
        break;
      case 'bilinear': {
        const s = centre - 0.5;
        const f = Math.floor(s);
        add(e, clampIndex(f, input), 1 - (s - f));
        add(e, clampIndex(f + 1, input), s - f);
        break;
      }
      case 'bicubic': {
        const s = centre - 0.5;
        const f = Math.floor(s);
        // As TF2's half-pixel resize_bicubic: taps outside the image are dropped and the
        // rest renormalised (clamping them would pile their weight onto the edge pixel).
        const inside = keysCubic(s - f)
          .map((w, k) => [f - 1 + k, w] as const)
          .filter(([i]) => i >= 0 && i < input);
        const total = inside.reduce((sum, [, w]) => sum + w, 0);
        for (const [i, w] of inside) add(e, i, w / total);
        break;
      }
      case 'area': {
        const start = o * scale;
        const end = start + scale;
        for (let i = Math.floor(start); i < end && i < input; i++) {
          add(e, i, (Math.min(end, i + 1) - Math.max(start, i)) / scale);
        }
        break;
      }
      default: {
        const kernel = KERNELS[method]!;
        // Tap i's distance i + 0.5 - centre as one exact integer over 2 * output: a tap
        // exactly at the kernel's radius (gaussian's 1.5) then gets weight 0, as the
        // kernel says, rather than a float rounding's choice of 0 or f(1.5 - 1e-16).
        const distance = (i: number) => ((2 * i + 1) * output - (2 * o + 1) * input) / (2 * output);
        let total = 0;
        const first = Math.max(0, Math.ceil(centre - kernel.radius - 0.5));
        const last = Math.min(input - 1, Math.floor(centre + kernel.radius - 0.5));
        for (let i = first; i <= last; i++) total += kernel.f(distance(i));
        for (let i = first; i <= last; i++) {
          add(e, i, total === 0 ? 0 : kernel.f(distance(i)) / total);
        }
      }
    }
  }
  return toTaps(entries);
}

/** The composition `outer(inner(x))` of two resamplings, as one set of taps. */
export function composeTaps(outer: Taps, inner: Taps): Taps {
  const entries: Entries = Array.from({ length: outer.size }, () => new Map());
  for (let o = 0; o < outer.size; o++) {
    for (let t = 0; t < outer.taps; t++) {
      const k = outer.index[o * outer.taps + t]!;
      const w = outer.weight[o * outer.taps + t]!;
      for (let u = 0; u < inner.taps; u++) {
        add(entries[o]!, inner.index[k * inner.taps + u]!, w * inner.weight[k * inner.taps + u]!);
      }
    }
  }
  return toTaps(entries);
}
