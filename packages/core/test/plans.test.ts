import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEIGHT_SCALE } from '../src/backend/kit.js';
import {
  type BatchInfo,
  batchInfo,
  type CompositePlan,
  compose,
  createAugmenter,
  type FillPlan,
  oneOf,
  ParameterError,
  type Plan,
  randomApply,
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
      // offset + y0 = 0 (comparing with -y0 would fail on y0 = 0: Int32Array has no -0).
      expect([plan.offset[2 * b]! + y0!, plan.offset[2 * b + 1]! + x0!]).toEqual([0, 0]);
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

/**
 * What a plan draws for image b alone: its boxes, cells, grid, colours and weights, but
 * not its partner (a derangement of the whole batch).
 */
function drawsOf(plan: Plan, b: number): unknown {
  const slice = (a: ArrayLike<number> | undefined, n: number) =>
    a ? Array.from(a).slice(b * n, (b + 1) * n) : undefined;
  if (plan.kind === 'blend') return { weight: plan.weight[b] };
  if (plan.kind === 'composite') {
    return {
      dst: slice(plan.dst, plan.rects * 4),
      offset: slice(plan.offset, plan.rects * 2),
      weight: plan.labels?.weight[b],
    };
  }
  const C = plan.info.channels;
  const r = plan.region;
  const fill =
    plan.fill.type === 'perRegion'
      ? slice(plan.fill.values, plan.fill.regions * C)
      : plan.fill.type === 'noise'
        ? plan.fill.seeds[b]
        : undefined;
  if (r.type === 'boxes') return { boxes: slice(r.boxes, r.count * 4), fill };
  if (r.type === 'cells') return { cells: slice(r.cells, r.rows * r.cols), fill };
  return {
    grid: [r.period[b], r.masked[b], ...slice(r.offset, 2)!, ...(slice(r.cosSin, 2) ?? [])],
    fill,
  };
}

/** Every strategy, with options that make all of its per-image draws visible. */
const drawing: [string, Strategy<any>][] = [
  ['cutout', strategies.cutout({ fillMethod: 'random', numPatches: 2 })],
  ['randomErasing', strategies.randomErasing({ fillMethod: 'noise' })],
  ['hideAndSeek', strategies.hideAndSeek({ fillMethod: 'random' })],
  ['gridMask', strategies.gridMask({ rotate: [-30, 30] })],
  ['cutMix', strategies.cutMix()],
  ['mixup', strategies.mixup()],
  ['cutBlur', strategies.cutBlur()],
  ['cutThumbnail', strategies.cutThumbnail()],
  ['cutThumbnail other', strategies.cutThumbnail({ source: 'other' })],
  ['cutPaste', strategies.cutPaste()],
  ['cutSwap', strategies.cutSwap()],
];
/** The same strategy with another augmentationRatio. */
const withRatio = (s: Strategy<any>, augmentationRatio: number) =>
  (strategies[s.name as keyof typeof strategies] as (o: object) => Strategy<any>)({
    ...s.params,
    augmentationRatio,
  });

describe('per-image draws', () => {
  it("image b's draws depend neither on the batch size nor on which other images are augmented", () => {
    for (const [name, s] of drawing) {
      for (const seed of [1, 2, 3]) {
        const small = planOf(s, info(4, 48, 40), seed);
        const large = planOf(s, info(11, 48, 40), seed);
        for (let b = 0; b < 4; b++) expect(drawsOf(large, b), name).toEqual(drawsOf(small, b));
        // Half the batch: the images still augmented draw what they drew with all of it.
        const half = planOf(withRatio(s, 0.5), info(11, 48, 40), seed);
        expect(count(half.active)).toBe(6);
        for (let b = 0; b < 11; b++) {
          if (half.active[b])
            expect(drawsOf(half, b), `${name} image ${b}`).toEqual(drawsOf(large, b));
        }
      }
    }
  });

  it('images of one batch draw different geometry and weights', () => {
    for (const [name, s] of drawing) {
      const plan = planOf(s, info(16, 64, 64), 4);
      const distinct = new Set(
        Array.from({ length: 16 }, (_, b) => JSON.stringify(drawsOf(plan, b))),
      );
      expect(distinct.size, name).toBeGreaterThan(8);
    }
  });

  it('mixing strategies pair every image with another one (a derangement), for every B >= 2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(1000), (B, seed) => {
        for (const s of [
          strategies.cutMix(),
          strategies.mixup(),
          strategies.cutThumbnail({ source: 'other' }),
        ]) {
          const plan = planOf(s, info(B, 6, 6), seed);
          const partner = plan.kind === 'blend' ? plan.partner : (plan as CompositePlan).source;
          expect(
            [...partner].sort((a, b) => a - b),
            s.name,
          ).toEqual([...Array(B).keys()]);
          for (let b = 0; b < B; b++) expect(partner[b], s.name).not.toBe(b);
          expect(plan.labels!.partner).toEqual(partner);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('patch geometry', () => {
  it('every patch strategy sizes its patch by w = round(sqrt(area H W / ratio)), h = round(w_unrounded * ratio)', () => {
    // w = sqrt(0.1 * 10000 / 2) = 22.36: h = round(44.72) = 45 (round(22) * 2 would be 44).
    for (const make of [
      strategies.randomErasing,
      strategies.cutMix,
      strategies.cutBlur,
      strategies.cutPaste,
      strategies.cutSwap,
    ]) {
      // A pair [a, a] is the area a, for CutMix's Beta-drawn area too.
      for (const patchArea of [0.1, [0.1, 0.1] as const]) {
        const plan = planOf(
          (make as (o: object) => Strategy<any>)({ patchArea, patchAspectRatio: 2 }),
          info(6, 100, 100),
        );
        for (const [y0, x0, y1, x1] of boxes(plan)) {
          expect([y1! - y0!, x1! - x0!], make.definition.name).toEqual([45, 22]);
        }
      }
    }
  });

  it('draws log(aspect ratio) uniformly: as many tall patches as wide ones', () => {
    for (const make of [strategies.randomErasing, strategies.cutMix, strategies.cutSwap]) {
      const plan = planOf(
        (make as (o: object) => Strategy<any>)({ patchArea: 0.05, patchAspectRatio: [0.25, 4] }),
        info(400, 200, 200),
        7,
      );
      const rects = make === strategies.cutSwap ? 2 : 1;
      let tall = 0;
      let wide = 0;
      boxes(plan).forEach(([y0, x0, y1, x1], i) => {
        if (i % rects) return;
        if (y1! - y0! > x1! - x0!) tall++;
        if (y1! - y0! < x1! - x0!) wide++;
      });
      // Log-uniform: 1/2 each (a ratio uniform in [0.25, 4] would give 80% tall).
      expect(tall / 400, make.definition.name).toBeGreaterThan(0.4);
      expect(wide / 400, make.definition.name).toBeGreaterThan(0.4);
    }
  });

  it('places boxes at round(u * (H - h)): both ends are reachable, each half as often as an inner place', () => {
    // An 8 x 8 square in a 10 x 10 image has 3 places per axis: 0, 1 and 2 drawn with
    // probabilities 1/4, 1/2 and 1/4.
    const plan = planOf(
      strategies.cutout({ patchArea: 0.64, numPatches: 4 }),
      info(200, 10, 10),
      3,
    );
    const tally = [0, 0, 0];
    for (const [y0, x0] of boxes(plan)) {
      tally[y0!]!++;
      tally[x0!]!++;
    }
    const n = 200 * 4 * 2;
    for (const [place, p] of [0.25, 0.5, 0.25].entries()) {
      expect(tally[place]! / n).toBeGreaterThan(p - 0.05);
      expect(tally[place]! / n).toBeLessThan(p + 0.05);
    }
  });

  it('cutMix: the area is min + lam (max - min) with lam ~ Beta(alpha, alpha)', () => {
    // Fixed ratio 1: the box is a square of side about sqrt(area * H * W).
    const areas = (alpha: number) =>
      boxes(
        planOf(
          strategies.cutMix({ alpha, patchArea: [0.1, 0.5], patchAspectRatio: 1 }),
          info(600, 100, 100),
          5,
        ),
      ).map(([y0, x0, y1, x1]) => ((y1! - y0!) * (x1! - x0!)) / 10_000);
    const share = (a: number[], f: (x: number) => boolean) => a.filter(f).length / a.length;
    for (const alpha of [0.2, 1, 4]) {
      const a = areas(alpha);
      // Inside [min, max] (up to the rounding of the side), symmetric about the middle.
      for (const x of a) expect(x > 0.09 && x < 0.52).toBe(true);
      expect(share(a, (x) => x < 0.3)).toBeGreaterThan(0.4);
      expect(share(a, (x) => x > 0.3)).toBeGreaterThan(0.4);
    }
    // Beta(0.2, 0.2) piles up at the ends, Beta(4, 4) in the middle; Beta(1, 1) is uniform.
    const middle = (x: number) => x > 0.2 && x < 0.4;
    expect(share(areas(0.2), middle)).toBeLessThan(0.35);
    expect(share(areas(1), middle)).toBeGreaterThan(0.42);
    expect(share(areas(1), middle)).toBeLessThan(0.58);
    expect(share(areas(4), middle)).toBeGreaterThan(0.75);
  });

  it('cutMix: lam is 1 - h w / (H W) of the box as placed, also when the patch is clipped', () => {
    // Area 0.6 with ratio 4 on a 10 x 40 image: w = round(sqrt(240 / 4)) = 8, h = round(31) clipped to 10.
    const plan = planOf(
      strategies.cutMix({ patchArea: 0.6, patchAspectRatio: 4 }),
      info(3, 10, 40),
    ) as CompositePlan;
    for (let b = 0; b < 3; b++) {
      expect(
        boxes(plan)
          [b]!.slice(2)
          .map((v, i) => v - boxes(plan)[b]![i]!),
      ).toEqual([10, 8]);
      expect(plan.labels!.weight[b]).toBe(Math.fround(1 - 80 / 400));
    }
  });

  it('cutSwap: B is uniform among all places that do not overlap A, adjacent ones included', () => {
    // A 1 x 2 patch in a 1 x 6 image (and its transpose): A has 5 places, B the 2 or 3 of
    // those that do not overlap A; every such pair must come up.
    for (const [H, W, ratio] of [
      [1, 6, 0.5],
      [6, 1, 2],
    ] as const) {
      const plan = planOf(
        strategies.cutSwap({ patchArea: 1 / 3, patchAspectRatio: ratio }),
        info(600, H, W),
        2,
      );
      const seen = new Set<string>();
      for (let b = 0; b < 600; b++) {
        const [a, c] = [boxes(plan)[2 * b]!, boxes(plan)[2 * b + 1]!];
        const [pa, pc] = H === 1 ? [a[1]!, c[1]!] : [a[0]!, c[0]!];
        expect(Math.abs(pa - pc)).toBeGreaterThanOrEqual(2);
        seen.add(`${pa},${pc}`);
      }
      const valid: string[] = [];
      for (let pa = 0; pa <= 4; pa++)
        for (let pc = 0; pc <= 4; pc++) if (Math.abs(pa - pc) >= 2) valid.push(`${pa},${pc}`);
      expect([...seen].sort(), `${H} x ${W}`).toEqual(valid.sort());
    }
  });

  it('cutBlur: images so small that f H rounds to 0 blur through a 1-pixel image', () => {
    const plan = planOf(strategies.cutBlur({ blurFactor: 0.1 }), info(2, 4, 3)) as CompositePlan;
    if (plan.sampler.type !== 'resample' || !plan.sampler.via) throw new Error('stages expected');
    expect([plan.sampler.via.height, plan.sampler.via.width]).toEqual([1, 1]);
    expect([plan.sampler.rows.size, plan.sampler.cols.size]).toEqual([4, 3]);
    const input = {
      data: Float32Array.from({ length: 2 * 4 * 3 }, (_, i) => i),
      shape: [2, 4, 3, 1],
    };
    const out = aug.runSync(strategies.cutBlur({ blurFactor: 0.1 }), input);
    expect(Array.from(out.data).every(Number.isFinite)).toBe(true);
  });
});

describe('counts and grids', () => {
  it('hideAndSeek: the number of erased cells is uniform over min..max, both ends included', () => {
    const plan = planOf(
      strategies.hideAndSeek({ gridSize: [4, 4], erasedPatches: [0, 2] }),
      info(600, 8, 8),
      6,
    ) as FillPlan;
    if (plan.region.type !== 'cells') throw new Error('cells expected');
    const tally = [0, 0, 0];
    for (let b = 0; b < 600; b++) tally[count(plan.region.cells.subarray(b * 16, b * 16 + 16))]!++;
    for (const n of tally) {
      expect(n / 600).toBeGreaterThan(0.22);
      expect(n / 600).toBeLessThan(0.45);
    }
  });

  it('gridMask: d = max(1, round(f min(H, W))) with f drawn in unitLength; rotation in degrees', () => {
    // 0.31 * 64 = 19.84: d = 20, l = round(20 * 0.5) = 10.
    const plan = planOf(
      strategies.gridMask({ unitLength: [0.31, 0.31] }),
      info(5, 64, 80),
    ) as FillPlan;
    if (plan.region.type !== 'grid') throw new Error('grid expected');
    expect(Array.from(plan.region.period)).toEqual([20, 20, 20, 20, 20]);
    expect(Array.from(plan.region.masked)).toEqual([10, 10, 10, 10, 10]);
    for (const [angle, cos, sin] of [
      [90, 0, 4096],
      [30, 3547, 2048],
      [-60, 2048, -3547],
    ] as const) {
      const rotated = planOf(
        strategies.gridMask({ rotate: [angle, angle] }),
        info(3, 16, 16),
      ) as FillPlan;
      if (rotated.region.type !== 'grid') throw new Error('grid expected');
      expect(Array.from(rotated.region.cosSin!), `${angle} degrees`).toEqual([
        cos,
        sin,
        cos,
        sin,
        cos,
        sin,
      ]);
    }
  });
});

describe('fills', () => {
  it('named colours are scaled to the pixel range, its minimum included', () => {
    const colour = (
      fillMethod: 'gray' | 'white' | 'black',
      i: BatchInfo,
      pixelsRange: [number, number],
    ) => {
      const p = planOf(strategies.cutout({ fillMethod, pixelsRange }), i) as FillPlan;
      return p.fill.type === 'constant' ? Array.from(p.fill.values) : p.fill.type;
    };
    expect(colour('gray', info(1, 4, 4, 1), [-1, 1])).toEqual([Math.fround(-1 + 256 / 255)]);
    expect(colour('white', info(1, 4, 4, 1), [-1, 3])).toEqual([3]);
    // uint8 [16, 235]: 16 + 128/255 * 219 = 125.93 -> 126.
    expect(colour('gray', batchInfo([1, 4, 4, 2], 'uint8'), [16, 235])).toEqual([126, 126]);
    expect(colour('black', batchInfo([1, 4, 4, 2], 'uint8'), [16, 235])).toEqual([16, 16]);
  });

  it('random colours are uniform over the whole range, both ends included on uint8', () => {
    for (const [range, values] of [
      [
        [0, 1],
        [0, 1],
      ],
      [
        [250, 255],
        [250, 251, 252, 253, 254, 255],
      ],
    ] as const) {
      const plan = planOf(
        strategies.hideAndSeek({ fillMethod: 'random', pixelsRange: [...range] }),
        batchInfo([4, 8, 8, 3], 'uint8'),
      ) as FillPlan;
      if (plan.fill.type !== 'perRegion') throw new Error('perRegion expected');
      const all = Array.from(plan.fill.values);
      for (const v of values)
        expect(all.filter((x) => x === v).length, `${v}`).toBeGreaterThan(
          all.length / values.length / 2,
        );
      expect(all.every((x) => x >= range[0] && x <= range[1])).toBe(true);
    }
  });
});

describe('pipeline routing', () => {
  const i = info(40, 8, 8);
  const gateOf = (p: Plan[]) => p[0]!.active;

  it('inside a gate, a strategy augments only gated images: exactly round(ratio n) of them, or each with its probability', () => {
    for (const seed of [1, 2, 3]) {
      const a = createAugmenter({ backend: 'reference', seed });
      // The gate of randomApply depends on its own key only: with ratio 1, active = gate.
      const gate = gateOf(a.plan(randomApply(strategies.cutout(), 0.5), i, 0));
      const n = count(gate);
      expect(n).toBeGreaterThan(0);
      for (const selection of [
        { augmentationRatio: 0.5 },
        { augmentationRatio: 0.25 },
        { augmentationRatio: 0.5, bernoulliMix: true },
      ]) {
        const active = gateOf(a.plan(randomApply(strategies.cutout(selection), 0.5), i, 0));
        for (let b = 0; b < 40; b++) if (active[b]) expect(gate[b], `image ${b}`).toBe(1);
        if (!selection.bernoulliMix)
          expect(count(active)).toBe(Math.round(selection.augmentationRatio * n));
      }
      // The same in a oneOf branch, and in a oneOf inside a randomApply.
      const routed = a.plan(oneOf([strategies.cutout(), strategies.randomErasing()]), i, 0);
      const halves = a.plan(
        oneOf([
          strategies.cutout({ augmentationRatio: 0.5 }),
          strategies.randomErasing({ augmentationRatio: 0.5 }),
        ]),
        i,
        0,
      );
      for (const k of [0, 1]) {
        const m = count(routed[k]!.active);
        expect(count(halves[k]!.active)).toBe(Math.round(0.5 * m));
        for (let b = 0; b < 40; b++) if (halves[k]!.active[b]) expect(routed[k]!.active[b]).toBe(1);
      }
      const nested = a.plan(
        randomApply(oneOf([strategies.cutout(), strategies.randomErasing()]), 0.5),
        i,
        0,
      );
      for (let b = 0; b < 40; b++) {
        expect(nested[0]!.active[b]! + nested[1]!.active[b]!, `image ${b}`).toBe(gate[b]);
      }
      const inner = a.plan(
        oneOf([randomApply(strategies.cutout(), 0.5), strategies.randomErasing()]),
        i,
        0,
      );
      const branch = a.plan(oneOf([strategies.cutout(), strategies.randomErasing()]), i, 0)[0]!
        .active;
      for (let b = 0; b < 40; b++) if (inner[0]!.active[b]) expect(branch[b]).toBe(1);
    }
  });

  it('children of a compose draw from their own keys: the same strategy twice picks different places', () => {
    const [first, second] = aug.plan(
      compose([strategies.cutout(), strategies.cutout()]),
      info(8, 32, 32),
      0,
    );
    expect(boxes(second!)).not.toEqual(boxes(first!));
  });

  it('a oneOf of smoothing strategies smooths each row in exactly one branch, augmented or not', () => {
    for (const augmentationRatio of [1, 0.5, 0]) {
      const branch = { labelSmoothing: 0.2, augmentationRatio };
      const plans = aug.plan(
        oneOf([strategies.cutMix(branch), strategies.mixup(branch)]),
        info(12, 8, 8),
        0,
      );
      for (let b = 0; b < 12; b++) {
        const smoothing = plans.map((p) => p.labels!.smoothing[b]);
        expect(smoothing.sort(), `image ${b}`).toEqual([0, Math.fround(0.2)]);
      }
    }
    // Alone, a strategy smooths every row, the rows of images it did not augment included.
    const plan = planOf(
      strategies.cutMix({ labelSmoothing: 0.1, augmentationRatio: 0.5 }),
      info(8, 8, 8),
    );
    expect(Array.from(plan.labels!.smoothing)).toEqual(Array(8).fill(Math.fround(0.1)));
  });
});
