import {
  type Backend,
  type BatchInfo,
  batchInfo,
  createAugmenter,
  type FillPlan,
  type ImageBatch,
  type ImageDType,
  type LabelBatch,
  type LabelMix,
  oneOf,
  type Plan,
  regionMask,
  strategies,
  type Taps,
} from '@aug/core';
import { applyPlan, mixLabelArrays } from '@aug/core/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultStrategies,
  FULL_MATRIX,
  type Geometry,
  type Matrix,
  QUICK_MATRIX,
  VARIANTS,
  type Variant,
} from './cases.js';
import { EXACT, firstMismatch, RESAMPLED, UNCHANGED, where } from './compare.js';
import { makeInput, makeLabels } from './inputs.js';
import { indexer, transpose } from './layout.js';
import { naiveApply } from './naive.js';

export interface ConformanceOptions<T> {
  /** Shown in test names, e.g. 'tfjs-wasm'. */
  readonly name: string;
  /** Makes the backend under test (once, before the tests). */
  readonly backend: () => Backend<T> | Promise<Backend<T>>;
  /** 'full' (default), or 'quick' for slow backends (software GPUs): every edge shape, one seed. */
  readonly matrix?: 'full' | 'quick';
  /** dtypes to test; default both. */
  readonly dtypes?: readonly ImageDType[];
  /** Milliseconds `backend()` may take (default vitest's hook timeout): a browser starting, say. */
  readonly setupTimeout?: number;
  /**
   * Milliseconds each test may take (default the package's vitest `testTimeout`): a
   * backend in a browser page moves every batch through the DevTools protocol, and the
   * large-image test's float32 batch is 36 MB (sent once, read back twice).
   */
  readonly testTimeout?: number;
  /**
   * Whether non-finite pixels go through CutBlur's and Cut-Thumbnail's resampling as on
   * the reference: a sum over the filter's taps of nonzero weight, in IEEE arithmetic.
   * Default true; false for the backends whose documented exception it is (tfjs: dense
   * matrix products; onnxruntime: weight-0 padding taps multiplied too).
   */
  readonly nonFiniteResampling?: boolean;
  /**
   * The most pixels per image for which the backend computes a uint8 mean fill (default:
   * no limit). Past it the large-image test expects the call to be refused with an error,
   * never a wrong mean: for a backend whose exact sums stop short of a 3000 x 3000 image.
   */
  readonly uint8MeanFillPixels?: number;
}

/** The plan of a variant for an input, drawn exactly as an augmenter would at step 3. */
function planFor(variant: Variant, info: BatchInfo, seed: number): Plan {
  const strategy = strategies[variant.strategy](variant.options as never);
  const [plan] = createAugmenter({ backend: 'reference', seed }).plan(strategy, info, 3);
  return plan!;
}

/** Runs one plan on the backend under test: output, and the input as it is afterwards. */
async function runOnBackend<T>(backend: Backend<T>, plan: Plan, input: ImageBatch) {
  const pristine = inactiveImages(plan, input.data);
  const tensor = await backend.upload(input);
  const result = await backend.apply(plan, tensor);
  expect(
    result === tensor,
    `${plan.strategy}: apply handed back its input tensor itself; it must return a new tensor (a clone where nothing changes)`,
  ).toBe(false);
  const output = await backend.download(result);
  const inputAfter = await backend.download(tensor);
  backend.dispose(result);
  if ((tensor as unknown) !== input) backend.dispose(tensor);
  const changed = inactiveChanged(plan, pristine, output);
  expect(changed, changed).toBeUndefined();
  return { output, inputAfter };
}

/** Copies of the images a plan does not augment (active[b] = 0), by image. */
function inactiveImages(plan: Plan, data: ImageBatch['data']): Map<number, ArrayLike<number>> {
  const { info } = plan;
  const size = info.height * info.width * info.channels;
  const copies = new Map<number, ArrayLike<number>>();
  for (let b = 0; b < info.batch; b++) {
    if (!plan.active[b]) copies.set(b, data.slice(b * size, (b + 1) * size));
  }
  return copies;
}

/**
 * Where an image the plan does not augment (active[b] = 0) came back changed, as a
 * message: such an image must be bit for bit as it went in, whatever regions, partners
 * or weights the plan holds for it. (A strategy gives such images empty regions, so only
 * hand-made plans see a backend that ignores `active`.)
 */
function inactiveChanged(
  plan: Plan,
  inactive: Map<number, ArrayLike<number>>,
  output: ArrayLike<number>,
): string | undefined {
  const { info } = plan;
  const size = info.height * info.width * info.channels;
  for (const [b, image] of inactive) {
    for (let k = 0; k < size; k++) {
      const i = b * size + k;
      if (!Object.is(output[i], image[k])) {
        return `${plan.strategy}: image ${b} is not augmented (plan.active[${b}] = 0) but came back changed, at ${where(info, i)}: got ${output[i]}, expected ${image[k]}`;
      }
    }
  }
  return undefined;
}

/**
 * Runs a hand-made plan on a geometry's input in every dtype and layout, and expects the
 * input unchanged and the reference backend's output (EXACT).
 */
async function expectReferenceInEveryForm<T>(
  backend: Backend<T>,
  dtypes: readonly ImageDType[],
  g: Geometry,
  seed: number,
  signal: AbortSignal,
  planOf: (info: BatchInfo) => Plan,
): Promise<void> {
  for (const dtype of dtypes) {
    for (const layout of ['NHWC', 'NCHW'] as const) {
      signal.throwIfAborted();
      const { batch: input, info } = makeInput(g, layout, dtype, seed);
      const plan = planOf(info);
      const pristine = input.data.slice();
      const { output } = await runOnBackend(backend, plan, input);
      const label = `${g.batch}x${g.height}x${g.width}x${g.channels} ${dtype} ${layout}`;
      // The reference below runs on the input: it must be as it was.
      expect(
        firstMismatch(input.data, pristine, info, UNCHANGED),
        `${label}: input modified`,
      ).toBeUndefined();
      expect(
        firstMismatch(output, applyPlan(plan, input).data, info, EXACT),
        label,
      ).toBeUndefined();
    }
  }
}

/** A hand-made mean fill of one box per image (y0, x0, y1, x1 each), every image active. */
function meanFill(info: BatchInfo, boxes: Int32Array): Plan {
  return {
    kind: 'fill',
    strategy: 'cutout',
    info,
    active: new Uint8Array(info.batch).fill(1),
    region: { type: 'boxes', count: 1, boxes },
    fill: { type: 'mean' },
  };
}

/** A hand-made noise fill of every pixel of every image, image b seeded `seeds[b]`. */
function noiseEverywhere(
  info: BatchInfo,
  low: number,
  high: number,
  seeds: readonly number[],
): Plan {
  const whole = [0, 0, info.height, info.width];
  return {
    kind: 'fill',
    strategy: 'cutout',
    info,
    active: new Uint8Array(info.batch).fill(1),
    region: {
      type: 'boxes',
      count: 1,
      boxes: Int32Array.from({ length: 4 * info.batch }, (_, i) => whole[i % 4]!),
    },
    fill: { type: 'noise', low, high, seeds: Uint32Array.from(seeds) },
  };
}

const canHoldNonFinite = (plan: Plan, resampling: boolean) =>
  (plan.kind === 'fill' && plan.fill.type !== 'mean') ||
  (plan.kind === 'composite' && (plan.sampler.type === 'copy' || resampling));

async function checkCase<T>(
  backend: Backend<T>,
  variant: Variant,
  g: Geometry,
  layout: 'NHWC' | 'NCHW',
  dtype: ImageDType,
  seed: number,
  nonFiniteResampling: boolean,
): Promise<void> {
  const probe = makeInput(g, layout, dtype, seed);
  const plan = planFor(variant, probe.info, seed);
  const { batch: input, info } = canHoldNonFinite(plan, nonFiniteResampling)
    ? makeInput(g, layout, dtype, seed, true)
    : probe;
  const pristine = input.data.slice();
  const label = `${g.batch}x${g.height}x${g.width}x${g.channels || 'gray'} ${layout} seed ${seed}`;

  const { output, inputAfter } = await runOnBackend(backend, plan, input);
  const fail = (what: string, detail: string | undefined) => {
    if (detail)
      throw new Error(`${variant.strategy} (${variant.label}), ${label}: ${what} ${detail}`);
  };
  fail('input modified', firstMismatch(input.data, pristine, info, UNCHANGED));
  fail('backend input modified', firstMismatch(inputAfter, pristine, info, UNCHANGED));
  expect(output.constructor).toBe(input.data.constructor);

  const tolerance =
    plan.kind === 'composite' && plan.sampler.type === 'resample' ? RESAMPLED : EXACT;
  const { values: spec, noise } = naiveApply(plan, input.data);
  const isNoise = (i: number) => noise[i] === 1;
  fail('differs from the spec', firstMismatch(output, spec, info, tolerance, isNoise));
  fail(
    'differs from the reference backend',
    firstMismatch(output, applyPlan(plan, input).data, info, tolerance, isNoise),
  );
  checkUntouched(plan, info, output, input.data, fail);
  checkNoise(plan, info, output, isNoise, fail);
  checkActiveCount(variant, plan, info, fail);
}

type Fail = (what: string, detail: string | undefined) => void;

/** The first label value off by more than 1e-6, as `row b, class k: ...`; undefined when none is. */
function labelMismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  classes: number,
): string | undefined {
  if (actual.length !== expected.length)
    return `${actual.length} values, expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= 1e-6)) {
      const [row, k] = [Math.floor(i / classes), i % classes];
      return `row ${row}, class ${k}: got ${actual[i]}, expected ${expected[i]}`;
    }
  }
  return undefined;
}

/** Outside a plan's regions, and in every image it does not augment, pixels are bit-identical. */
function checkUntouched(
  plan: Plan,
  info: BatchInfo,
  output: ArrayLike<number>,
  input: ArrayLike<number>,
  fail: Fail,
) {
  const at = indexer(info);
  for (let b = 0; b < info.batch; b++) {
    const mask = regionMask(plan, b);
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        if (mask[y * info.width + x]) continue;
        for (let c = 0; c < info.channels; c++) {
          const i = at(b, y, x, c);
          if (!Object.is(output[i], input[i])) {
            fail(
              'changed a pixel outside its regions',
              `at ${where(info, i)}: ${input[i]} -> ${output[i]}`,
            );
          }
        }
      }
  }
}

/** Noise is checked by distribution: in range, integers for uint8, spread around the middle. */
function checkNoise(
  plan: Plan,
  info: BatchInfo,
  output: ArrayLike<number>,
  isNoise: (i: number) => boolean,
  fail: Fail,
) {
  if (plan.kind !== 'fill' || plan.fill.type !== 'noise') return;
  const { low, high } = plan.fill;
  const values: number[] = [];
  for (let i = 0; i < output.length; i++) if (isNoise(i)) values.push(output[i]!);
  for (const value of values) {
    const ok = value >= low && value <= high && (info.dtype !== 'uint8' || Number.isInteger(value));
    if (!ok) fail('noise out of range', `${value} not in [${low}, ${high}]`);
  }
  if (values.length >= 200) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    if (Math.abs(mean - (low + high) / 2) > 0.1 * (high - low))
      fail('noise mean', `${mean} is far from ${(low + high) / 2}`);
    if (new Set(values).size < 10) fail('noise', 'has fewer than 10 distinct values');
  }
}

/** With bernoulliMix false, exactly round(augmentationRatio * B) images are augmented. */
function checkActiveCount(variant: Variant, plan: Plan, info: BatchInfo, fail: Fail) {
  if (variant.options.bernoulliMix) return;
  const ratio = (variant.options.augmentationRatio as number | undefined) ?? 1;
  const active = plan.active.reduce((a, b) => a + b, 0);
  const expected = Math.round(ratio * info.batch);
  if (active !== expected) fail('augmented count', `${active} images, expected ${expected}`);
}

/**
 * Registers the conformance tests of a backend with vitest: every strategy and edge
 * variant over shapes, channels, layouts, dtypes and seeds, compared with the spec and
 * the reference backend; labels; the augmenter end to end; layout equivalence.
 */
export function runConformance<T>(options: ConformanceOptions<T>): void {
  const matrix: Matrix = options.matrix === 'quick' ? QUICK_MATRIX : FULL_MATRIX;
  const dtypes = options.dtypes ?? (['float32', 'uint8'] as const);
  const nonFiniteResampling = options.nonFiniteResampling ?? true;

  // The signal is aborted when a test times out: a long loop stops there rather than run
  // on beside the next test (on a browser page, both would share one queue of calls).
  const check = (name: string, test: (signal: AbortSignal) => Promise<void>) =>
    it(name, ({ signal }) => test(signal), options.testTimeout);

  describe(`conformance: ${options.name}`, () => {
    let backend: Backend<T>;
    beforeAll(async () => {
      backend = await options.backend();
    }, options.setupTimeout);

    for (const variant of VARIANTS) {
      for (const dtype of dtypes) {
        check(`${variant.strategy}: ${variant.label} (${dtype})`, async (signal) => {
          for (const g of matrix.geometries)
            for (const layout of matrix.layouts)
              for (const seed of matrix.seeds) {
                signal.throwIfAborted();
                await checkCase(backend, variant, g, layout, dtype, seed, nonFiniteResampling);
              }
        });
      }
    }

    if (dtypes.includes('uint8')) {
      check('Mixup rounds uint8 ties half to even (hand-made plan, weight 1/2)', async () => {
        // Random weights almost never land on a tie, so this plan forces them: with
        // W = 16384, own + partner odd gives a remainder of exactly one half.
        const g = { batch: 4, height: 5, width: 7, channels: 3 };
        const { batch: input, info } = makeInput(g, 'NHWC', 'uint8', 21);
        const plan: Plan = {
          kind: 'blend',
          strategy: 'mixup',
          info,
          active: Uint8Array.of(1, 1, 1, 0),
          partner: Int32Array.of(1, 2, 0, 1),
          weight: Float32Array.of(0.5, 0.5, 0.25 + 1 / 32768, 0.5),
        };
        const { output } = await runOnBackend(backend, plan, input);
        const expected = applyPlan(plan, input).data;
        expect(firstMismatch(output, expected, info, EXACT)).toBeUndefined();
        // The reference is the oracle above: hold the ties to the spec too.
        const spec = naiveApply(plan, input.data).values;
        expect(firstMismatch(output, spec, info, EXACT), 'spec').toBeUndefined();
      });

      check('draws uint8 noise uniformly over a narrow range (hand-made plan)', async () => {
        // [100, 102]: each value is a third of 2 x 48 x 48 x 3 draws (standard deviation
        // of its share 0.004). Rounding a uniform u in [0, 3) instead of flooring it still hits both
        // ends, the only thing the wide range's check sees, but draws 100 half as often.
        const g = { batch: 2, height: 48, width: 48, channels: 3 };
        const { batch: input, info } = makeInput(g, 'NHWC', 'uint8', 43);
        const plan = noiseEverywhere(info, 100, 102, [2024, 7]);
        const { output } = await runOnBackend(backend, plan, input);
        const counts = new Map<number, number>();
        for (const value of output) counts.set(value, (counts.get(value) ?? 0) + 1);
        expect([...counts.keys()].sort((a, b) => a - b)).toEqual([100, 101, 102]);
        for (const [value, count] of counts) {
          expect(count / output.length, `share of ${value}`).toBeGreaterThan(1 / 3 - 0.05);
          expect(count / output.length, `share of ${value}`).toBeLessThan(1 / 3 + 0.05);
        }
      });

      check(
        'resamples uint8 ties half to even, exactly (hand-made plan, 2x box filter)',
        async () => {
          // Output row/column o reads source 2o and 2o + 1 at 1/2 each: every value is a sum
          // of four integers over 4, exact in float32, and a quarter of them end in .5. The
          // uint8 tolerance of 1 for resampled pixels would hide a floor or a round half up.
          const half = (n: number): Taps => ({
            size: n / 2,
            taps: 2,
            index: Int32Array.from({ length: n }, (_, i) => i),
            weight: new Float32Array(n).fill(0.5),
          });
          const g = { batch: 2, height: 6, width: 8, channels: 3 };
          for (const layout of ['NHWC', 'NCHW'] as const) {
            const { batch: input, info } = makeInput(g, layout, 'uint8', 31);
            const plan: Plan = {
              kind: 'composite',
              strategy: 'cutThumbnail',
              info,
              active: Uint8Array.of(1, 1),
              rects: 1,
              dst: Int32Array.of(0, 0, 3, 4, 2, 3, 5, 7),
              source: Int32Array.of(1, 0),
              offset: Int32Array.of(0, 0, -2, -3),
              sampler: { type: 'resample', rows: half(6), cols: half(8) },
            };
            const { output } = await runOnBackend(backend, plan, input);
            const spec = naiveApply(plan, input.data).values;
            expect(firstMismatch(output, spec, info, EXACT), `${layout} spec`).toBeUndefined();
            const expected = applyPlan(plan, input).data;
            expect(firstMismatch(output, expected, info, EXACT), layout).toBeUndefined();
          }
        },
      );
    }

    check(
      'Mixup leaves an image of weight 1 bit-identical, whatever its partner holds (hand-made plan)',
      async () => {
        if (!dtypes.includes('float32')) return;
        // Weights are quantised to 1/32768, so an augmented image can draw w = 1: it must
        // come out as it was (as an image not augmented), not as 1 * own + 0 * partner,
        // which is NaN where the partner holds Inf or NaN.
        for (const g of [
          { batch: 3, height: 4, width: 6, channels: 2 },
          { batch: 3, height: 3, width: 5, channels: 1 },
        ]) {
          const { batch: input, info } = makeInput(g, 'NHWC', 'float32', 61);
          const data = input.data as Float32Array;
          const n = data.length / 3;
          // Image 1 (not augmented; image 0's partner) holds NaN, Inf and -Inf.
          for (let i = n; i < 2 * n; i += 5)
            data[i] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 3]!;
          const plan: Plan = {
            kind: 'blend',
            strategy: 'mixup',
            info,
            active: Uint8Array.of(1, 0, 1),
            partner: Int32Array.of(1, 2, 0),
            weight: Float32Array.of(1, 0.5, 0.25),
          };
          const pristine = data.slice();
          const { output } = await runOnBackend(backend, plan, input);
          const shape = `${g.batch}x${g.height}x${g.width}x${g.channels}`;
          expect(
            firstMismatch(data, pristine, info, UNCHANGED),
            `${shape}: input modified`,
          ).toBeUndefined();
          expect(Array.from(output.subarray(0, 2 * n)), shape).toEqual(
            Array.from(data.subarray(0, 2 * n)),
          );
          const spec = naiveApply(plan, data).values;
          expect(firstMismatch(output, spec, info, EXACT), `${shape} spec`).toBeUndefined();
          expect(
            firstMismatch(output, applyPlan(plan, input).data, info, EXACT),
            shape,
          ).toBeUndefined();
        }
      },
    );

    check('noise spans its whole range, independently per image (hand-made plan)', async () => {
      // Noise is checked by distribution; in the matrix its range is always the default
      // and its regions small. Here two images are wholly noise, each with its own seed.
      const g = { batch: 2, height: 48, width: 48, channels: 3 };
      for (const dtype of dtypes) {
        const { batch: input, info } = makeInput(g, 'NHWC', dtype, 41);
        const [low, high] = dtype === 'uint8' ? [16, 200] : [-0.5, 2];
        const plan = noiseEverywhere(info, low, high, [12345, 67890]);
        const { output } = await runOnBackend(backend, plan, input);
        const n = output.length / 2;
        let same = 0;
        for (let i = 0; i < n; i++) if (output[i] === output[n + i]) same++;
        expect(same / n, `${dtype}: images 0 and 1 share their noise`).toBeLessThan(0.1);
        for (const image of [output.subarray(0, n), output.subarray(n)]) {
          let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
          for (const value of image) [min, max] = [Math.min(min, value), Math.max(max, value)];
          if (dtype === 'uint8') {
            // 6912 draws of 185 values: each end is missed with probability e^-37.
            expect([min, max], dtype).toEqual([low, high]);
          } else {
            expect(min, dtype).toBeGreaterThanOrEqual(low);
            expect(max, dtype).toBeLessThanOrEqual(high);
            expect(min, dtype).toBeLessThan(low + 0.01 * (high - low));
            expect(max, dtype).toBeGreaterThan(high - 0.01 * (high - low));
          }
        }
      }
    });

    check(
      'fills with the mean of a large image (uint8 sums past 2^31, float32 within 1e-5)',
      async (signal) => {
        // 3000 x 3000 bright uint8 pixels sum past 2^31 (an int32 sum wraps), and a float32
        // mean summed one value after another drifts by far more than the tolerance. The
        // uint8 sums sit one below and one above a tie (227.5 n - 1, 228.5 n + 1), so a sum
        // off by one either way rounds to the other side (ties go to the even neighbour).
        const H = 3000;
        const W = 3000;
        const n = H * W;
        for (const dtype of dtypes) {
          signal.throwIfAborted();
          // Two uint8 images (one per side of a tie), one float32 image (36 MB already).
          const B = dtype === 'uint8' ? 2 : 1;
          const shape = [B, H, W, 1];
          const info = batchInfo(shape, dtype);
          const data = dtype === 'uint8' ? new Uint8Array(B * n) : new Float32Array(n);
          if (dtype === 'uint8') {
            for (let i = 0; i < n; i++) {
              data[i] = 200 + (i % 56);
              data[n + i] = 201 + (i % 56);
            }
            // Sums 227.5 n - 320 and 228.5 n - 320 (n = 9e6): 319 more in the first image
            // (pixels of 200 become 201), 321 more in the second (201 become 202).
            for (let k = 0; k < 319; k++) data[k * 56]! += 1;
            for (let k = 0; k < 321; k++) data[n + k * 56]! += 1;
          } else {
            for (let i = 0; i < n; i++) data[i] = 0.7 + (i % 97) / 1e4;
          }
          const box = Int32Array.of(10, 20, 30, 50);
          const plan = meanFill(info, B === 2 ? Int32Array.of(...box, ...box) : box);
          const input = { data, shape };
          if (dtype === 'uint8' && n > (options.uint8MeanFillPixels ?? Number.POSITIVE_INFINITY)) {
            // Past the backend's declared limit: refused, not answered wrongly.
            const tensor = await backend.upload(input);
            await expect(
              (async () => backend.apply(plan, tensor))(),
              `${dtype}: past uint8MeanFillPixels, the mean fill must be refused`,
            ).rejects.toThrow();
            await backend.dispose(tensor);
            continue;
          }
          const { output } = await runOnBackend(backend, plan, input);
          const expected = applyPlan(plan, input).data;
          const at = 10 * W + 20; // inside the box
          expect(output[at], dtype).toBeCloseTo(expected[at]!, 5);
          expect(firstMismatch(output, expected, info, EXACT), dtype).toBeUndefined();
        }
      },
    );

    check(
      'masks a rotated grid exactly on wide images (fixed-point values past 2^24)',
      async () => {
        // Rotated coordinates are scaled by 2 x 4096: on a 5000-pixel side they pass 2^24,
        // where float32 arithmetic (tfjs-webgpu's MOD, tfjs-webgl's integers) loses pixels.
        const shape = [2, 20, 5000];
        const info = batchInfo(shape, 'float32');
        const strategy = strategies.gridMask({ rotate: [-45, 45], unitLength: [0.02, 0.2] });
        const [plan] = createAugmenter({ backend: 'reference', seed: 9 }).plan(strategy, info, 0);
        const data = new Float32Array(2 * 20 * 5000).fill(0.5);
        const { output } = await runOnBackend(backend, plan!, { data, shape });
        const expected = applyPlan(plan!, { data, shape }).data;
        expect(firstMismatch(output, expected, info, EXACT)).toBeUndefined();
      },
    );

    check('moves pixels exactly in a batch past 2^24 pixels (hand-made plan)', async () => {
      // 3 x 2400 x 2400 pixels (17.3 million): a flat pixel index past 2^24 is no longer an
      // exact float32 integer (tfjs-webgl holds int32 as float32), and a paste from the
      // batch's last rows would read the pixel beside its own. Neighbouring pixels differ.
      const shape = [3, 2400, 2400];
      const dtype = dtypes.includes('uint8') ? 'uint8' : 'float32'; // 17 MB, not 69 MB
      const info = batchInfo(shape, dtype);
      const n = 3 * 2400 * 2400;
      const data = dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = (i * 7 + (i >> 8)) & 255;
      // Image 0 takes image 2's last 400 rows (from row 2185 on, past 2^24), image 2 takes
      // image 0's first rows; image 1 is left alone.
      const plan: Plan = {
        kind: 'composite',
        strategy: 'cutMix',
        info,
        active: Uint8Array.of(1, 0, 1),
        rects: 1,
        dst: Int32Array.of(1990, 5, 2390, 2395, 0, 0, 0, 0, 10, 10, 400, 2000),
        source: Int32Array.of(2, 1, 0),
        offset: Int32Array.of(9, 3, 0, 0, 5, -7),
        sampler: { type: 'copy' },
      };
      const { output } = await runOnBackend(backend, plan, { data, shape });
      const expected = applyPlan(plan, { data, shape }).data;
      expect(firstMismatch(output, expected, info, EXACT), dtype).toBeUndefined();
    });

    check('rounds uint8 means half to even (hand-made plan, exact ties)', async () => {
      if (!dtypes.includes('uint8')) return;
      // 2 x 2 images, 2 channels: the channel means are 10/4 = 2.5 (-> 2), 14/4 = 3.5
      // (-> 4), 2/4 = 0.5 (-> 0) and 3/4 (-> 1). A round half up or a floor changes one.
      const shape = [2, 2, 2, 2];
      const info = batchInfo(shape, 'uint8');
      const data = Uint8Array.of(1, 1, 2, 2, 3, 3, 4, 8, 0, 0, 0, 0, 0, 1, 2, 2);
      const plan = meanFill(info, Int32Array.of(0, 0, 1, 1, 0, 0, 1, 1));
      const input = { data, shape };
      const { output } = await runOnBackend(backend, plan, input);
      expect(Array.from(output.subarray(0, 2)), 'image 0').toEqual([2, 4]);
      expect(Array.from(output.subarray(8, 10)), 'image 1').toEqual([0, 1]);
      expect(firstMismatch(output, applyPlan(plan, input).data, info, EXACT)).toBeUndefined();
    });

    check('fills with a non-finite mean as the reference does (Inf, NaN)', async () => {
      if (!dtypes.includes('float32')) return;
      const shape = [2, 4, 4, 1];
      const info = batchInfo(shape, 'float32');
      const data = new Float32Array(32).fill(1);
      data[5] = Number.POSITIVE_INFINITY; // image 0: mean +Inf
      data[16] = Number.POSITIVE_INFINITY; // image 1: +Inf and -Inf, mean NaN
      data[17] = Number.NEGATIVE_INFINITY;
      const plan = meanFill(info, Int32Array.of(0, 0, 2, 2, 2, 2, 4, 4));
      const input = { data, shape };
      const { output } = await runOnBackend(backend, plan, input);
      const expected = applyPlan(plan, input).data;
      expect(Array.from(output)).toEqual(Array.from(expected));
      expect(output[0]).toBe(Number.POSITIVE_INFINITY);
      expect(output[31]).toBeNaN();
    });

    check('paints a constant colour that differs per channel (hand-made plan)', async (signal) => {
      // The strategies' constant fills are grey levels; a plan may give each channel its
      // own value. Rows of 16 x 3 elements are whole vectors for vectorised kernels.
      const g = { batch: 3, height: 6, width: 16, channels: 3 };
      await expectReferenceInEveryForm(backend, dtypes, g, 23, signal, (info) => ({
        kind: 'fill',
        strategy: 'cutout',
        info,
        active: Uint8Array.of(1, 0, 1),
        region: {
          type: 'boxes',
          count: 2,
          boxes: Int32Array.of(1, 0, 5, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 6, 13),
        },
        fill: {
          type: 'constant',
          values:
            info.dtype === 'uint8' ? Float32Array.of(10, 200, 77) : Float32Array.of(0.1, 0.9, 0.4),
        },
      }));
    });

    check(
      'pastes from the batch’s first pixels, left of the patch (hand-made plan)',
      async (signal) => {
        // Every rect reads image 0 from row 0, shifted left: a kernel that reads a run of
        // pixels as one window from the source position of the run's first pixel would
        // start that window before the batch's first element.
        for (const channels of [1, 4]) {
          const g = { batch: 2, height: 5, width: 32, channels };
          await expectReferenceInEveryForm(backend, dtypes, g, 29, signal, (info) => ({
            kind: 'composite',
            strategy: 'cutMix',
            info,
            active: Uint8Array.of(1, 1),
            rects: 1,
            dst: Int32Array.of(2, 3, 4, 20, 0, 5, 2, 30),
            source: Int32Array.of(0, 0),
            offset: Int32Array.of(-2, -3, 0, -5),
            sampler: { type: 'copy' },
          }));
        }
      },
    );

    check(
      'pastes a later rect when the first is empty in every image (hand-made plan)',
      async (signal) => {
        // A backend may skip plans whose rects are all empty (nothing to paste): rect 0
        // being empty, in every image, says nothing about rect 1.
        const g = { batch: 2, height: 6, width: 9, channels: 3 };
        await expectReferenceInEveryForm(backend, dtypes, g, 37, signal, (info) => ({
          kind: 'composite',
          strategy: 'cutSwap',
          info,
          active: Uint8Array.of(1, 1),
          rects: 2,
          // [B, rects, 4]: image 0's rect 0 has no rows, image 1's no columns.
          dst: Int32Array.of(2, 3, 2, 7, 1, 1, 4, 5, 0, 4, 3, 4, 2, 0, 5, 3),
          source: Int32Array.of(0, 1, 1, 0),
          offset: Int32Array.of(0, 0, 1, 2, 0, 0, 0, 4),
          sampler: { type: 'copy' },
        }));
      },
    );

    check(
      'gives each image its own noise, not a shifted or mirrored copy, when seeds are related (hand-made plan)',
      async () => {
        // Seeds one apart, one step of a Weyl sequence apart (0x6d2b79f5), equal modulo
        // 2^31 - 1, or sharing their low 16 or 31 bits: generators that add the seed to a
        // counter, or keep part of it, paint such images alike, or as shifted copies. And
        // (2^31 - 1 - 767) / 2, for which a square of (element + seed) modulo 2^31 - 1
        // mirrors the 768 values of an image about their middle.
        const seeds = [
          5,
          6,
          5 + 0x6d2b79f5,
          5 + 2 ** 31 - 1,
          5 + 2 ** 16,
          5 + 2 ** 31,
          (2 ** 31 - 1 - 767) / 2,
        ];
        const B = seeds.length;
        const g = { batch: B, height: 16, width: 16, channels: 3 };
        for (const dtype of dtypes) {
          const { batch: input, info } = makeInput(g, 'NHWC', dtype, 47);
          const plan = noiseEverywhere(info, 0, dtype === 'uint8' ? 255 : 1, seeds);
          const { output } = await runOnBackend(backend, plan, input);
          const n = output.length / B;
          for (let a = 0; a < B; a++) {
            // Image a against itself read backwards from c (at least n / 4 pairs).
            for (let c = n / 2; c < (3 * n) / 2 - 1; c++) {
              let same = 0;
              let pairs = 0;
              for (let i = Math.max(0, c - n + 1); i < c - i; i++, pairs++)
                if (output[a * n + i] === output[a * n + c - i]) same++;
              if (same / pairs >= 0.1) {
                expect.fail(
                  `${dtype}: image ${a} (seed ${seeds[a]}) mirrors its noise about ${c / 2}: ${same} of ${pairs} pairs`,
                );
              }
            }
            for (let b = a + 1; b < B; b++) {
              // Image b's values d places on from image a's (|d| < n / 2, at least n / 2
              // values compared): by chance 1 in 256 are equal in uint8, none in float32.
              for (let d = 1 - n / 2; d < n / 2; d++) {
                let same = 0;
                const from = Math.max(0, -d);
                const to = Math.min(n, n - d);
                for (let i = from; i < to; i++)
                  if (output[a * n + i] === output[b * n + i + d]) same++;
                if (same / (to - from) >= 0.1) {
                  expect.fail(
                    `${dtype}: image ${b} (seed ${seeds[b]}) repeats image ${a}'s noise (seed ${seeds[a]}) shifted by ${d}: ${same} of ${to - from} values`,
                  );
                }
              }
            }
          }
        }
      },
    );

    check('reads canvas pixels (Uint8ClampedArray) that start inside a larger buffer', async () => {
      if (!dtypes.includes('uint8')) return;
      // ImageData-like pixels are often a view into a larger buffer: the batch starts at
      // the view's byteOffset, not at the buffer's start (filled with 255 here).
      const g = { batch: 2, height: 5, width: 6, channels: 4 };
      const { batch, info } = makeInput(g, 'NHWC', 'uint8', 53);
      const n = batch.data.length;
      const buffer = new Uint8ClampedArray(n + 40).fill(255);
      buffer.set(batch.data, 24);
      const input = { ...batch, data: buffer.subarray(24, 24 + n) };
      const plan: Plan = {
        kind: 'fill',
        strategy: 'cutout',
        info,
        active: Uint8Array.of(1, 1),
        region: { type: 'boxes', count: 1, boxes: Int32Array.of(1, 1, 3, 4, 2, 0, 5, 2) },
        fill: { type: 'constant', values: Float32Array.of(9, 8, 7, 6) },
      };
      const { output } = await runOnBackend(backend, plan, input);
      expect(firstMismatch(output, applyPlan(plan, batch).data, info, EXACT)).toBeUndefined();
    });

    check(
      'leaves an image that is not augmented bit-identical, whatever its regions hold (hand-made plans)',
      async (signal) => {
        // Strategies give the images they skip empty regions, so a kernel that paints
        // regions without reading `active` passes every one of them; a plan may hold
        // regions there all the same (made by hand, or routed elsewhere by a pipeline).
        // Image 1 has regions like its neighbours', and must come out as it went in.
        const g = { batch: 3, height: 6, width: 10, channels: 3 };
        const active = Uint8Array.of(1, 0, 1);
        const grid = {
          type: 'grid',
          period: Int32Array.of(4, 4, 5),
          masked: Int32Array.of(2, 2, 3),
          offset: Int32Array.of(0, 1, 1, 0, 2, 3),
        } as const;
        const regions: [string, FillPlan['region']][] = [
          [
            'boxes',
            { type: 'boxes', count: 1, boxes: Int32Array.of(1, 2, 5, 8, 0, 1, 6, 9, 2, 0, 4, 10) },
          ],
          [
            'cells',
            {
              type: 'cells',
              rows: 2,
              cols: 3,
              cells: Uint8Array.of(1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1),
            },
          ],
          ['grid', grid],
          // 30 and -60 degrees in core's fixed point: round(4096 cos), round(4096 sin).
          ['rotated grid', { ...grid, cosSin: Int32Array.of(3547, 2048, 3547, 2048, 2048, -3547) }],
        ];
        for (const dtype of dtypes) {
          for (const layout of ['NHWC', 'NCHW'] as const) {
            signal.throwIfAborted();
            const { batch: input, info } = makeInput(g, layout, dtype, 71);
            const values =
              dtype === 'uint8' ? Float32Array.of(10, 200, 77) : Float32Array.of(0.1, 0.9, 0.4);
            const plans: [string, Plan][] = regions.map(([name, region]) => [
              name,
              {
                kind: 'fill',
                strategy: 'cutout',
                info,
                active,
                region,
                fill: { type: 'constant', values },
              },
            ]);
            plans.push([
              'rects',
              {
                kind: 'composite',
                strategy: 'cutMix',
                info,
                active,
                rects: 1,
                dst: Int32Array.of(1, 1, 4, 5, 0, 0, 6, 10, 2, 3, 6, 9),
                source: Int32Array.of(1, 2, 0),
                offset: new Int32Array(6),
                sampler: { type: 'copy' },
              },
            ]);
            const pristine = input.data.slice();
            const n = input.data.length / 3;
            for (const [name, plan] of plans) {
              const what = `${name}, ${dtype} ${layout}`;
              const { output } = await runOnBackend(backend, plan, input);
              expect(
                firstMismatch(input.data, pristine, info, UNCHANGED),
                `${what}: input modified`,
              ).toBeUndefined();
              expect(Array.from(output.subarray(n, 2 * n)), `${what}: image 1`).toEqual(
                Array.from(input.data.subarray(n, 2 * n)),
              );
              const spec = naiveApply(plan, input.data).values;
              expect(firstMismatch(output, spec, info, EXACT), `${what} spec`).toBeUndefined();
              expect(
                firstMismatch(output, applyPlan(plan, input).data, info, EXACT),
                what,
              ).toBeUndefined();
            }
          }
        }
      },
    );

    for (const variant of VARIANTS.filter((v) => v.options.fillMethod !== 'noise')) {
      check(
        `${variant.strategy}: ${variant.label}: NHWC and NCHW give the same images`,
        async () => {
          const g = { batch: 3, height: 9, width: 11, channels: 3 };
          const nhwc = makeInput(g, 'NHWC', 'float32', 5);
          const nchw = makeInput(g, 'NCHW', 'float32', 5);
          nchw.batch = {
            ...nchw.batch,
            data: transpose(nhwc.batch.data as Float32Array, nhwc.info, false),
          };
          const a = await runOnBackend(backend, planFor(variant, nhwc.info, 5), nhwc.batch);
          const b = await runOnBackend(backend, planFor(variant, nchw.info, 5), nchw.batch);
          expect(
            firstMismatch(
              transpose(b.output as Float32Array, nchw.info, true),
              a.output,
              nhwc.info,
              EXACT,
            ),
          ).toBeUndefined();
        },
      );
    }

    for (const variant of VARIANTS.filter(
      (v) => strategies[v.strategy](v.options as never).mixesLabels,
    )) {
      check(`${variant.strategy}: ${variant.label}: labels`, async () => {
        const g = { batch: 6, height: 8, width: 8, channels: 3 };
        const { info } = makeInput(g, 'NHWC', 'float32', 3);
        const plan = planFor(
          { ...variant, options: { ...variant.options, numClasses: 5 } },
          info,
          3,
        );
        const mix = plan.labels!;
        const { ids, oneHot } = makeLabels(6, 5);
        for (const labels of [
          { data: ids, shape: [6] },
          { data: oneHot, shape: [6, 5] },
        ]) {
          const tensor = await backend.upload(labels);
          const out = await backend.mixLabels(mix, tensor, variant.strategy);
          const data = await backend.download(out);
          expect(backend.describe(out).shape).toEqual([6, 5]);
          const expected = mixLabelArrays(labels, mix, variant.strategy).data;
          expect(labelMismatch(data, expected, 5)).toBeUndefined();
          for (let b = 0; b < 6; b++) {
            const row = Array.from(data.subarray(b * 5, b * 5 + 5));
            expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
            // Images that were not augmented keep their labels (up to smoothing).
            if (mix.weight[b] === 1 && mix.smoothing[b] === 0) expect(row[ids[b]!]).toBe(1);
          }
          backend.dispose(out);
          if ((tensor as unknown) !== labels) backend.dispose(tensor);
        }
      });
    }

    check(
      'mixes each label row with its own partner, weight and smoothing (hand-made mix)',
      async () => {
        // A strategy's own mixes smooth every row alike; in a oneOf or randomApply the rows
        // routed elsewhere have smoothing 0 (and weight 1): each row's values must be read.
        const K = 4;
        const mix: LabelMix = {
          partner: Int32Array.of(1, 2, 0, 4, 3),
          weight: Float32Array.of(1, 0.75, 0.5, 1, 0.25),
          smoothing: Float32Array.of(0, 0.1, 0, 0.2, 0.3),
          numClasses: K,
        };
        const { ids, oneHot } = makeLabels(5, K);
        for (const labels of [
          { data: ids, shape: [5] },
          { data: oneHot, shape: [5, K] },
        ]) {
          const tensor = await backend.upload(labels);
          const out = await backend.mixLabels(mix, tensor, 'cutMix');
          const data = await backend.download(out);
          expect(
            labelMismatch(data, mixLabelArrays(labels, mix, 'cutMix').data, K),
          ).toBeUndefined();
          // The spec: (w own + (1 - w) partner) (1 - eps) + eps / K, row by row.
          const spec = new Float32Array(5 * K);
          for (let b = 0; b < 5; b++) {
            const [w, eps, p] = [mix.weight[b]!, mix.smoothing[b]!, mix.partner[b]!];
            for (let k = 0; k < K; k++) {
              const m = w * oneHot[b * K + k]! + (1 - w) * oneHot[p * K + k]!;
              spec[b * K + k] = m * (1 - eps) + eps / K;
            }
          }
          expect(labelMismatch(data, spec, K), 'spec').toBeUndefined();
          backend.dispose(out);
          if ((tensor as unknown) !== labels) backend.dispose(tensor);
        }
      },
    );

    check('smooths each label row once in a oneOf of smoothing strategies', async () => {
      // Nothing is mixed (ratio 0), so every row must be its one-hot label smoothed once
      // by the branch that took it, never by the sibling it did not take.
      const K = 4;
      const eps = 0.2;
      const branch = { numClasses: K, labelSmoothing: eps, augmentationRatio: 0 };
      const pipeline = oneOf([strategies.cutMix(branch), strategies.mixup(branch)]);
      const { batch } = makeInput(
        { batch: 8, height: 4, width: 4, channels: 1 },
        'NHWC',
        'float32',
        5,
      );
      const ids = makeLabels(8, K).ids;
      const images = await backend.upload(batch);
      const labels = await backend.upload({ data: ids, shape: [8] });
      // A generic T leaves run's conditional result type unresolved: name it.
      const out = (await createAugmenter<T>({ backend, seed: 3 }).run(pipeline, {
        images,
        labels,
      })) as unknown as { images: T; labels: T };
      const got = await backend.download(out.labels);
      for (let b = 0; b < 8; b++) {
        for (let k = 0; k < K; k++) {
          const want = (k === ids[b] ? 1 - eps : 0) + eps / K;
          expect(got[b * K + k], `row ${b}, class ${k}`).toBeCloseTo(want, 6);
        }
      }
      for (const t of new Set<T>([images, labels, out.images, out.labels])) backend.dispose(t);
    });

    check('never hands back an input: disposing the results leaves the inputs usable', async () => {
      const { batch } = makeInput(
        { batch: 3, height: 4, width: 4, channels: 3 },
        'NHWC',
        'float32',
        8,
      );
      // With every image augmented, and with none (augmentationRatio 0: nothing to do, but
      // the result is still a tensor of its own).
      for (const augmentationRatio of [1, 0]) {
        const what = `augmentationRatio ${augmentationRatio}`;
        const images = await backend.upload(batch);
        const labels = await backend.upload({ data: Int32Array.of(0, 1, 2), shape: [3] });
        const out = (await createAugmenter<T>({ backend, seed: 1 }).run(
          strategies.cutout({ augmentationRatio }),
          { images, labels },
        )) as unknown as { images: T; labels: T };
        expect(out.images === images, `${what}: the images result is the input tensor itself`).toBe(
          false,
        );
        backend.dispose(out.images);
        backend.dispose(out.labels);
        expect(
          Array.from(await backend.download(labels)),
          `${what}: the input labels after disposing the results`,
        ).toEqual([0, 1, 2]);
        expect(
          Array.from(await backend.download(images)),
          `${what}: the input images after disposing the results`,
        ).toEqual(Array.from(batch.data));
        backend.dispose(images);
        backend.dispose(labels);
      }
      // An empty batch: nothing to do, but the result is still its own, not the input (a
      // backend whose download of a disposed tensor throws, as tfjs's, fails here if not).
      const empty = makeInput({ batch: 0, height: 4, width: 4, channels: 3 }, 'NHWC', 'float32', 8);
      const none = await backend.upload(empty.batch);
      backend.dispose(await backend.apply(planFor(VARIANTS[0]!, empty.info, 8), none));
      expect(Array.from(await backend.download(none)), 'empty batch').toEqual([]);
      backend.dispose(none);
      // Neutral class ids of any numeric typed array, mixed and passed through.
      const wide = { data: Uint32Array.of(0, 2, 1), shape: [3] } as unknown as LabelBatch;
      for (const strategy of [strategies.mixup({ numClasses: 3 }), strategies.cutout()]) {
        const run = (b: Backend<unknown> | 'reference') =>
          createAugmenter({ backend: b, seed: 2 }).run(strategy, { images: batch, labels: wide });
        const [got, want] = await Promise.all([run(backend as Backend<unknown>), run('reference')]);
        expect(Array.from(got.labels.data), strategy.name).toEqual(Array.from(want.labels.data));
      }
    });

    check(
      'the augmenter gives the reference results end to end, from neutral batches',
      async (signal) => {
        const g = { batch: 5, height: 10, width: 12, channels: 3 };
        for (const dtype of dtypes) {
          const { batch } = makeInput(g, 'NHWC', dtype, 11);
          const labels = { data: makeLabels(5, 4).ids, shape: [5] };
          for (const [name, strategy] of defaultStrategies(4)) {
            signal.throwIfAborted();
            const pristine = batch.data.slice();
            const got = await createAugmenter({ backend, seed: 9 }).run(
              strategy,
              { images: batch, labels },
              { step: 2 },
            );
            const want = await createAugmenter({ backend: 'reference', seed: 9 }).run(
              strategy,
              { images: batch, labels },
              { step: 2 },
            );
            const info = makeInput(g, 'NHWC', dtype, 11).info;
            const tolerance = name === 'cutBlur' || name === 'cutThumbnail' ? RESAMPLED : EXACT;
            expect(
              firstMismatch(got.images.data, want.images.data, info, tolerance),
              name,
            ).toBeUndefined();
            expect(got.images.shape).toEqual(batch.shape);
            expect(
              firstMismatch(batch.data, pristine, info, UNCHANGED),
              `${name} modified its input`,
            ).toBeUndefined();
            expect(Array.from(got.labels.data)).toEqual(Array.from(want.labels.data));
            // Labels that nothing mixes come back as given: the very object.
            if (!strategy.mixesLabels) expect(got.labels, name).toBe(labels);
          }
        }
      },
    );
  });
}
