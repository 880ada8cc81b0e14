import type { BatchInfo } from './batch.js';

/**
 * Plans: everything random about one strategy on one batch, drawn on the host, as plain
 * typed arrays. A backend needs nothing else to produce the pixels, so every backend
 * produces the same result for the same plan. Boxes are half-open `[y0, y1) x [x0, x1)`
 * stored as (y0, x0, y1, x1); an empty box (y0 == y1 or x0 == x1) changes nothing.
 */
export type Plan = FillPlan | CompositePlan | BlendPlan;

export interface PlanBase {
  /** The strategy that made this plan, e.g. 'cutout'. */
  readonly strategy: string;
  readonly info: BatchInfo;
  /** 1 where image b is augmented. Images with 0 come out bit-identical. */
  readonly active: Uint8Array;
  /** How labels change, for the strategies that mix images. */
  readonly labels?: LabelMix;
}

/** Paint regions with a fill: Cutout, Random Erasing, Hide-and-Seek, Grid Mask. */
export interface FillPlan extends PlanBase {
  readonly kind: 'fill';
  readonly region: BoxRegion | CellRegion | GridRegion;
  readonly fill: Fill;
}

/** `count` boxes per image, `boxes[(b * count + i) * 4 + k]`; a later box paints over an earlier one. */
export interface BoxRegion {
  readonly type: 'boxes';
  readonly count: number;
  readonly boxes: Int32Array;
}

/**
 * A `rows x cols` grid; pixel (y, x) is in cell (floor(y * rows / H), floor(x * cols / W)).
 * `cells[b * rows * cols + r * cols + c]` is 1 where that cell is filled.
 */
export interface CellRegion {
  readonly type: 'cells';
  readonly rows: number;
  readonly cols: number;
  readonly cells: Uint8Array;
}

/**
 * Grid Mask, per image b: period d = `period[b]`, masked side l = `masked[b]`, offsets
 * dy = `offset[2b]`, dx = `offset[2b + 1]`. Without rotation pixel (y, x) is masked iff
 * (y + dy) mod d < l and (x + dx) mod d < l. With rotation (see `gridMasked`) the same
 * test runs on rotated coordinates in exact integer arithmetic, using
 * `cosSin[2b], cosSin[2b + 1]` = round(4096 cos θ), round(4096 sin θ).
 */
export interface GridRegion {
  readonly type: 'grid';
  readonly period: Int32Array;
  readonly masked: Int32Array;
  readonly offset: Int32Array;
  readonly cosSin?: Int32Array;
}

/**
 * The value painted into a fill region. Colours are already in the output's dtype
 * (integers for uint8).
 * - constant: one colour for every region of every image, `values[c]`.
 * - perRegion: one colour per region, `values[(b * regions + i) * C + c]`, where a
 *   region is a box, a cell, or (grid) the whole mask.
 * - mean: each channel's mean over the image being filled (computed by the backend;
 *   for uint8 the exact mean rounded half to even).
 * - noise: every pixel and channel uniform in [low, high] (integers for uint8), from a
 *   generator seeded by `seeds[b]`; the one value backends need not agree on.
 */
export type Fill =
  | { readonly type: 'constant'; readonly values: Float32Array }
  | { readonly type: 'perRegion'; readonly regions: number; readonly values: Float32Array }
  | { readonly type: 'mean' }
  | {
      readonly type: 'noise';
      readonly low: number;
      readonly high: number;
      readonly seeds: Uint32Array;
    };

/**
 * Copy pixels into rectangles from (possibly other, possibly resampled) images of the
 * ORIGINAL batch: CutMix, CutBlur, Cut-Thumbnail, CutPaste, CutSwap. Image b has `rects`
 * destination boxes `dst[(b * rects + r) * 4 + k]`; where they overlap the FIRST wins.
 * Output pixel (y, x) in rect r shows `sample(source[b * rects + r], y + oy, x + ox)`
 * with (oy, ox) = `offset[(b * rects + r) * 2 + k]`.
 */
export interface CompositePlan extends PlanBase {
  readonly kind: 'composite';
  readonly rects: number;
  readonly dst: Int32Array;
  readonly source: Int32Array;
  readonly offset: Int32Array;
  readonly sampler: Sampler;
}

/**
 * How a composite reads its source at (sy, sx):
 * - copy: the pixel (sy, sx) itself;
 * - resample: a separable linear resampling,
 *   sum_i sum_j rows.weight[sy, i] * cols.weight[sx, j] * src(rows.index[sy, i], cols.index[sx, j]).
 *   For uint8 the sum is rounded half to even and clamped to [0, 255]. When the
 *   resampling is a resize to a small image and back (CutBlur), `via` holds its two
 *   stages, whose composition is `rows` and `cols`: a backend may resample each source
 *   image once into the small image, then read it with the up-sampling taps (2 x 2
 *   instead of 4 x 4), agreeing with the composed sum to float rounding.
 */
export type Sampler =
  | { readonly type: 'copy' }
  | {
      readonly type: 'resample';
      readonly rows: Taps;
      readonly cols: Taps;
      readonly via?: ResampleStages;
    };

/**
 * A resampling through an intermediate `height x width` image: `down` maps the source
 * to it, `up` maps it to the output (rows = compose(up.rows, down.rows), cols likewise).
 */
export interface ResampleStages {
  readonly height: number;
  readonly width: number;
  readonly down: { readonly rows: Taps; readonly cols: Taps };
  readonly up: { readonly rows: Taps; readonly cols: Taps };
}

/**
 * A 1-D resampling as a sparse matrix with `taps` entries per output position:
 * output position o reads `index[o * taps + t]` with `weight[o * taps + t]`.
 */
export interface Taps {
  readonly size: number;
  readonly taps: number;
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/**
 * Mixup: image b becomes `w * own + (1 - w) * partner` with w = `weight[b]`, a multiple
 * of 1/32768. For uint8, round_half_even((own * W + partner * (32768 - W)) / 32768) with
 * W = 32768 w: exact integer arithmetic, so every backend agrees bit for bit. An image
 * with w = 1 is left as it is (its partner is not read: 0 * Inf would be NaN).
 */
export interface BlendPlan extends PlanBase {
  readonly kind: 'blend';
  readonly partner: Int32Array;
  readonly weight: Float32Array;
}

/** Fixed-point scale of Grid Mask's rotation cosine and sine (see `gridMasked`). */
export const GRID_ROTATION_ONE = 4096;

/** The quantum of mixing weights. */
export const WEIGHT_SCALE = 32768;

/**
 * Labels after a mixing strategy: row b becomes `m * (1 - smoothing[b]) + smoothing[b] / K`
 * where `m = weight[b] * own + (1 - weight[b]) * partner's` (with one `smoothing[b]` for
 * both rows this equals smoothing every row first, then mixing). `smoothing[b]` is the
 * strategy's `labelSmoothing` for the rows it was given and 0 for rows a pipeline routed
 * elsewhere. Integer labels need `numClasses` (one-hot first).
 */
export interface LabelMix {
  readonly partner: Int32Array;
  readonly weight: Float32Array;
  readonly smoothing: Float32Array;
  readonly numClasses: number | undefined;
}
