import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runConformance } from '@aug/conformance';
import { openRemoteBackend, type RemotePage } from '@aug/conformance/remote';
import { build, defaultClientConditions } from 'vite';
import { afterAll, expect } from 'vitest';

const require = createRequire(import.meta.url);

// onnxruntime-web's webgpu execution provider in headless Chromium (Debian's, WebGPU on
// SwiftShader): the conformance suite runs here in Node, each call forwarded to the page
// (browser/page.ts), which vite bundles fresh. Every variant and edge shape, one seed.
let page: RemotePage | undefined;
afterAll(() => page?.close());

runConformance({
  name: 'onnxruntime-web webgpu (Chromium)',
  matrix: 'quick',
  setupTimeout: 120_000,
  testTimeout: 120_000,
  backend: async () => {
    page = await openRemoteBackend(async (outDir) => {
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
    expect(page.backend.name).toBe('onnxruntime-webgpu');
    return page.backend;
  },
});
