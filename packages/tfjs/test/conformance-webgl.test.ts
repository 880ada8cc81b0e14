import { join } from 'node:path';
import { runConformanceInChromium } from '@aug/conformance/remote';

// tfjs-webgl, tfjs's default in browsers, runs only in one: the suite runs here in Node
// against @aug/tfjs on tfjs-webgl in headless Chromium (Debian's, WebGL on SwiftShader),
// each call forwarded to the page (webgl/page.ts). The leak check covers the webgl paths
// (gathers where other backends crop).
runConformanceInChromium({
  // The page bundles this repository's packages from their sources.
  conditions: ['@aug/source'],
  // Resampling is dense matrix products (packages/core/docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'tfjs-webgl (Chromium)',
  root: join(import.meta.dirname, 'webgl'),
  leakCheck: true,
});
