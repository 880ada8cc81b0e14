import { runConformance } from '@aug/conformance';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

// The default: core's kernels on the tensors' values (tfjs-wasm keeps them in host memory).
runConformance({
  name: 'tfjs-wasm',
  backend: async () => {
    await useTfBackend('wasm');
    return tfjsBackend();
  },
});

// tfjs ops, as under a gradient tape.
runConformance({
  // Resampling is dense matrix products (docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'tfjs-wasm, tfjs ops',
  backend: async () => {
    await useTfBackend('wasm');
    return tfjsBackend({ kernels: 'tfjs' });
  },
});
