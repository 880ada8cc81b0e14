import { hostBackend } from '@aug/conformance/remote-host';
import * as ort from 'onnxruntime-web/webgpu';
import { onnxruntimeBackend } from '../../src/index.js';

// The page side of browser.test.ts: onnxruntime-web's webgpu execution provider in
// headless Chromium, driven call by call from the conformance suite in Node. The wasm
// files are served beside the page (the test copies them to ort/); one thread, so no
// worker has to load them again.
const here = (globalThis as unknown as { location: { href: string } }).location.href;
ort.env.wasm.wasmPaths = new URL('./ort/', here).href;
ort.env.wasm.numThreads = 1;

hostBackend(() => onnxruntimeBackend({ ort, executionProviders: ['webgpu'] }));
