import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  EXACT,
  firstMismatch,
  makeInput,
  naiveApply,
  RESAMPLED,
  shapeOf,
  VARIANTS,
} from '@aug/conformance';
import { openBuiltPage } from '@aug/conformance/browser';
import { applyPlan, createAugmenter, type ImageDType, type Layout, strategies } from '@aug/core';
import { build, defaultClientConditions } from 'vite';
import { expect, it } from 'vitest';
import type { BrowserCase, BrowserPage } from './browser/protocol.js';

const require = createRequire(import.meta.url);

/**
 * Every conformance variant, both dtypes, on two small batches (one NHWC RGB with
 * non-finite pixels where the variant keeps them, one NCHW single-channel): WebGPU on
 * SwiftShader is slow, so fewer shapes than the Node suites, but every graph.
 */
const GEOMETRIES = [
  { g: { batch: 4, height: 8, width: 8, channels: 3 }, layout: 'NHWC' as Layout },
  { g: { batch: 3, height: 7, width: 13, channels: 1 }, layout: 'NCHW' as Layout },
];
const SEED = 5;

interface Prepared {
  readonly case: BrowserCase;
  readonly label: string;
  readonly check: (output: readonly number[]) => string | undefined;
}

function prepare(): Prepared[] {
  const prepared: Prepared[] = [];
  for (const variant of VARIANTS) {
    for (const dtype of ['float32', 'uint8'] as ImageDType[]) {
      for (const { g, layout } of GEOMETRIES) {
        const { info } = makeInput(g, layout, dtype, SEED);
        const strategy = strategies[variant.strategy](variant.options as never);
        const [plan] = createAugmenter({ backend: 'reference', seed: SEED }).plan(
          strategy,
          info,
          3,
        );
        const keepsNonFinite =
          (plan!.kind === 'fill' && plan!.fill.type !== 'mean') ||
          (plan!.kind === 'composite' && plan!.sampler.type === 'copy');
        const { batch } = makeInput(g, layout, dtype, SEED, keepsNonFinite);
        const resampled = plan!.kind === 'composite' && plan!.sampler.type === 'resample';
        const { noise } = naiveApply(plan!, batch.data);
        const want = applyPlan(plan!, batch).data;
        prepared.push({
          label: `${variant.strategy} (${variant.label}) ${dtype} ${layout}`,
          case: {
            strategy: variant.strategy,
            options: variant.options,
            shape: shapeOf(g, layout),
            layout,
            dtype,
            data: Array.from(batch.data),
            seed: SEED,
          },
          check: (output) =>
            firstMismatch(output, want, info, resampled ? RESAMPLED : EXACT, (i) => noise[i] === 1),
        });
      }
    }
  }
  return prepared;
}

// onnxruntime-web's webgpu execution provider in headless Chromium (Debian's, WebGPU on
// SwiftShader), from a page vite bundles here; the same plans as in Node must give the
// reference backend's pixels (noise: in range).
it('runs every conformance variant on onnxruntime-web webgpu in headless Chromium', async () => {
  const built = await openBuiltPage(async (outDir) => {
    await build({
      root: join(import.meta.dirname, 'browser'),
      logLevel: 'warn',
      configFile: false,
      resolve: { conditions: ['@aug/source', ...defaultClientConditions] },
      build: { outDir, emptyOutDir: true, target: 'esnext' },
    });
    // The wasm runtime the webgpu EP runs beside (and falls back to for int64 ops).
    const dist = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm'));
    await cp(dist, join(outDir, 'ort'), {
      recursive: true,
      filter: (f) => !/\.(js|map)$/.test(f) || f === dist,
    });
  });
  try {
    const { page } = built;
    await page.goto(built.url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const prepared = prepare();
    const result = await page.evaluate(
      (cases) => (globalThis as unknown as BrowserPage).runCases(cases),
      prepared.map((p) => p.case),
    );
    expect(built.pageErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.backend).toBe('onnxruntime-webgpu');
    const mismatches = prepared
      .map((p, i) => [p.label, p.check(result.outputs[i]!)] as const)
      .filter(([, m]) => m !== undefined);
    expect(mismatches).toEqual([]);
    expect(result.outputs).toHaveLength(prepared.length);
  } finally {
    await built.close();
  }
}, 170_000);
