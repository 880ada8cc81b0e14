import { createAugmenter, strategies } from '@aug/core';
import { type GpuTensor, webgpuBackend } from '../../src/index.js';
import { BROWSER_CASES, browserBatch, browserSample, SEED } from './cases.js';

/**
 * The browser side: the same backend on the browser's own WebGPU. Every case runs
 * through the augmenter on GPU tensors (upload, apply, download), and the pixels go back
 * to the test, which compares them with the reference backend in Node.
 */
async function runCases(): Promise<{ adapter: string; outputs: number[][]; errors: string[] }> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter in this browser');
  const device = await adapter.requestDevice();
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (e) => {
    errors.push((e as GPUUncapturedErrorEvent).error.message);
  });
  const backend = webgpuBackend({ device });
  const outputs: number[][] = [];
  for (const c of BROWSER_CASES) {
    const sample = browserSample(c.strategy, browserBatch(c.dtype, c.layout));
    const images = backend.upload(sample.images) as GpuTensor;
    const labels = sample.labels && (backend.upload(sample.labels) as GpuTensor);
    const augmenter = createAugmenter<GpuTensor>({ backend, seed: SEED });
    const out = augmenter.runSync(
      strategies[c.strategy](),
      labels ? { images, labels } : { images },
      { layout: c.layout, step: 4 },
    );
    outputs.push(Array.from(await backend.download(out.images)));
    for (const t of new Set([out.images, out.labels, images, labels])) if (t) backend.dispose(t);
  }
  backend.release();
  const info = adapter.info;
  return { adapter: `${info.vendor} ${info.architecture} ${info.description}`, outputs, errors };
}

(window as unknown as { runCases: typeof runCases }).runCases = runCases;
document.body.dataset.ready = 'true';
