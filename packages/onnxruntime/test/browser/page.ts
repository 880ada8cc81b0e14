import { batchInfo, createAugmenter, strategies } from '@aug/core';
import * as ort from 'onnxruntime-web/webgpu';
import { onnxruntimeBackend } from '../../src/index.js';
import type { BrowserCase, BrowserPage, BrowserResult } from './protocol.js';

// The wasm files are served beside the page (the test copies them to ort/); one thread,
// so no worker has to load them again.
const here = (globalThis as unknown as { location: { href: string } }).location.href;
ort.env.wasm.wasmPaths = new URL('./ort/', here).href;
ort.env.wasm.numThreads = 1;

const backend = onnxruntimeBackend({ ort, executionProviders: ['webgpu'] });

async function runCase(c: BrowserCase): Promise<number[]> {
  const info = batchInfo(c.shape, c.dtype, c.layout);
  const strategy = strategies[c.strategy](c.options as never);
  const [plan] = createAugmenter({ backend: 'reference', seed: c.seed }).plan(strategy, info, 3);
  const data = c.dtype === 'uint8' ? Uint8Array.from(c.data) : Float32Array.from(c.data);
  const images = new ort.Tensor(c.dtype, data, [...c.shape]);
  const out = await backend.apply(plan!, images);
  try {
    return Array.from(await backend.download(out));
  } finally {
    backend.dispose(out);
  }
}

const page: BrowserPage = {
  async runCases(cases) {
    const outputs: number[][] = [];
    const errors: string[] = [];
    for (const c of cases) {
      try {
        outputs.push(await runCase(c));
      } catch (error) {
        outputs.push([]);
        errors.push(
          `${c.strategy} ${JSON.stringify(c.options)} ${c.dtype}: ${(error as Error).message}`,
        );
      }
    }
    const result: BrowserResult = { backend: backend.name, outputs, errors };
    return result;
  },
};

Object.assign(globalThis, page);
(
  globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }
).document.body.dataset.ready = 'true';
