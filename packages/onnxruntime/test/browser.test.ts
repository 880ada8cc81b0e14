import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runConformanceInChromium } from '@aug/conformance/remote';

const require = createRequire(import.meta.url);

// onnxruntime-web's webgpu execution provider in headless Chromium (Debian's, WebGPU on
// SwiftShader): the conformance suite runs here in Node, each call forwarded to the page
// (browser/page.ts).
runConformanceInChromium({
  // The page bundles this repository's packages from their sources.
  conditions: ['@aug/source'],
  // Weight-0 padding taps are multiplied too (packages/core/docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'onnxruntime-web webgpu (Chromium)',
  root: join(import.meta.dirname, 'browser'),
  backend: 'onnxruntime-webgpu',
  // The wasm runtime the webgpu EP runs beside (and falls back to for int64 ops).
  afterBuild: async (outDir) => {
    const dist = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm'));
    await cp(dist, join(outDir, 'ort'), {
      recursive: true,
      filter: (f) => !/\.(js|map)$/.test(f) || f === dist,
    });
  },
});
