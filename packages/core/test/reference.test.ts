import { describe, expect, it } from 'vitest';
import { applyPlan, composeTaps, resizeTaps, toUint8 } from '../src/backend/kit.js';
import {
  type BlendPlan,
  batchInfo,
  type CompositePlan,
  createAugmenter,
  type FillPlan,
  type ImageBatch,
  RESIZE_METHODS,
  resizeImages,
  strategies,
  type Taps,
} from '../src/index.js';

const apply1D = (t: Taps, v: number[]) =>
  Array.from({ length: t.size }, (_, o) => {
    let s = 0;
    for (let k = 0; k < t.taps; k++) s += t.weight[o * t.taps + k]! * v[t.index[o * t.taps + k]!]!;
    return s;
  });

describe('resampling taps', () => {
  it('every method: weights of each output sum to 1, indices in range', () => {
    for (const m of RESIZE_METHODS)
      for (const [i, o] of [
        [10, 3],
        [3, 10],
        [7, 7],
        [1, 5],
        [5, 1],
        [224, 22],
      ] as const) {
        const t = resizeTaps(i, o, m);
        for (let k = 0; k < o; k++) {
          let sum = 0;
          for (let j = 0; j < t.taps; j++) {
            sum += t.weight[k * t.taps + j]!;
            expect(t.index[k * t.taps + j]).toBeGreaterThanOrEqual(0);
            expect(t.index[k * t.taps + j]).toBeLessThan(i);
          }
          expect(sum, `${m} ${i}->${o}`).toBeCloseTo(1, 5);
        }
      }
  });

  it('same size is the identity for every interpolating method', () => {
    const v = [3, 1, 4, 1, 5, 9, 2];
    // gaussian and mitchellcubic (B = C = 1/3) smooth: k(1) != 0, so they blur even at scale 1.
    const interpolating = RESIZE_METHODS.filter((m) => m !== 'gaussian' && m !== 'mitchellcubic');
    for (const m of interpolating)
      for (const [k, x] of apply1D(resizeTaps(7, 7, m), v).entries())
        expect(x, m).toBeCloseTo(v[k]!, 5);
  });

  it('bilinear uses half-pixel centres and clamps at the edges', () => {
    // Output centres map to -0.25, 0.25, 0.75, 1.25 in input pixel coordinates.
    expect(apply1D(resizeTaps(2, 4, 'bilinear'), [0, 1])).toEqual([0, 0.25, 0.75, 1]);
    expect(apply1D(resizeTaps(4, 2, 'bilinear'), [0, 1, 2, 3])).toEqual([0.5, 2.5]);
  });

  it('nearest takes floor((o + 0.5) * in / out); area averages the covered span', () => {
    expect(apply1D(resizeTaps(6, 4, 'nearest'), [0, 1, 2, 3, 4, 5])).toEqual([0, 2, 3, 5]);
    expect(apply1D(resizeTaps(6, 3, 'area'), [0, 2, 4, 6, 8, 10])).toEqual([1, 5, 9]);
    const third = apply1D(resizeTaps(3, 2, 'area'), [0, 3, 6]);
    expect(third[0]).toBeCloseTo((0 + 3 * 0.5) / 1.5, 6);
  });

  it('nearest is exact where (o + 0.5) * in / out is a whole number (floats land below it)', () => {
    // For every size pair up to 40, output o reads the floor of the exact rational.
    for (let input = 1; input <= 40; input++) {
      for (let output = 1; output <= 40; output++) {
        const t = resizeTaps(input, output, 'nearest');
        for (let o = 0; o < output; o++) {
          const exact = Math.min(input - 1, Math.floor(((2 * o + 1) * input) / (2 * output)));
          expect(t.index[o * t.taps], `${input} -> ${output}, o = ${o}`).toBe(exact);
        }
      }
    }
    // (5 + 0.5) * (30 / 11) is 14.999999999999998 in floats; the centre is 15.
    expect(resizeTaps(30, 11, 'nearest').index[5]).toBe(15);
  });

  it("gives no weight to a tap exactly at the kernel's radius (gaussian: 1.5)", () => {
    // 14 -> 25, output 12: centre (12.5 * 14 / 25) = 7, so input 8 (centre 8.5) is 1.5 away.
    const t = resizeTaps(14, 25, 'gaussian');
    const row = Array.from({ length: t.taps }, (_, j) => [
      t.index[12 * t.taps + j],
      t.weight[12 * t.taps + j],
    ]);
    expect(row.filter(([i, w]) => (i === 5 || i === 8) && w !== 0)).toEqual([]);
    expect(row.filter(([, w]) => w !== 0).map(([i]) => i)).toEqual([6, 7]);
  });

  it('bicubic is Keys a = -0.5: exact on linear ramps away from the edges', () => {
    const ramp = Array.from({ length: 20 }, (_, i) => i);
    const out = apply1D(resizeTaps(20, 10, 'bicubic'), ramp);
    for (let o = 2; o < 8; o++) expect(out[o]).toBeCloseTo((o + 0.5) * 2 - 0.5, 5);
  });

  it("bicubic drops taps outside the image and renormalises, as TF2's half-pixel resize_bicubic", () => {
    // Output 0 of 4 -> 8 sits at input -0.25: Keys weights 111/128 on pixel 0 and -9/128
    // on pixel 1 remain, renormalised by their sum 102/128 (TF: 1.0882, -0.0882).
    const up = resizeTaps(4, 8, 'bicubic');
    expect(apply1D(up, [0, 1, 2, 3])[0]).toBeCloseTo(-3 / 34, 6);
    expect(apply1D(up, [1, 0, 0, 0])[0]).toBeCloseTo(111 / 102, 6);
    for (const [input, output] of [
      [4, 8],
      [9, 3],
      [5, 5],
      [1, 6],
    ] as const) {
      const taps = resizeTaps(input, output, 'bicubic');
      const ones = apply1D(taps, new Array(input).fill(1));
      for (const v of ones) expect(v).toBeCloseTo(1, 6);
      expect(taps.index.every((i) => i >= 0 && i < input)).toBe(true);
    }
  });

  it('composed taps equal the two resamplings one after the other', () => {
    const v = Array.from({ length: 13 }, (_, i) => Math.sin(i));
    const down = resizeTaps(13, 4, 'bilinear');
    const up = resizeTaps(4, 13, 'bilinear');
    const both = apply1D(composeTaps(up, down), v);
    for (const [k, x] of apply1D(up, apply1D(down, v)).entries()) expect(both[k]).toBeCloseTo(x, 5);
  });
});

describe('reference backend, against first principles', () => {
  const image = (B: number, H: number, W: number, C: number): ImageBatch => ({
    data: Float32Array.from({ length: B * H * W * C }, (_, i) => ((i * 37) % 101) / 101),
    shape: [B, H, W, C],
  });

  it('CutBlur: the patch is the image resized down and back up, bilinear', () => {
    const input = image(2, 20, 30, 3);
    const plan = createAugmenter({ seed: 3 }).plan(
      strategies.cutBlur({ blurFactor: 0.2 }),
      batchInfo(input.shape, 'float32'),
      0,
    )[0] as CompositePlan;
    const out = applyPlan(plan, input).data;
    const blurred = resizeImages(resizeImages(input, 4, 6, 'bilinear'), 20, 30, 'bilinear').data;
    for (let b = 0; b < 2; b++) {
      const [y0, x0, y1, x1] = plan.dst.subarray(b * 4, b * 4 + 4);
      for (let y = y0!; y < y1!; y++)
        for (let x = x0!; x < x1!; x++)
          for (let c = 0; c < 3; c++) {
            const i = ((b * 20 + y) * 30 + x) * 3 + c;
            expect(out[i]).toBeCloseTo(blurred[i]!, 5);
          }
    }
  });

  it('Cut-Thumbnail: the box shows the image resized to the thumbnail size', () => {
    const input = image(1, 24, 16, 1);
    for (const method of ['bilinear', 'area', 'nearest', 'bicubic'] as const) {
      const plan = createAugmenter({ seed: 4 }).plan(
        strategies.cutThumbnail({ thumbnailArea: 0.25, resizeMethod: method }),
        batchInfo(input.shape, 'float32'),
        0,
      )[0] as CompositePlan;
      const [y0, x0, y1, x1] = plan.dst;
      const thumb = resizeImages(input, y1! - y0!, x1! - x0!, method).data;
      const out = applyPlan(plan, input).data;
      for (let y = y0!; y < y1!; y++)
        for (let x = x0!; x < x1!; x++)
          expect(out[y * 16 + x]).toBeCloseTo(thumb[(y - y0!) * (x1! - x0!) + (x - x0!)]!, 5);
    }
  });

  // The kernel's definition, one output value at a time: sum_i wy_i * (sum_j wx_j * v), each
  // sum from 0 in tap order over the non-zero weights, in float64, then stored. The kernel
  // shares work between values and rows; its bits must not depend on that.
  it("resampled rects are the taps' sums in float64, bit for bit (every method, layout, dtype)", () => {
    const cases = [
      ...RESIZE_METHODS.map((method) => strategies.cutThumbnail({ resizeMethod: method })),
      ...[0.1, 0.3, 0.5, 0.9].map((blurFactor) => strategies.cutBlur({ blurFactor })),
    ];
    let checked = 0;
    for (const [n, strategy] of cases.entries()) {
      const layout = n % 2 === 0 ? 'NHWC' : 'NCHW';
      const dtype = n % 3 === 0 ? 'uint8' : 'float32';
      const [B, H, W, C] = [3, 19, 26, 3];
      const shape = layout === 'NHWC' ? [B, H, W, C] : [B, C, H, W];
      const length = B * H * W * C;
      const data =
        dtype === 'uint8'
          ? Uint8Array.from({ length }, (_, i) => (i * 151) % 256)
          : Float32Array.from({ length }, (_, i) =>
              // Non-finite values and -0 too: weight-0 taps must not turn them into NaN.
              i % 97 === 5 ? Number.POSITIVE_INFINITY : i % 89 === 3 ? -0 : Math.sin(i) * 3,
            );
      const input: ImageBatch = { data, shape, layout };
      const plan = createAugmenter({ seed: 11 + n }).plan(
        strategy,
        batchInfo(shape, dtype, layout),
        0,
      )[0] as CompositePlan;
      if (plan.sampler.type !== 'resample') throw new Error('expected a resampling plan');
      const { rows, cols } = plan.sampler;
      const out = applyPlan(plan, input).data;
      const at = (b: number, y: number, x: number, c: number) =>
        layout === 'NHWC' ? ((b * H + y) * W + x) * C + c : ((b * C + c) * H + y) * W + x;
      for (let b = 0; b < B; b++) {
        if (!plan.active[b]) continue;
        const [y0, x0, y1, x1] = plan.dst.subarray(b * 4, b * 4 + 4) as unknown as number[];
        const [oy, ox] = [plan.offset[b * 2]!, plan.offset[b * 2 + 1]!];
        for (let y = y0!; y < y1!; y++)
          for (let x = x0!; x < x1!; x++)
            for (let c = 0; c < C; c++) {
              let v = 0;
              for (let i = 0; i < rows.taps; i++) {
                const wy = rows.weight[(y + oy) * rows.taps + i]!;
                if (wy === 0) continue;
                const sy = rows.index[(y + oy) * rows.taps + i]!;
                let line = 0;
                for (let j = 0; j < cols.taps; j++) {
                  const wx = cols.weight[(x + ox) * cols.taps + j]!;
                  const sx = cols.index[(x + ox) * cols.taps + j]!;
                  if (wx !== 0) line += wx * data[at(plan.source[b]!, sy, sx, c)]!;
                }
                v += wy * line;
              }
              const expected = dtype === 'uint8' ? toUint8(v) : Math.fround(v);
              if (!Object.is(out[at(b, y, x, c)], expected)) {
                throw new Error(
                  `${strategy.name} ${dtype} ${layout}: image ${b} (${y}, ${x}, ${c}) is ${out[at(b, y, x, c)]}, expected ${expected}`,
                );
              }
              checked++;
            }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('Mixup on uint8 rounds exact ties half to even', () => {
    const info = batchInfo([2, 1, 4], 'uint8');
    const plan: BlendPlan = {
      kind: 'blend',
      strategy: 'mixup',
      info,
      active: Uint8Array.of(1, 0),
      partner: Int32Array.of(1, 0),
      weight: Float32Array.of(0.5, 1),
    };
    // (0 + 1) / 2 = 0.5 -> 0; (1 + 2) / 2 = 1.5 -> 2; (2 + 3) / 2 = 2.5 -> 2; (254 + 255) / 2 = 254.5 -> 254.
    const out = applyPlan(plan, {
      data: Uint8Array.of(0, 1, 2, 254, 1, 2, 3, 255),
      shape: [2, 1, 4],
    }).data;
    expect(Array.from(out)).toEqual([0, 2, 2, 254, 1, 2, 3, 255]);
  });

  it('mean fill on uint8 rounds an exact half to even', () => {
    const info = batchInfo([1, 1, 4, 1], 'uint8');
    const plan: FillPlan = {
      kind: 'fill',
      strategy: 'cutout',
      info,
      active: Uint8Array.of(1),
      region: { type: 'boxes', count: 1, boxes: Int32Array.of(0, 0, 1, 1) },
      fill: { type: 'mean' },
    };
    // Mean of 1, 2, 3, 4 is 2.5 -> 2 (even); of 2, 3, 4, 5 is 3.5 -> 4.
    expect(applyPlan(plan, { data: Uint8Array.of(1, 2, 3, 4), shape: [1, 1, 4, 1] }).data[0]).toBe(
      2,
    );
    expect(applyPlan(plan, { data: Uint8Array.of(2, 3, 4, 5), shape: [1, 1, 4, 1] }).data[0]).toBe(
      4,
    );
  });

  // Node's Buffer is a Uint8Array: results are plain Uint8Arrays, as the types say and as
  // every other backend's download gives, with the same values as for a Uint8Array.
  it('a Buffer in gives a plain Uint8Array out, never a Buffer', () => {
    const bytes = Uint8Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => (i * 7) % 256);
    const buffer = Buffer.from(bytes);
    const aug = () => createAugmenter({ backend: 'reference', seed: 2 });
    const shape = [2, 8, 8, 3];
    for (const strategy of [strategies.cutout(), strategies.cutBlur(), strategies.mixup()]) {
      const input = (data: Uint8Array) =>
        strategy.name === 'mixup'
          ? {
              images: { data, shape },
              labels: { data: Float32Array.of(1, 0, 0, 1), shape: [2, 2] },
            }
          : { images: { data, shape } };
      const fromBuffer = aug().runSync(strategy, input(buffer) as never) as { images: ImageBatch };
      const fromBytes = aug().runSync(strategy, input(bytes) as never) as { images: ImageBatch };
      expect(fromBuffer.images.data.constructor).toBe(Uint8Array);
      expect(Array.from(fromBuffer.images.data)).toEqual(Array.from(fromBytes.images.data));
    }
    expect(resizeImages({ data: buffer, shape }, 4, 4).data.constructor).toBe(Uint8Array);
  });

  it('resizeImages keeps dtype and layout and refuses bad sizes', () => {
    const nchw: ImageBatch = {
      data: new Uint8Array(2 * 3 * 4 * 4).fill(7),
      shape: [2, 3, 4, 4],
      layout: 'NCHW',
    };
    const out = resizeImages(nchw, 2, 6, 'area');
    expect(out.shape).toEqual([2, 3, 2, 6]);
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(out.data.every((v) => v === 7)).toBe(true);
    expect(() => resizeImages(nchw, 0, 2)).toThrow(/height and width must be integers >= 1/);
  });
});
