import { runConformance } from '@aug/conformance';
import { afterAll, expect } from 'vitest';
import { webgpuBackend } from '../src/index.js';
import { testDevice, uncapturedErrors } from './device.js';

// Dawn on SwiftShader, a software GPU: the full matrix still runs in seconds because a
// kernel touches each element once.
runConformance({
  name: 'webgpu',
  matrix: 'full',
  backend: async () => webgpuBackend({ device: await testDevice() }),
});

afterAll(() => {
  expect(uncapturedErrors).toEqual([]);
});
