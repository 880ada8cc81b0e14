import type { Uint8Batch } from './batch.js';
import type { Image } from './png.js';

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
  if (originals.shape.join() !== augmented.shape.join()) {
    throw new Error(
      `buildSheet: originals [${originals.shape.join(', ')}] and augmented [${augmented.shape.join(', ')}] differ in shape`,
    );
  }
  const [count, height, width] = originals.shape;
  const channels = originals.shape.length === 4 ? 3 : 1;
  const sheetHeight = 2 * height + 3 * SHEET_GAP;
  const sheetWidth = count * width + (count + 1) * SHEET_GAP;
  const data = new Uint8Array(sheetHeight * sheetWidth * channels).fill(WHITE);
  const rowBytes = width * channels;
  [originals, augmented].forEach((batch, row) => {
    for (let b = 0; b < count; b++) {
      const { y, x } = cellOrigin(row, b, height, width);
      for (let r = 0; r < height; r++) {
        const from = (b * height + r) * width * channels;
        data.set(batch.data.subarray(from, from + rowBytes), ((y + r) * sheetWidth + x) * channels);
      }
    }
  });
  return {
    data,
    shape: channels === 3 ? [sheetHeight, sheetWidth, 3] : [sheetHeight, sheetWidth],
  };
}
