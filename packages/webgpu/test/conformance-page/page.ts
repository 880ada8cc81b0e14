import { hostBackend } from '@aug/conformance/remote-host';
import { webgpuBackend } from '../../src/index.js';

// The page side of conformance-chromium.test.ts: the backend on the browser's own
// WebGPU, driven call by call from the suite in Node.
hostBackend(async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter in this browser');
  return webgpuBackend({ device: await adapter.requestDevice() });
});
