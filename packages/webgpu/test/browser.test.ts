import { join } from 'node:path';
import { openBuiltPage } from '@aug/conformance/browser';
import { viteBuild } from '@aug/conformance/remote';
import { createAugmenter, strategies } from '@aug/core';
import { expect, it } from 'vitest';
import { BROWSER_CASES, browserBatch, browserSample, SEED } from './browser/cases.js';

interface CasesPage {
  runCases(): Promise<{ adapter: string; outputs: number[][]; errors: string[] }>;
}

// The backend in headless Chromium (Debian's, WebGPU on SwiftShader), from a page that
// vite bundles here, so the test never runs stale output. Same seed => same pixels as
// the reference backend in Node.
it('runs every strategy in headless Chromium with the reference results', async () => {
  const built = await openBuiltPage(
    viteBuild(join(import.meta.dirname, 'browser'), ['@aug/source']),
  );
  try {
    const { page } = built;
    await page.goto(built.url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const result = await page.evaluate(() => (window as unknown as CasesPage).runCases());
    expect(built.pageErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.adapter).toMatch(/\S/);
    BROWSER_CASES.forEach((c, i) => {
      const batch = browserBatch(c.dtype, c.layout);
      const want = createAugmenter({ backend: 'reference', seed: SEED }).runSync(
        strategies[c.strategy](),
        browserSample(c.strategy, batch),
        { layout: c.layout, step: 4 },
      ).images;
      const label = `${c.strategy} ${c.dtype} ${c.layout}`;
      // The case really augments: otherwise agreeing would prove nothing.
      expect(
        want.data.some((v, k) => v !== batch.data[k]),
        label,
      ).toBe(true);
      const got = result.outputs[i]!;
      expect(got.length, label).toBe(want.data.length);
      const resampled = c.strategy === 'cutBlur' || c.strategy === 'cutThumbnail';
      const tolerance = c.dtype === 'uint8' ? (resampled ? 1 : 0) : 1e-5;
      let worst = 0;
      for (let k = 0; k < got.length; k++)
        worst = Math.max(worst, Math.abs(got[k]! - want.data[k]!));
      expect(worst, label).toBeLessThanOrEqual(tolerance);
    });
  } finally {
    await built.close();
  }
}, 120_000);
