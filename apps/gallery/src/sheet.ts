import type { Uint8Batch } from './batch.js';
import type { Image } from './image.js';

/** White pixels around and between the images of a sheet. */
export const SHEET_GAP = 4;
const WHITE = 255;

/** Where image `column` of row `row` (0: originals, 1: augmented) starts on a sheet. */
export function cellOrigin(
  row: number,
  column: number,
  height: number,
  width: number,
): { y: number; x: number } {
  return { y: SHEET_GAP + row * (height + SHEET_GAP), x: SHEET_GAP + column * (width + SHEET_GAP) };
}

/**
 * Lays out a sheet: the originals in a top row, the augmented images below them in the
 * same order, on white. Gray batches give a gray sheet, RGB batches an RGB one.
 */
export function buildSheet(originals: Uint8Batch, augmented: Uint8Batch): Image {
  return buildGrid([originals, augmented]);
}

/**
 * Lays out batches of one shape as rows of images on white, batch r in row r: the
 * sheets of the CLI, and each strip of the web page (one row).
 */
export function buildGrid(rows: readonly Uint8Batch[]): Image {
  const first = rows[0];
  if (!first) throw new Error('buildGrid: no rows');
  rows.forEach((batch, r) => {
    if (batch.shape.join() !== first.shape.join()) {
      throw new Error(
        `buildGrid: rows 0 [${first.shape.join(', ')}] and ${r} [${batch.shape.join(', ')}] differ in shape`,
      );
    }
  });
  const [count, height, width] = first.shape;
  const channels = first.shape.length === 4 ? 3 : 1;
  const gridHeight = rows.length * height + (rows.length + 1) * SHEET_GAP;
  const gridWidth = count * width + (count + 1) * SHEET_GAP;
  const data = new Uint8Array(gridHeight * gridWidth * channels).fill(WHITE);
  const rowBytes = width * channels;
  rows.forEach((batch, row) => {
    for (let b = 0; b < count; b++) {
      const { y, x } = cellOrigin(row, b, height, width);
      for (let r = 0; r < height; r++) {
        const from = (b * height + r) * width * channels;
        data.set(batch.data.subarray(from, from + rowBytes), ((y + r) * gridWidth + x) * channels);
      }
    }
  });
  return {
    data,
    shape: channels === 3 ? [gridHeight, gridWidth, 3] : [gridHeight, gridWidth],
  };
}
