import type { Strides } from '../batch.js';
import type { Taps } from '../plan.js';
import { toUint8 } from '../sampling/round.js';
import type { Pixels } from './spans.js';

/** Where a resampled rect reads and writes. */
export interface ResampleRect {
  /** Offset of the source image in `src`, and the source's strides. */
  readonly from: number;
  readonly s: Strides;
  /** Offset in `out` of (row 0, first column of the rect), and the output's strides. */
  readonly outAt: number;
  readonly o: Strides;
  /** Output rows [y0, y1); output row y reads resampled row y + oy. */
  readonly y0: number;
  readonly y1: number;
  readonly oy: number;
  /** The rect's first resampled column and its width. */
  readonly sx0: number;
  readonly n: number;
  readonly rows: Taps;
  readonly cols: Taps;
  readonly C: number;
  readonly integer: boolean;
  /** Rows of the source image (the range of `rows.index`). */
  readonly sourceRows: number;
}

/**
 * A separable resampling into a rect: value = sum_i wy_i * (sum_j wx_j * v), each sum
 * from 0 in tap order, so results do not depend on the rect or on how it is computed.
 * Each source row the rect reads gets its horizontal pass once, into a line shared by
 * every output row whose taps reach it: a value costs about rows.taps + cols.taps
 * multiply-adds instead of their product.
 *
 * Weight-0 taps are dropped before any loop (they pad the tables, and 0 * Inf would turn
 * an infinity into NaN); dropping them keeps the order of the others, hence the bits.
 */
export function resampleRect(src: Pixels, out: Pixels, r: ResampleRect): void {
  const { s, o, y0, y1, oy, n, rows, C } = r;
  const width = n * C;
  const slots = lineSlots(r);
  // One line more, of zeros, for padding a row's taps to the unrolled counts: a 0 * 0
  // term leaves a sum that started from +0 as it is, infinities and NaN included.
  const lines = new Float64Array((slots.count + 1) * width);
  const zeroLine = slots.count * width;
  const columns = compactColumns(r.cols, r.sx0, n, s.pixel);
  for (let row = 0; row < r.sourceRows; row++) {
    const slot = slots.of[row]!;
    if (slot >= 0) {
      horizontalPass(src, r.from + row * s.row, s.channel, columns, C, lines, slot * width);
    }
  }
  const rt = rows.taps;
  const taps: RowTaps = {
    count: 0,
    lineAt: new Int32Array(Math.max(rt, 4)),
    weight: new Float64Array(Math.max(rt, 4)),
  };
  for (let y = y0; y < y1; y++) {
    let m = 0;
    for (let i = (y + oy) * rt, end = i + rt; i < end; i++) {
      const w = rows.weight[i]!;
      if (w === 0) continue;
      taps.lineAt[m] = slots.of[rows.index[i]!]! * width;
      taps.weight[m++] = w;
    }
    const padded = m <= 2 ? 2 : Math.max(m, 4);
    for (; m < padded; m++) {
      taps.lineAt[m] = zeroLine;
      taps.weight[m] = 0;
    }
    taps.count = m;
    verticalPass(lines, taps, out, r.outAt + y * o.row, o, n, C, r.integer);
  }
}

/** An output row's taps into `lines`: `count` of them, 2, 4 or more (padded with the zero line). */
interface RowTaps {
  count: number;
  readonly lineAt: Int32Array;
  readonly weight: Float64Array;
}

/**
 * Writes one output row: value (k, c) = 0 + sum of weight[t] * lines[lineAt[t] + k * C + c].
 * Two and four taps are unrolled: V8 runs a loop over so few taps about three times
 * slower than the straight line, and they are bilinear's, bicubic's and CutBlur's counts.
 */
function verticalPass(
  lines: Float64Array,
  { count, lineAt, weight }: RowTaps,
  out: Pixels,
  at: number,
  o: Strides,
  n: number,
  C: number,
  integer: boolean,
): void {
  const [a0, a1, a2, a3] = [lineAt[0]!, lineAt[1]!, lineAt[2]!, lineAt[3]!];
  const [w0, w1, w2, w3] = [weight[0]!, weight[1]!, weight[2]!, weight[3]!];
  for (let c = 0; c < C; c++) {
    const rowOut = at + c * o.channel;
    for (let k = 0, q = c; k < n; k++, q += C) {
      let v: number;
      if (count === 2) v = 0 + w0 * lines[a0 + q]! + w1 * lines[a1 + q]!;
      else if (count === 4) {
        v =
          0 + w0 * lines[a0 + q]! + w1 * lines[a1 + q]! + w2 * lines[a2 + q]! + w3 * lines[a3 + q]!;
      } else {
        v = 0;
        for (let t = 0; t < count; t++) v += weight[t]! * lines[lineAt[t]! + q]!;
      }
      out[rowOut + k * o.pixel] = integer ? toUint8(v) : v;
    }
  }
}

/** The source rows the rect's output rows read (weight not 0), numbered in order: -1 for the others. */
function lineSlots(r: ResampleRect): { of: Int32Array; count: number } {
  const { rows, oy } = r;
  const rt = rows.taps;
  const of = new Int32Array(r.sourceRows).fill(-1);
  let count = 0;
  for (let i = (r.y0 + oy) * rt, end = (r.y1 + oy) * rt; i < end; i++) {
    const row = rows.index[i]!;
    if (rows.weight[i] !== 0 && of[row]! < 0) of[row] = count++;
  }
  return { of, count };
}

/** The rect's column taps without weight-0 ones: output column k uses [start[k], start[k + 1]). */
interface Columns {
  readonly start: Int32Array;
  /** Element offsets of the tapped pixels within a source row. */
  readonly offset: Int32Array;
  readonly weight: Float64Array;
}

function compactColumns(cols: Taps, sx0: number, n: number, pixel: number): Columns {
  const ct = cols.taps;
  const start = new Int32Array(n + 1);
  const offset = new Int32Array(n * ct);
  const weight = new Float64Array(n * ct);
  let t = 0;
  for (let k = 0; k < n; k++) {
    start[k] = t;
    for (let i = (sx0 + k) * ct, end = i + ct; i < end; i++) {
      const w = cols.weight[i]!;
      if (w === 0) continue;
      offset[t] = cols.index[i]! * pixel;
      weight[t++] = w;
    }
  }
  start[n] = t;
  return { start, offset, weight };
}

/** One source row's horizontal pass, every channel, into lines[at .. at + n * C). */
function horizontalPass(
  src: Pixels,
  rowAt: number,
  channelStride: number,
  { start, offset, weight }: Columns,
  C: number,
  lines: Float64Array,
  at: number,
): void {
  const n = start.length - 1;
  for (let c = 0; c < C; c++) {
    const base = rowAt + c * channelStride;
    for (let k = 0; k < n; k++) {
      const t = start[k]!;
      const taps = start[k + 1]! - t;
      let line: number;
      // Unrolled as in verticalPass; columns keep their own counts (no zero to pad with in src).
      if (taps === 2) {
        line =
          0 + weight[t]! * src[base + offset[t]!]! + weight[t + 1]! * src[base + offset[t + 1]!]!;
      } else {
        line = 0;
        for (let i = t; i < t + taps; i++) line += weight[i]! * src[base + offset[i]!]!;
      }
      lines[at + k * C + c] = line;
    }
  }
}
