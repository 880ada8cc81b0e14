import { join } from 'node:path';
import { runConformanceInChromium } from '@aug/conformance/remote';

// The same kernels as conformance.test.ts, on Chromium's WebGPU (Dawn inside the browser,
// with the browser's limits and validation) rather than on Dawn in Node; browser.test.ts
// runs the augmenter inside the page.
runConformanceInChromium({
  // The page bundles this repository's packages from their sources.
  conditions: ['@aug/source'],
  name: 'webgpu (Chromium)',
  root: join(import.meta.dirname, 'conformance-page'),
  backend: 'webgpu',
});
