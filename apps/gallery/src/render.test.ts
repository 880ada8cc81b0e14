import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { resizeImages } from '@aug/core';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, fixturePath } from './fixtures.js';
import { InvalidOptionError } from './options.js';
import { type RgbImage, readPng } from './png.js';
import { renderSheets } from './render.js';
import { SHEET_GAP } from './sheet.js';

const SIZE = 32;
const COUNT = 3;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aug-gallery-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Fixture `name` resized as the gallery promises, computed here without its helpers. */
function expectedOriginal(name: string): Uint8Array {
  const image = readPng(fixturePath(name));
  const [h, w] = image.shape;
  return resizeImages({ data: image.data, shape: [1, h, w, 3] }, SIZE, SIZE, 'area').data;
}

/** The RGB pixels of cell (row, column) of a decoded sheet. */
function cell(sheet: RgbImage, row: number, column: number): Uint8Array {
  const width = sheet.shape[1];
  const out = new Uint8Array(SIZE * SIZE * 3);
  const y0 = SHEET_GAP + row * (SIZE + SHEET_GAP);
  const x0 = SHEET_GAP + column * (SIZE + SHEET_GAP);
  for (let y = 0; y < SIZE; y++) {
    const from = ((y0 + y) * width + x0) * 3;
    out.set(sheet.data.subarray(from, from + SIZE * 3), y * SIZE * 3);
  }
  return out;
}

function render(outDir: string, seed = 1) {
  return renderSheets({ outDir, size: SIZE, count: COUNT, seed, strategies: ['cutout', 'mixup'] });
}

describe('renderSheets', async () => {
  const outDir = tempDir();
  const files = await render(outDir);

  it('writes a sheet per strategy and mode, then index.md', () => {
    expect(files.map((file) => basename(file))).toEqual([
      'cutout.png',
      'mixup.png',
      'cutout-gray.png',
      'mixup-gray.png',
      'index.md',
    ]);
    for (const file of files) expect(readFileSync(file).length).toBeGreaterThan(0);
  });

  it('lays out COUNT images per row, two rows, with white gaps', () => {
    for (const file of ['cutout.png', 'mixup-gray.png']) {
      const sheet = readPng(join(outDir, file));
      expect(sheet.shape).toEqual([
        2 * SIZE + 3 * SHEET_GAP,
        COUNT * SIZE + (COUNT + 1) * SHEET_GAP,
        3,
      ]);
      expect(Array.from(sheet.data.subarray(0, SHEET_GAP * 3)).every((v) => v === 255)).toBe(true);
    }
  });

  it('shows the resized originals in the top row', () => {
    const sheet = readPng(join(outDir, 'cutout.png'));
    for (let b = 0; b < COUNT; b++) {
      expect(cell(sheet, 0, b)).toEqual(expectedOriginal(FIXTURE_NAMES[b]!));
    }
  });

  it('shows the originals as luminance in the gray sheets', () => {
    const sheet = readPng(join(outDir, 'cutout-gray.png'));
    for (let b = 0; b < COUNT; b++) {
      const rgb = expectedOriginal(FIXTURE_NAMES[b]!);
      const top = cell(sheet, 0, b);
      for (let i = 0; i < SIZE * SIZE; i++) {
        const gray = Math.round(
          0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!,
        );
        expect([top[i * 3], top[i * 3 + 1], top[i * 3 + 2]]).toEqual([gray, gray, gray]);
      }
    }
  });

  it('erases a patch of every image in the cutout bottom row, to black', () => {
    for (const file of ['cutout.png', 'cutout-gray.png']) {
      const sheet = readPng(join(outDir, file));
      for (let b = 0; b < COUNT; b++) {
        const original = cell(sheet, 0, b);
        const augmented = cell(sheet, 1, b);
        const changed = augmented.filter((v, i) => v !== original[i]);
        expect(changed.length).toBeGreaterThan(0);
        // Cutout's default fill is black: whatever changed became 0.
        expect(changed.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('lists the sheets and the mixup label weights in index.md', () => {
    const index = readFileSync(join(outDir, 'index.md'), 'utf8');
    for (const file of ['cutout.png', 'mixup.png', 'cutout-gray.png', 'mixup-gray.png']) {
      expect(index).toContain(`(${file})`);
    }
    expect(index).toContain(
      'Made by `pnpm gallery --size 32 --count 3 --seed 1 --strategies cutout,mixup`; the same options give the same files.',
    );
    expect(index).toContain('Each sheet shows 3 originals');
    const lines = index.split('\n').filter((line) => /^- image \d/.test(line));
    expect(lines).toHaveLength(2 * COUNT); // RGB and gray
    for (const line of lines) {
      const weights = [...line.matchAll(/(\d\.\d\d) (?:own|image)/g)].map((m) => Number(m[1]));
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    }
  });

  it('gives byte-identical files for the same seed and different ones for another', async () => {
    const again = await render(tempDir());
    const other = await render(tempDir(), 2);
    files.forEach((file, i) => {
      expect(readFileSync(again[i]!).equals(readFileSync(file))).toBe(true);
    });
    const sheet = (list: string[]) => readFileSync(list[0]!);
    expect(sheet(other).equals(sheet(files))).toBe(false);
  });

  it("gives the same cutout and mixup files through tfjs's cpu backend (the CLI's --backend tfjs)", async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await import('@aug/tfjs');
    const viaTfjs = await renderSheets({
      outDir: tempDir(),
      size: SIZE,
      count: COUNT,
      seed: 1,
      strategies: ['cutout', 'mixup'],
      backend: 'tfjs',
    });
    viaTfjs.forEach((file, i) => {
      if (file.endsWith('.png'))
        expect(readFileSync(file).equals(readFileSync(files[i]!))).toBe(true);
    });
  });

  it('repeats the fixtures when asked for more images than there are', async () => {
    const count = FIXTURE_NAMES.length + 1;
    const [file] = await renderSheets({
      outDir: tempDir(),
      size: SIZE,
      count,
      strategies: ['cutout'],
      modes: ['rgb'],
    });
    const sheet = readPng(file!);
    expect(sheet.shape[1]).toBe(count * SIZE + (count + 1) * SHEET_GAP);
    expect(cell(sheet, 0, count - 1)).toEqual(cell(sheet, 0, 0));
  });

  it('refuses bad options before writing anything', async () => {
    const dir = join(tempDir(), 'never');
    await expect(renderSheets({ outDir: dir, strategies: ['cutout', 'nope'] })).rejects.toThrow(
      InvalidOptionError,
    );
    await expect(renderSheets({ outDir: dir, size: 0 })).rejects.toThrow(/size must be/);
    expect(() => readFileSync(join(dir, 'index.md'))).toThrow(/ENOENT/);
  });
});
