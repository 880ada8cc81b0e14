import { join } from 'node:path';
import { runConformance } from '@aug/conformance';
import { openRemoteBackend, type RemotePage } from '@aug/conformance/remote';
import { build, defaultClientConditions } from 'vite';
import { afterAll, expect, it } from 'vitest';

// tfjs-webgl, tfjs's default in browsers, runs only in one: the suite runs here in Node
// against @aug/tfjs on tfjs-webgl in headless Chromium (Debian's, WebGL on SwiftShader),
// each call forwarded to the page (webgl/page.ts), which vite bundles fresh.
let page: RemotePage | undefined;
afterAll(() => page?.close());

runConformance({
  name: 'tfjs-webgl (Chromium)',
  matrix: 'quick',
  setupTimeout: 120_000,
  testTimeout: 120_000,
  backend: async () => {
    page = await openRemoteBackend((outDir) =>
      build({
        root: join(import.meta.dirname, 'webgl'),
        logLevel: 'warn',
        resolve: { conditions: ['@aug/source', ...defaultClientConditions] },
        build: { outDir, emptyOutDir: true },
      }).then(() => undefined),
    );
    return page.backend;
  },
});

// After the whole suite (the tests above run first): every tensor tfjs still counts is
// one the page holds for a test, so nothing leaked on the webgl paths (gathers, not crops).
it('leaves no tfjs tensor behind in the page', async () => {
  if (!page) throw new Error('the page did not open');
  const { held, live } = await page.backend.stats();
  expect(live).toBe(held);
});
