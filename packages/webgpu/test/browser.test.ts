import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, serveDirectory } from '@aug/conformance/browser';
import { createAugmenter, strategies } from '@aug/core';
import { build, defaultClientConditions } from 'vite';
import { expect, it } from 'vitest';
import { BROWSER_CASES, browserBatch, SEED } from './browser/cases.js';

// The backend in headless Chromium (Debian's, WebGPU on SwiftShader), from a page that
// vite bundles here, so the test never runs stale output. Same seed => same pixels as
// the reference backend in Node.
it('runs every strategy in headless Chromium with the reference results', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aug-webgpu-page-'));
  const browser = await launchChromium();
  try {
    await build({
      root: join(import.meta.dirname, 'browser'),
      logLevel: 'warn',
      resolve: { conditions: ['@aug/source', ...defaultClientConditions] },
      build: { outDir: dir, emptyOutDir: true },
    });
    const server = await serveDirectory(dir);
    try {
      const page = await browser.newPage();
      const logs: string[] = [];
      page.on('pageerror', (e) => logs.push(String(e)));
      await page.goto(server.url);
      await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      const result = await page.evaluate(() =>
        (
          window as unknown as {
            runCases(): Promise<{ adapter: string; outputs: number[][]; errors: string[] }>;
          }
        ).runCases(),
      );
      expect(logs).toEqual([]);
      expect(result.errors).toEqual([]);
      expect(result.adapter).toMatch(/\S/);
      BROWSER_CASES.forEach((c, i) => {
        const batch = browserBatch(c.dtype, c.layout);
        const want = createAugmenter({ backend: 'reference', seed: SEED }).runSync(
          strategies[c.strategy](),
          batch,
          {
            layout: c.layout,
            step: 4,
          },
        );
        const got = result.outputs[i]!;
        expect(got.length, c.strategy).toBe(want.data.length);
        const resampled = c.strategy === 'cutBlur' || c.strategy === 'cutThumbnail';
        const tolerance = c.dtype === 'uint8' ? (resampled ? 1 : 0) : 1e-5;
        let worst = 0;
        for (let k = 0; k < got.length; k++)
          worst = Math.max(worst, Math.abs(got[k]! - want.data[k]!));
        expect(worst, `${c.strategy} ${c.dtype} ${c.layout}`).toBeLessThanOrEqual(tolerance);
        // Something changed: the case really augmented.
        expect(
          got.some((v, k) => v !== want.data[k] || v !== batch.data[k]),
          c.strategy,
        ).toBe(true);
      });
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
