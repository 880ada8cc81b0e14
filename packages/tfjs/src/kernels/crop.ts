import { InputError } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { onWebGl } from './geometry.js';

/*
 * Pixel copies through tf.image.cropAndResize with 'nearest': a native loop on every
 * tfjs backend, where GatherV2 on tfjs-cpu and tfjs-wasm walks element by element (on
 * [32, 224, 224, 3] float32, tfjs-wasm 8 ms against 190-210 ms, tfjs-cpu 52 ms against
 * 270-340 ms) and a one-hot matMul does H (or W) times the work. Boxes are chosen so that
 * every position the caller relies on is sampled a safe distance from both the rounding
 * boundary and the kernel's out-of-range test, so float rounding of the box never moves
 * a pixel. Crops return float32 whatever the input's dtype; values are copied, not
 * interpolated, so float32 pixels come through bit for bit. (`gridToPixels` crops image
 * b with box b, so it is also right on backends whose crops ignore `boxInd`.)
 */

/** A crop box's [start, end] on one axis (normalised) sampling `first + i * step` for output i. */
function boxAxis(
  first: number,
  step: number,
  sourceSize: number,
  outputSize: number,
): [number, number] {
  // cropAndResize samples at lo * (S - 1) + i * (hi - lo) * (S - 1) / (N - 1), or at
  // (lo + hi) / 2 * (S - 1) when N = 1; with S = 1 it reads position 0 whatever the box.
  if (sourceSize === 1) return [0, 0];
  const span = sourceSize - 1;
  const lo = first / span;
  return [lo, outputSize > 1 ? lo + (step * (outputSize - 1)) / span : lo];
}

/** One output image of `translatedImages`: source image `image`, read `dy` rows and `dx` columns on. */
export interface Translation {
  readonly image: number;
  readonly dy: number;
  readonly dx: number;
}

/**
 * The box axis that reads source position p = offset + i at output i. Sampling at p itself
 * would put the first and last source rows exactly on the out-of-range test
 * (`in < 0 || in > S - 1`), so positions are drawn a quarter pixel towards the middle:
 * p + 1/4 - p / (2 (S - 1)), never more than 1/4 from p, so 'nearest' (round, or
 * floor(x + 0.5)) still lands on p, and every valid p lies a quarter pixel inside.
 * (A step below 1 also keeps tfjs-wasm off its whole-row memcpy, see `gridToPixels`,
 * for any source narrower than millions of pixels.)
 */
function translationAxis(offset: number, sourceSize: number, outputSize: number): [number, number] {
  const step = sourceSize > 1 ? 1 - 0.5 / (sourceSize - 1) : 1;
  return boxAxis(0.25 + offset * step, step, sourceSize, outputSize);
}

/**
 * tfjs-webgl 4.22's CropAndResize reads image `box` instead of `boxInd[box]` (its shader
 * indexes the image with the box number), and so does every backend built on its kernels.
 * There a gather, a parallel GPU kernel anyway, moves the pixels. (Probing each backend
 * instead would need a synchronous read, which tfjs-webgpu lacks.)
 */
const cropsIgnoreBoxIndex = onWebGl;

/** A source position clamped into [0, size). */
const clampIndex = (v: number, size: number) => Math.min(Math.max(v, 0), size - 1);

/** For output pixel (i, y, x) of `translatedImages`, the flat [image, row, column] index of its source pixel, clamped. */
function sourcePixels(
  moves: readonly Translation[],
  [Hs, Ws]: readonly [number, number],
  H: number,
  W: number,
): tf.Tensor1D {
  const index = new Int32Array(moves.length * H * W);
  moves.forEach(({ image, dy, dx }, i) => {
    for (let y = 0; y < H; y++) {
      const row = (image * Hs + clampIndex(y + dy, Hs)) * Ws;
      for (let x = 0; x < W; x++) index[(i * H + y) * W + x] = row + clampIndex(x + dx, Ws);
    }
  });
  return tf.tensor1d(index, 'int32');
}

/** Past 2^24, tfjs-webgl's indices (int32 held as float32) round, and tfjs-wasm's crops misplace values. */
const EXACT_INDICES = 2 ** 24;

/**
 * translatedImages by gathers of host-built indices, where crops cannot move the pixels:
 * one gather of flat pixel indices (on tfjs-webgl while they stay exact, else rows, then
 * columns).
 */
export function gatheredImages(
  source: tf.Tensor4D,
  moves: readonly Translation[],
  H: number,
  W: number,
): tf.Tensor4D {
  const [B, Hs, Ws, C] = source.shape;
  if (onWebGl() && B * Hs * Ws > EXACT_INDICES) return gatheredRowsThenColumns(source, moves, H, W);
  const pixels = tf.gather(tf.reshape(source, [-1, C]), sourcePixels(moves, [Hs, Ws], H, W));
  return tf.reshape(pixels, [moves.length, H, W, C]);
}

/**
 * gatheredImages on tfjs-webgl for batches of more than 2^24 pixels (65 RGB images of
 * 512 x 512), whose flat pixel indices it would round to a neighbour: each output row's
 * source row (an index below B Hs), then each move's columns (below Ws, with batchDims 1;
 * not on tfjs-wasm, whose 4.22 gather with batchDims reads every batch's indices wrong).
 */
export function gatheredRowsThenColumns(
  source: tf.Tensor4D,
  moves: readonly Translation[],
  H: number,
  W: number,
): tf.Tensor4D {
  const [B, Hs, Ws, C] = source.shape;
  if (B * Hs > EXACT_INDICES) {
    throw new InputError(
      `tfjs-${tf.getBackend()}: moving pixels in a batch of ${B * Hs} image rows: at most 2^24 there (its int32 values are float32)`,
    );
  }
  const rows = new Int32Array(moves.length * H);
  const columns = new Int32Array(moves.length * W);
  moves.forEach(({ image, dy, dx }, i) => {
    for (let y = 0; y < H; y++) rows[i * H + y] = image * Hs + clampIndex(y + dy, Hs);
    for (let x = 0; x < W; x++) columns[i * W + x] = clampIndex(x + dx, Ws);
  });
  const picked = tf.gather(tf.reshape(source, [B * Hs, Ws * C]), tf.tensor1d(rows, 'int32'));
  const perMove = tf.reshape(picked, [moves.length, H, Ws, C]);
  return tf.gather(perMove, tf.tensor2d(columns, [moves.length, W], 'int32'), 2, 1) as tf.Tensor4D;
}

/**
 * tfjs-wasm 4.22's CropAndResize puts a value past element 2^24 of its source, and its
 * ScatterND one past element 2^24 of its output, at the wrong place: on batches that large, gathers move the
 * pixels there (exact: their indices are integers).
 */
const cropsMisplaceLargeSources = (source: tf.Tensor) =>
  tf.getBackend() === 'wasm' && source.size > EXACT_INDICES;

/**
 * Whole images moved by whole pixels, in ONE tfjs kernel: output i is `[H, W]` pixels of
 * source image `moves[i].image`, pixel (y, x) showing its (y + dy, x + dx). Positions that
 * fall outside the source are unspecified (callers mask them out), and so is the dtype
 * (float32 from a crop; callers cast).
 */
export function translatedImages(
  source: tf.Tensor4D,
  moves: readonly Translation[],
  H: number,
  W: number,
): tf.Tensor4D {
  if (cropsIgnoreBoxIndex()) return gatheredImages(source, moves, H, W);
  const [, Hs, Ws, C] = source.shape;
  const large = cropsMisplaceLargeSources(source);
  const crop = (images: tf.Tensor4D) => {
    const boxes = new Float32Array(moves.length * 4);
    moves.forEach(({ dy, dx }, i) => {
      const [y1, y2] = translationAxis(dy, Hs, H);
      const [x1, x2] = translationAxis(dx, Ws, W);
      boxes.set([y1, x1, y2, x2], i * 4);
    });
    const imageOfBox = tf.tensor1d(
      moves.map((m) => m.image),
      'int32',
    );
    return tf.image.cropAndResize(
      images,
      tf.tensor2d(boxes, [moves.length, 4]),
      imageOfBox,
      [H, W],
      'nearest',
    );
  };
  const move = (images: tf.Tensor4D) =>
    large ? gatheredImages(images, moves, H, W) : crop(images);
  if (!tf.engine().isTapeOn()) return move(source);
  // tfjs registers no gradient for CropAndResize, so a layer behind a trainable one would
  // stop model.fit. A copy's gradient sends each output pixel's back to its source pixel
  // (summed where several read one): a scatter over the gather path's indices, which is on
  // every backend, where the gather's own gradient (UnsortedSegmentSum) is not on wasm.
  // Clamped positions get the gradient of pixels the callers masked out: zero.
  return tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: move(inputs[0] as tf.Tensor4D),
    gradFunc: (dy: tf.Tensor) => {
      if (large) {
        throw new InputError(
          `tfjs-wasm: gradients through pasted pixels in a batch of ${source.size} values: at most 2^24 there (its ScatterND misplaces values past 2^24); use smaller batches, or tfjs-cpu`,
        );
      }
      return tf.reshape(
        tf.scatterND(
          tf.reshape(sourcePixels(moves, [Hs, Ws], H, W), [-1, 1]),
          tf.reshape(dy, [-1, C]),
          [source.size / C, C],
        ),
        source.shape,
      );
    },
  }))(source) as tf.Tensor4D;
}

/**
 * A coarse grid blown up to pixels in ONE tfjs kernel: `grid` holds [B, rows, cols, C]
 * values, and output (b, y, x, c) is grid (b, floor(y rows / H), floor(x cols / W), c),
 * core's cell of a pixel.
 */
export function gridToPixels(
  grid: Float32Array,
  [B, rows, cols, C]: readonly [number, number, number, number],
  H: number,
  W: number,
): tf.Tensor4D {
  // tfjs-wasm 4.22 copies whole rows with memcpy, from column 0 and the truncated row,
  // when a box spans exactly its output width (here: one cell per pixel column), so then
  // each cell column is doubled: floor(x 2 cols / W) / 2 rounds down to the same cell.
  const repeat = cols === W && W > 1 ? 2 : 1;
  // A row and a column of padding on every side: output i samples the padded grid at
  // 1/2 + 1/(2N) + i cells / N, which rounds to 1 + floor(i cells / N) with at least 1/(2N)
  // to spare on either side, and never comes within half a cell of the padding's edge.
  const Hp = rows + 2;
  const Wp = cols * repeat + 2;
  const padded = new Float32Array(B * Hp * Wp * C);
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols * repeat; c++) {
        const from = ((b * rows + r) * cols + Math.floor(c / repeat)) * C;
        padded.set(grid.subarray(from, from + C), ((b * Hp + r + 1) * Wp + c + 1) * C);
      }
    }
  }
  const axis = (cells: number, size: number) =>
    boxAxis(0.5 + 0.5 / size, cells / size, cells + 2, size);
  const [y1, y2] = axis(rows, H);
  const [x1, x2] = axis(cols * repeat, W);
  return tf.image.cropAndResize(
    tf.tensor4d(padded, [B, Hp, Wp, C]),
    tf.tensor2d(Array.from({ length: B }, () => [y1, x1, y2, x2])),
    tf.range(0, B, 1, 'int32') as tf.Tensor1D,
    [H, W],
    'nearest',
  );
}
