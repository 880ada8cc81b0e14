import { join } from 'node:path';
import { openBuiltPage } from '@aug/conformance/browser';
import { viteBuild } from '@aug/conformance/remote';
import { expect, it } from 'vitest';
import type { GpuIdsResult, MeanFillResult } from './webgpu-page/page.js';

interface TfjsWebGpuPage {
  meanFill(side: number): Promise<MeanFillResult>;
  gpuIds(): Promise<GpuIdsResult>;
}

// tfjs-webgpu in headless Chromium (Debian's, WebGPU on SwiftShader), whose GPU integers
// are float32: a uint8 mean fill next to a tie on either side is the reference's, on
// images whose sums pass 2^24 many times over (fill.ts never holds a value past 2^24);
// class ids on its GPU, which it cannot read synchronously, give the reference's labels.
it('fills uint8 means exactly past 2^24, and mixes class ids on the GPU, in a browser', async () => {
  const built = await openBuiltPage(
    viteBuild(join(import.meta.dirname, 'webgpu-page'), ['@aug/source']),
  );
  try {
    const { page } = built;
    await page.goto(built.url);
    await page.waitForFunction(() => 'meanFill' in globalThis);
    const run = (side: number) =>
      page.evaluate((n) => (globalThis as unknown as TfjsWebGpuPage).meanFill(n), side);
    const exact = await run(1500); // sums past 2^28
    expect(built.pageErrors).toEqual([]);
    expect([exact.backend, exact.refused]).toEqual(['webgpu', undefined]);
    expect(exact.differing).toBe(0);
    // The patches hold each image's mean, rounded away from the tie's side.
    expect(exact.patch).toEqual([227, 229]);
    // Class ids on its GPU (where a synchronous read gave zeros): the reference's labels.
    const ids = await page.evaluate(() => (globalThis as unknown as TfjsWebGpuPage).gpuIds());
    expect(ids.idsOn).toBe('webgpu');
    expect(ids.got.length).toBe(16);
    for (const [i, v] of ids.got.entries()) expect(v, `label ${i}`).toBeCloseTo(ids.want[i]!, 6);
  } finally {
    await built.close();
  }
}, 180_000);
