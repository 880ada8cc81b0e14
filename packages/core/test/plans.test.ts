import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEIGHT_SCALE } from '../src/backend/kit.js';
import {
  type BatchInfo,
  batchInfo,
  type CompositePlan,
  createAugmenter,
  type FillPlan,
  ParameterError,
  type Plan,
  regionMask,
  type Strategy,
  strategies,
} from '../src/index.js';

const aug = createAugmenter({ backend: 'reference', seed: 1 });
const info = (B: number, H: number, W: number, C = 3): BatchInfo =>
  batchInfo([B, H, W, C], 'float32');
const planOf = (s: Strategy<any>, i: BatchInfo, seed = 1, step = 0): Plan =>
  createAugmenter({ backend: 'reference', seed }).plan(s, i, step)[0]!;

const shapes = fc.record({
  B: fc.integer({ min: 0, max: 12 }),
  H: fc.integer({ min: 1, max: 40 }),
  W: fc.integer({ min: 1, max: 40 }),
  seed: fc.nat(10_000),
});

function boxes(plan: Plan): number[][] {
  const out: number[][] = [];
  const arr =
    plan.kind === 'composite'
      ? plan.dst
      : plan.kind === 'fill' && plan.region.type === 'boxes'
        ? plan.region.boxes
        : undefined;
  if (!arr) return out;
  for (let i = 0; i < arr.length; i += 4)
    out.push([arr[i]!, arr[i + 1]!, arr[i + 2]!, arr[i + 3]!]);
  return out;
}

const count = (a: Uint8Array) => a.reduce((s, x) => s + x, 0);

describe('plans', () => {
  it('every box lies inside its image, for every strategy, shape and seed', () => {
    fc.assert(
      fc.property(shapes, ({ B, H, W, seed }) => {
        for (const make of Object.values(strategies)) {
          const plan = planOf(make(), info(B, H, W), seed);
          for (const [y0, x0, y1, x1] of boxes(plan)) {
            expect(0 <= y0! && y0! <= y1! && y1! <= H && 0 <= x0! && x0! <= x1! && x1! <= W).toBe(
              true,
            );
          }
          if (plan.kind === 'composite' && plan.sampler.type === 'copy') {
            // The source of every pasted pixel is inside the source image too.
            for (let k = 0; k < plan.source.length; k++) {
              const [y0, x0, y1, x1] = [
                plan.dst[k * 4]!,
                plan.dst[k * 4 + 1]!,
                plan.dst[k * 4 + 2]!,
                plan.dst[k * 4 + 3]!,
              ];
              if (y1 === y0 || x1 === x0) continue;
              const oy = plan.offset[k * 2]!;
              const ox = plan.offset[k * 2 + 1]!;
              expect(y0 + oy >= 0 && y1 + oy <= H && x0 + ox >= 0 && x1 + ox <= W).toBe(true);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('augments exactly round(ratio * B) images, or about ratio * B with bernoulliMix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 64 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(1000),
        (B, r, seed) => {
          for (const make of Object.values(strategies)) {
            const plan = planOf(make({ augmentationRatio: r }), info(B, 6, 6), seed);
            expect(count(plan.active)).toBe(Math.round(r * B));
          }
        },
      ),
      { numRuns: 40 },
    );
    let total = 0;
    for (let step = 0; step < 200; step++)
      total += count(
        aug.plan(
          strategies.cutout({ augmentationRatio: 0.3, bernoulliMix: true }),
          info(10, 4, 4),
          step,
        )[0]!.active,
      );
    expect(total / 2000).toBeGreaterThan(0.25);
    expect(total / 2000).toBeLessThan(0.35);
  });

  it('is a pure function of seed, step and shape; steps and seeds differ', () => {
    const s = strategies.randomErasing();
    const i = info(8, 32, 32);
    expect(planOf(s, i, 5, 3)).toEqual(planOf(s, i, 5, 3));
    expect(boxes(planOf(s, i, 5, 3))).not.toEqual(boxes(planOf(s, i, 5, 4)));
    expect(boxes(planOf(s, i, 5, 3))).not.toEqual(boxes(planOf(s, i, 6, 3)));
  });

  it("draws image b's geometry independently of the batch size", () => {
    const s = strategies.randomErasing();
    const small = boxes(planOf(s, info(3, 32, 32), 2));
    const large = boxes(planOf(s, info(9, 32, 32), 2));
    expect(large.slice(0, 3)).toEqual(small);
  });

  it('cutout: a square of side round(sqrt(area * H * W)), clipped to the smaller side', () => {
    const plan = planOf(
      strategies.cutout({ patchArea: 0.1, numPatches: 2 }),
      info(4, 20, 30),
    ) as FillPlan;
    const side = Math.round(Math.sqrt(0.1 * 600));
    for (const [y0, x0, y1, x1] of boxes(plan))
      expect([y1! - y0!, x1! - x0!]).toEqual([side, side]);
    const clipped = planOf(strategies.cutout({ patchArea: 0.9 }), info(2, 4, 40)) as FillPlan;
    for (const [y0, x0, y1, x1] of boxes(clipped)) expect([y1! - y0!, x1! - x0!]).toEqual([4, 4]);
  });

  it('randomErasing: sizes follow the area and aspect ratio formulas', () => {
    const plan = planOf(
      strategies.randomErasing({ patchArea: 0.25, patchAspectRatio: 4 }),
      info(3, 40, 40),
    );
    // w = round(sqrt(0.25 * 1600 / 4)) = 10, h = round(10 * 4) = 40.
    for (const [y0, x0, y1, x1] of boxes(plan)) expect([y1! - y0!, x1! - x0!]).toEqual([40, 10]);
  });

  it('hideAndSeek: erases between min and min(max, rows * cols) cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(30),
        fc.nat(30),
        fc.nat(100),
        (rows, cols, a, b, seed) => {
          const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
          const plan = planOf(
            strategies.hideAndSeek({ gridSize: [rows, cols], erasedPatches: [lo, hi] }),
            info(4, 10, 10),
            seed,
          ) as FillPlan;
          if (plan.region.type !== 'cells') throw new Error('cells expected');
          for (let b = 0; b < 4; b++) {
            const n = count(plan.region.cells.subarray(b * rows * cols, (b + 1) * rows * cols));
            expect(n).toBeGreaterThanOrEqual(Math.min(lo, rows * cols));
            expect(n).toBeLessThanOrEqual(Math.min(hi, rows * cols));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses plans of more than 2^24 regions per call, naming the parameter, before any work', () => {
    const x = { data: new Float32Array(2 * 8 * 8 * 3), shape: [2, 8, 8, 3] };
    const a = createAugmenter({ backend: 'reference', seed: 1 });
    expect(() => a.runSync(strategies.cutout({ numPatches: 1e9 }), x)).toThrow(
      'cutout: "numPatches" must be at most 2^24 = 16777216 regions per call (per image x B); it gives 1000000000 x 2 = 2000000000 for this batch; received 1000000000',
    );
    // A ParameterError, as the other rules that depend on the batch: UIs can mark the field.
    expect(() => a.runSync(strategies.randomErasing({ numPatches: 2 ** 23 + 1 }), x)).toThrow(
      ParameterError,
    );
    expect(() => a.runSync(strategies.randomErasing({ numPatches: 2 ** 23 + 1 }), x)).toThrow(
      /randomErasing: "numPatches" must be .* it gives 8388609 x 2 = 16777218 for this batch/,
    );
    expect(() => a.runSync(strategies.hideAndSeek({ gridSize: [1e5, 1e5] }), x)).toThrow(
      /hideAndSeek: "gridSize" must be .* it gives 10000000000 x 2 = 20000000000 .*; received \[100000, 100000\]/,
    );
    // The limit itself is allowed, and refused calls took no step.
    const plan = a.plan(strategies.hideAndSeek({ gridSize: [4096, 2048] }), info(2, 8, 8), 0);
    expect((plan[0] as FillPlan).region).toMatchObject({ rows: 4096, cols: 2048 });
    const next = strategies.cutout({ fillMethod: 'random' });
    const fresh = createAugmenter({ backend: 'reference', seed: 1 });
    expect(a.runSync(next, x).data).toEqual(fresh.runSync(next, x).data);
  });

  it('gridMask: period, masked side and offsets follow the formulas', () => {
    const plan = planOf(
      strategies.gridMask({ unitLength: [0.2, 0.4], maskedRatio: 0.5 }),
      info(20, 50, 70),
    ) as FillPlan;
    if (plan.region.type !== 'grid') throw new Error('grid expected');
    const { period, masked, offset } = plan.region;
    for (let b = 0; b < 20; b++) {
      expect(period[b]).toBeGreaterThanOrEqual(10);
      expect(period[b]).toBeLessThanOrEqual(20);
      expect(masked[b]).toBe(Math.round(period[b]! * 0.5));
      expect(offset[2 * b]).toBeLessThan(period[b]!);
      expect(offset[2 * b + 1]).toBeLessThan(period[b]!);
    }
  });

  it('cutMix: partners are never the image itself, and lam comes from the pasted area', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), fc.nat(1000), (B, seed) => {
        const plan = planOf(strategies.cutMix(), info(B, 16, 12), seed) as CompositePlan;
        const mix = plan.labels!;
        for (let b = 0; b < B; b++) {
          expect(plan.source[b]).not.toBe(b);
          expect(mix.partner[b]).toBe(plan.source[b]);
          const [y0, x0, y1, x1] = boxes(plan)[b]!;
          expect(mix.weight[b]).toBeCloseTo(1 - ((y1! - y0!) * (x1! - x0!)) / (16 * 12), 6);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('cutMix, mixup and cutThumbnail from another image leave a batch of one image unchanged', () => {
    const cm = planOf(strategies.cutMix(), info(1, 8, 8)) as CompositePlan;
    expect(boxes(cm)).toEqual([[0, 0, 0, 0]]);
    expect(cm.labels!.weight[0]).toBe(1);
    const ct = planOf(strategies.cutThumbnail({ source: 'other' }), info(1, 10, 10));
    if (ct.kind !== 'composite') throw new Error('composite expected');
    expect(boxes(ct)).toEqual([[0, 0, 0, 0]]);
    expect(ct.labels!.weight[0]).toBe(1);
    // 'self' still pastes the image's own thumbnail into a lone image.
    const self = planOf(strategies.cutThumbnail(), info(1, 10, 10)) as CompositePlan;
    expect(boxes(self)[0]).not.toEqual([0, 0, 0, 0]);
    const mu = planOf(strategies.mixup(), info(1, 8, 8));
    expect(mu.kind === 'blend' && mu.weight[0]).toBe(1);
  });

  it('mixup: weights are multiples of 1/32768 in [0, 1], shared by images and labels', () => {
    const plan = planOf(strategies.mixup({ alpha: 0.3 }), info(50, 2, 2));
    if (plan.kind !== 'blend') throw new Error('blend expected');
    for (const w of plan.weight) {
      expect(w >= 0 && w <= 1).toBe(true);
      expect(Number.isInteger(w * WEIGHT_SCALE)).toBe(true);
    }
    expect(plan.labels!.weight).toBe(plan.weight);
  });

  it('cutThumbnail: thumbnail size keeps the aspect ratio; pixel (y, x) reads thumbnail (y - y0, x - x0)', () => {
    const plan = planOf(
      strategies.cutThumbnail({ thumbnailArea: 0.1 }),
      info(3, 40, 90),
    ) as CompositePlan;
    const th = Math.round(Math.sqrt((0.1 * 3600 * 40) / 90));
    const tw = Math.round(Math.sqrt((0.1 * 3600 * 90) / 40));
    for (let b = 0; b < 3; b++) {
      const [y0, x0, y1, x1] = boxes(plan)[b]!;
      expect([y1! - y0!, x1! - x0!]).toEqual([th, tw]);
      expect([plan.offset[2 * b], plan.offset[2 * b + 1]]).toEqual([-y0!, -x0!]);
      expect(plan.source[b]).toBe(b);
    }
    if (plan.sampler.type !== 'resample') throw new Error('resample expected');
    expect([plan.sampler.rows.size, plan.sampler.cols.size]).toEqual([th, tw]);
    expect(plan.labels).toBeUndefined();
    const other = planOf(
      strategies.cutThumbnail({ source: 'other' }),
      info(4, 40, 90),
    ) as CompositePlan;
    for (let b = 0; b < 4; b++) expect(other.source[b]).not.toBe(b);
    expect(other.labels!.weight[0]).toBeCloseTo(1 - (th * tw) / 3600, 6);
    expect(Array.from(other.labels!.smoothing)).toEqual([0, 0, 0, 0]);
    const smoothed = planOf(
      strategies.cutThumbnail({ source: 'other', labelSmoothing: 0.25 }),
      info(4, 40, 90),
    ) as CompositePlan;
    expect(Array.from(smoothed.labels!.smoothing)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(() => strategies.cutThumbnail({ labelSmoothing: 0.1 })).toThrow(
      `cutThumbnail: "labelSmoothing" must be 0 unless source is 'other' (only then are labels mixed); received 0.1`,
    );
    // numClasses describes the labels: accepted with 'self', which leaves them alone.
    const self = planOf(strategies.cutThumbnail({ numClasses: 10 }), info(4, 40, 90));
    expect(self.labels).toBeUndefined();
  });

  it('cutBlur: its taps are the composition of its two stages, through a (round(f H), round(f W)) image', () => {
    const plan = planOf(strategies.cutBlur({ blurFactor: 0.15 }), info(2, 40, 90)) as CompositePlan;
    if (plan.sampler.type !== 'resample' || !plan.sampler.via) throw new Error('stages expected');
    const { rows, cols, via } = plan.sampler;
    expect([via.height, via.width]).toEqual([6, 14]);
    expect([via.down.rows.size, via.down.cols.size, via.up.rows.size, via.up.cols.size]).toEqual([
      6, 14, 40, 90,
    ]);
    // Dense matrices: composed[o][i] = sum_k up[o][k] * down[k][i].
    const dense = (t: typeof rows, inputs: number) => {
      const m = Array.from({ length: t.size }, () => new Array<number>(inputs).fill(0));
      for (let o = 0; o < t.size; o++) {
        for (let k = 0; k < t.taps; k++)
          m[o]![t.index[o * t.taps + k]!]! += t.weight[o * t.taps + k]!;
      }
      return m;
    };
    for (const [composed, up, down, size, small] of [
      [rows, via.up.rows, via.down.rows, 40, 6],
      [cols, via.up.cols, via.down.cols, 90, 14],
    ] as const) {
      const u = dense(up, small);
      const d = dense(down, size);
      const c = dense(composed, size);
      for (let o = 0; o < size; o++) {
        for (let i = 0; i < size; i++) {
          const product = u[o]!.reduce((sum, w, k) => sum + w * d[k]![i]!, 0);
          expect(c[o]![i]).toBeCloseTo(product, 6);
        }
      }
    }
  });

  it('cutSwap: the two patches never overlap when there is room', () => {
    fc.assert(
      fc.property(shapes, ({ B, H, W, seed }) => {
        const plan = planOf(strategies.cutSwap(), info(B, H, W), seed) as CompositePlan;
        for (let b = 0; b < B; b++) {
          const [a, c] = [boxes(plan)[2 * b]!, boxes(plan)[2 * b + 1]!];
          const h = a[2]! - a[0]!;
          const w = a[3]! - a[1]!;
          expect([c[2]! - c[0]!, c[3]! - c[1]!]).toEqual([h, w]);
          const overlap = a[0]! < c[2]! && c[0]! < a[2]! && a[1]! < c[3]! && c[1]! < a[3]!;
          if (h > 0 && w > 0 && (2 * h <= H || 2 * w <= W)) expect(overlap).toBe(false);
          expect([plan.offset[4 * b], plan.offset[4 * b + 1]]).toEqual([
            c[0]! - a[0]!,
            c[1]! - a[1]!,
          ]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fill colours follow the pixel range and the dtype', () => {
    const u8 = batchInfo([2, 4, 4, 3], 'uint8');
    const colour = (fillMethod: never, i: BatchInfo, pixelsRange?: [number, number]) => {
      const p = planOf(
        strategies.cutout({ fillMethod, ...(pixelsRange ? { pixelsRange } : {}) }),
        i,
      ) as FillPlan;
      return p.fill.type === 'constant' ? Array.from(p.fill.values) : p.fill.type;
    };
    expect(colour('gray' as never, u8)).toEqual([128, 128, 128]);
    expect(colour('white' as never, u8)).toEqual([255, 255, 255]);
    expect(colour('black' as never, info(1, 4, 4), [-1, 1])).toEqual([-1, -1, -1]);
    expect(colour('gray' as never, info(1, 4, 4))).toEqual(
      [128 / 255, 128 / 255, 128 / 255].map(Math.fround),
    );
    expect(colour([1, 2, 3] as never, u8)).toEqual([1, 2, 3]);
    expect(colour('mean_per_channel' as never, u8)).toBe('mean');
    expect(() => colour([0.5, 1] as never, u8)).toThrow(
      'cutout: "fillMethod" must be one number per channel (3 for this batch); received [0.5, 1]',
    );
    expect(() => colour(0.5 as never, u8)).toThrow(
      /integers in \[0, 255\] for a uint8 batch; received 0.5/,
    );
    expect(colour('white' as never, u8, [16, 235])).toEqual([235, 235, 235]);
    expect(() => colour('white' as never, u8, [0, 1])).not.toThrow();
    for (const range of [
      [0.2, 0.8],
      [-1, 255],
      [0, 256],
    ] as [number, number][]) {
      expect(() => colour('noise' as never, u8, range)).toThrow(
        `cutout: "pixelsRange" must be integers in [0, 255] for a uint8 batch; received [${range.join(', ')}]`,
      );
    }
    const random = planOf(
      strategies.hideAndSeek({ fillMethod: 'random', erasedPatches: [3, 3] }),
      u8,
    ) as FillPlan;
    if (random.fill.type !== 'perRegion') throw new Error('perRegion expected');
    expect(random.fill.regions).toBe(64);
    expect(random.fill.values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
  });
});

describe('keys', () => {
  it('two strategies with the same seed and step pick different images', () => {
    const i = info(16, 8, 8);
    const picks = [strategies.cutout, strategies.randomErasing, strategies.gridMask].map((make) =>
      Array.from(planOf(make({ augmentationRatio: 0.5 }), i, 3, 0).active).join(''),
    );
    expect(new Set(picks).size).toBe(3);
  });
});

describe('regionMask', () => {
  it("covers a cutout's box and nothing else, and refuses an image index outside the batch", () => {
    const plan = planOf(strategies.cutout({ patchArea: 0.25 }), info(2, 8, 8)) as FillPlan;
    const [y0, x0, y1, x1] = boxes(plan)[1]!;
    const mask = regionMask(plan, 1);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        expect(mask[y * 8 + x]).toBe(y >= y0! && y < y1! && x >= x0! && x < x1! ? 1 : 0);
      }
    }
    for (const b of [2, -1, 0.5]) {
      expect(() => regionMask(plan, b)).toThrow(
        `regionMask: image index must be an integer in [0, 2); received ${b}`,
      );
    }
  });
});
