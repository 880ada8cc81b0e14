import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BuiltPage, openBuiltPage } from '@aug/conformance/browser';
import { createAugmenter, cutout } from '@aug/core';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RgbBatch, toGray } from '../src/batch.js';
import { loadFixtures } from '../src/fixtures.js';
import { cellOrigin } from '../src/sheet.js';

/**
 * The web page in Debian's chromium: builds it with vite into a fresh folder (never a
 * stale dist/), serves it on 127.0.0.1 (a secure context, so WebGPU works) and drives
 * it as a user would, then reads the canvases back and checks their pixels.
 */

const APP = join(import.meta.dirname, '..');
const SCREENSHOTS = join(APP, 'screenshots');
const SIZE = 64;
const COUNT = 4;
const MAGENTA = [255, 0, 255] as const;
const TFJS_BACKENDS = ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu'];
/** Backends beside reference: every tfjs one, raw WebGPU and onnxruntime-web. */
const OTHER_BACKENDS = [...TFJS_BACKENDS, 'webgpu', 'ort-wasm', 'ort-webgpu'];

let built: BuiltPage;
let page: Page;
let pageErrors: string[];
let fixtures: RgbBatch;

beforeAll(async () => {
  built = await openBuiltPage(
    (outDir) =>
      build({
        configFile: join(APP, 'vite.config.ts'),
        build: { outDir, emptyOutDir: true },
        logLevel: 'warn',
      }).then(() => undefined),
    { viewport: { width: 1280, height: 1000 } },
  );
  ({ page, pageErrors } = built);
  fixtures = loadFixtures(COUNT, SIZE).batch;
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await built?.close();
});

/** Opens the page with query settings and waits for its first render. */
async function open(query: Record<string, string> = {}): Promise<void> {
  const search = new URLSearchParams({ size: String(SIZE), count: String(COUNT), ...query });
  await page.goto(`${built.url}?${search}`);
  await page.waitForFunction(
    () => document.body.dataset.state === 'idle' && Number(document.body.dataset.renders) > 0,
  );
}

/** Does what a user does, then waits until the page has rendered the result. */
async function act(action: () => Promise<unknown>): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-renders'));
  await action();
  await page.waitForFunction(
    (n) => document.body.dataset.state === 'idle' && Number(document.body.dataset.renders) > n,
    before,
  );
}

interface Strip {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** The pixels of one row's canvas, as the page drew them. */
async function readRow(row: 'original' | 'augmented' | 'compare'): Promise<Strip> {
  const { width, height, data } = await page.evaluate((name) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-row="${name}"]`)!;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, data: Array.from(pixels.data) };
  }, row);
  return { width, height, rgba: Uint8Array.from(data) };
}

/** Image b of a strip as RGB [SIZE, SIZE, 3]. */
function cell(strip: Strip, b: number): Uint8Array {
  const { y, x } = cellOrigin(0, b, SIZE, SIZE);
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      const from = ((y + r) * strip.width + x + c) * 4;
      rgb.set(strip.rgba.subarray(from, from + 3), (r * SIZE + c) * 3);
    }
  }
  return rgb;
}

/** Image b of an RGB batch, or of a gray batch with its one channel repeated (as drawn). */
function expectedCell(
  batch: { data: Uint8Array; shape: readonly number[] },
  b: number,
): Uint8Array {
  const channels = batch.shape.length === 4 ? 3 : 1;
  const image = batch.data.subarray(b * SIZE * SIZE * channels, (b + 1) * SIZE * SIZE * channels);
  if (channels === 3) return image;
  return Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => image[Math.floor(i / 3)]!);
}

/**
 * Expects image b to be the original with exactly one side x side square filled with
 * `colour`: every changed pixel lies in the square, and every pixel of it is the colour
 * (a pixel that had that colour already counts as erased too).
 */
function expectErasedSquare(
  augmented: Uint8Array,
  original: Uint8Array,
  side: number,
  colour: readonly number[],
): void {
  const differs = (p: number) =>
    [0, 1, 2].some((c) => augmented[p * 3 + c] !== original[p * 3 + c]);
  let [top, left, bottom, right] = [SIZE, SIZE, -1, -1];
  for (let p = 0; p < SIZE * SIZE; p++) {
    if (!differs(p)) continue;
    const [y, x] = [Math.floor(p / SIZE), p % SIZE];
    [top, left] = [Math.min(top, y), Math.min(left, x)];
    [bottom, right] = [Math.max(bottom, y), Math.max(right, x)];
  }
  expect([bottom - top + 1, right - left + 1]).toEqual([side, side]);
  let coloured = 0;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const p = y * SIZE + x;
      if (colour.every((v, c) => augmented[p * 3 + c] === v)) coloured++;
    }
  }
  expect(coloured).toBe(side * side);
}

async function setParam(name: string, value: string): Promise<void> {
  await act(() => page.fill(`#param-${name}`, value));
}

async function constantFill(values: string): Promise<void> {
  await act(async () => {
    await page.selectOption('#param-fillMethod', 'constant');
    await page.fill('#param-fillMethod-values', values);
  });
}

// First calls compile shaders and ONNX sessions on a software GPU: slow on a busy machine.
describe('the gallery page in chromium', { timeout: 60_000 }, () => {
  it('shows every backend, and which of them this browser runs', async () => {
    await open();
    const statuses = await page.$$eval('.backend', (rows) =>
      rows.map((row) => [
        (row as HTMLElement).dataset.backend,
        row.querySelector('.status')!.textContent,
      ]),
    );
    // Chromium with --enable-unsafe-webgpu on 127.0.0.1 runs all of them (SwiftShader).
    expect(statuses).toEqual(['reference', ...OTHER_BACKENDS].map((id) => [id, 'available']));
    // The first render ran on reference and on tfjs-cpu (the default comparison): both timed.
    for (const id of ['reference', 'tfjs-cpu']) {
      expect(await page.textContent(`[data-backend="${id}"] .time`)).toMatch(
        /^last call \d+(\.\d)? ms$/,
      );
    }
  });

  it('shows the fixtures exactly as the CLI resizes them', async () => {
    await open();
    const strip = await readRow('original');
    expect([strip.width, strip.height]).toEqual([COUNT * SIZE + (COUNT + 1) * 4, SIZE + 8]);
    for (let b = 0; b < COUNT; b++) expect(cell(strip, b)).toEqual(expectedCell(fixtures, b));
  });

  it('Cutout with a constant fill erases a square to exactly that colour, and nothing else', async () => {
    await open({ strategy: 'cutout', compare: 'none' });
    await constantFill(MAGENTA.join(', '));
    await setParam('patchArea', '0.1');
    const strip = await readRow('augmented');
    const side = Math.round(Math.sqrt(0.1 * SIZE * SIZE)); // core's rule for Cutout's square
    for (let b = 0; b < COUNT; b++) {
      expectErasedSquare(cell(strip, b), expectedCell(fixtures, b), side, MAGENTA);
    }
    expect(await page.isHidden('#row-compare')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'cutout-rgb.png'), fullPage: true });
  });

  // The same seed gives the same pixels on reference and on every other backend: one test
  // per backend (each runs its kernels on SwiftShader, which takes seconds under CI load).
  let reference: Strip;
  it('CutMix on reference, seed 7, really changes the images', async () => {
    await open({ strategy: 'cutMix', backend: 'reference', compare: 'tfjs-cpu', seed: '7' });
    reference = await readRow('augmented');
    // So the comparisons below are not two copies of the originals.
    expect(cell(reference, 0)).not.toEqual(expectedCell(fixtures, 0));
  });

  it.each(OTHER_BACKENDS)(
    'the same seed gives the same pixels on %s as on reference',
    async (id) => {
      await act(() => page.selectOption('#compare', id));
      expect(await readRow('augmented'), `reference, beside ${id}`).toEqual(reference);
      expect(await readRow('compare'), id).toEqual(reference);
      expect(await page.getAttribute('#row-compare', 'data-identical')).toBe('true');
      expect(await page.textContent('#row-compare .note')).toMatch(/^identical to reference/);
      expect(await page.textContent(`[data-backend="${id}"] .time`)).toMatch(/^last call \d/);
    },
  );

  it('and the other way round: tfjs-webgl chosen, reference beside it', async () => {
    await act(() => page.check('input[name="backend"][value="tfjs-webgl"]'));
    await act(() => page.selectOption('#compare', 'reference'));
    expect(await readRow('augmented')).toEqual(reference);
    expect(await page.getAttribute('#row-compare', 'data-identical')).toBe('true');
    const labels = await page.$$eval('#labels li', (items) => items.map((li) => li.textContent));
    expect(labels).toHaveLength(COUNT);
    expect(labels[0]).toMatch(/^image 0 \(astronaut\): \d\.\d\d own/);
    await page.screenshot({ path: join(SCREENSHOTS, 'cutmix-rgb.png'), fullPage: true });
  });

  it('grayscale: gray originals, a gray fill, and core refusing an RGB fill', async () => {
    await open({ strategy: 'cutout', gray: '1', compare: 'tfjs-wasm' });
    const gray = toGray(fixtures);
    const originals = await readRow('original');
    for (let b = 0; b < COUNT; b++) expect(cell(originals, b)).toEqual(expectedCell(gray, b));

    await constantFill('200');
    const strip = await readRow('augmented');
    const side = Math.round(Math.sqrt(0.1 * SIZE * SIZE));
    for (let b = 0; b < COUNT; b++) {
      expectErasedSquare(cell(strip, b), expectedCell(gray, b), side, [200, 200, 200]);
    }
    expect(await readRow('compare')).toEqual(strip);
    await page.screenshot({ path: join(SCREENSHOTS, 'cutout-gray.png'), fullPage: true });

    // One colour per channel of an RGB image is one too many for a gray batch.
    await constantFill(MAGENTA.join(', '));
    const expected = await createAugmenter({ backend: 'reference', seed: 1 })
      .run(cutout({ fillMethod: [...MAGENTA] }), gray)
      .then(
        () => 'no error',
        (error: Error) => error.message,
      );
    expect(expected).toMatch(/^cutout: "fillMethod" must be one number per channel/);
    expect(await page.textContent('#error')).toBe(expected);
    expect(await page.isHidden('#row-augmented')).toBe(true);
  });

  it("an invalid parameter shows the library's own message, and a valid one brings the images back", async () => {
    await open({ strategy: 'cutout' });
    await setParam('patchArea', '1.5');
    let expected = '';
    try {
      cutout({ patchArea: 1.5 });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toBe('cutout: "patchArea" must be a number > 0 and < 1; received 1.5');
    expect(await page.textContent('#error')).toBe(expected);
    expect(await page.getAttribute('[data-param="patchArea"]', 'class')).toContain('invalid');
    expect(await page.isHidden('#row-augmented')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'invalid-parameter.png'), fullPage: true });

    await setParam('patchArea', '0.2');
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.isVisible('#row-augmented')).toBe(true);
    expect(await page.getAttribute('[data-param="patchArea"]', 'class')).not.toContain('invalid');
  });

  it('"New seed" picks another seed, and other pictures', async () => {
    await open({ strategy: 'randomErasing', compare: 'none' });
    const before = await readRow('augmented');
    await act(() => page.click('#new-seed'));
    const seed = await page.inputValue('#seed');
    expect(seed).toMatch(/^\d+$/);
    expect(seed).not.toBe('1');
    expect(await readRow('augmented')).not.toEqual(before);
    expect(await page.textContent('#row-augmented .caption')).toContain(`seed ${seed}`);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
