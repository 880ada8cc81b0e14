import { runConformance } from '@aug/conformance';
import { installNodeWebGpu } from '@aug/conformance/webgpu-node';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsBackend } from '../src/index.js';

// tfjs-webgpu on Dawn + SwiftShader: a software GPU, slow, so the quick matrix (every
// edge shape and layout, one seed). Without an adapter the suite fails under CI=true.
runConformance({
  // Resampling is dense matrix products (packages/core/docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'tfjs-webgpu',
  matrix: 'quick',
  backend: async () => {
    if (!(await installNodeWebGpu())) throw new Error('no WebGPU adapter on this machine');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu')))
      throw new Error('tfjs webgpu backend failed to initialise');
    await tf.ready();
    return tfjsBackend();
  },
});
