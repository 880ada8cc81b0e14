import { describe, expect, it } from 'vitest';
import type { GrayBatch, RgbBatch } from './batch.js';
import { buildGrid, buildSheet, cellOrigin, SHEET_GAP } from './sheet.js';

const G = SHEET_GAP;

describe('buildSheet', () => {
  it('puts originals on top and augmented images below, on white', () => {
    // Two 2x3 gray images; originals hold 10..21, augmented 100..111.
    const originals: GrayBatch = {
      data: Uint8Array.from({ length: 12 }, (_, i) => 10 + i),
      shape: [2, 2, 3],
    };
    const augmented: GrayBatch = {
      data: Uint8Array.from({ length: 12 }, (_, i) => 100 + i),
      shape: [2, 2, 3],
    };
    const sheet = buildSheet(originals, augmented);
    const width = 2 * 3 + 3 * G;
    expect(sheet.shape).toEqual([2 * 2 + 3 * G, width]);
    const at = (y: number, x: number) => sheet.data[y * width + x];
    expect(at(G, G)).toBe(10); // original 0, pixel (0, 0)
    expect(at(G + 1, G + 2)).toBe(15); // original 0, pixel (1, 2)
    expect(at(G, 2 * G + 3)).toBe(16); // original 1, pixel (0, 0)
    expect(at(2 * G + 2, G)).toBe(100); // augmented 0, pixel (0, 0)
    expect(at(2 * G + 3, 2 * G + 5)).toBe(111); // augmented 1, pixel (1, 2)
    expect(at(0, 0)).toBe(255);
    expect(at(G, G + 3)).toBe(255); // the gap between the two originals
    expect(at(G + 2, G)).toBe(255); // the gap between the rows
    const filled = Array.from(sheet.data).filter((v) => v !== 255).length;
    expect(filled).toBe(24);
  });

  it('keeps RGB sheets RGB', () => {
    const data = Uint8Array.from([1, 2, 3]);
    const batch: RgbBatch = { data, shape: [1, 1, 1, 3] };
    const sheet = buildSheet(batch, { data: Uint8Array.from([4, 5, 6]), shape: [1, 1, 1, 3] });
    expect(sheet.shape).toEqual([2 + 3 * G, 1 + 2 * G, 3]);
    const width = 1 + 2 * G;
    const pixel = (y: number, x: number) =>
      Array.from(sheet.data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));
    expect(pixel(G, G)).toEqual([1, 2, 3]);
    expect(pixel(2 * G + 1, G)).toEqual([4, 5, 6]);
  });

  it('lays out any number of rows, each where cellOrigin says', () => {
    const rows: GrayBatch[] = [1, 2, 3].map((v) => ({
      data: Uint8Array.from([v, v]),
      shape: [2, 1, 1],
    }));
    const grid = buildGrid(rows);
    const width = 2 + 3 * G;
    expect(grid.shape).toEqual([3 + 4 * G, width]);
    for (const [row, batch] of rows.entries()) {
      for (const column of [0, 1]) {
        const { y, x } = cellOrigin(row, column, 1, 1);
        expect(grid.data[y * width + x]).toBe(batch.data[column]);
      }
    }
    expect(buildGrid([rows[0]!]).shape).toEqual([1 + 2 * G, width]);
  });

  it('refuses batches of different shapes', () => {
    const a: GrayBatch = { data: new Uint8Array(4), shape: [1, 2, 2] };
    const b: GrayBatch = { data: new Uint8Array(6), shape: [1, 2, 3] };
    expect(() => buildSheet(a, b)).toThrow(/differ in shape/);
  });
});
