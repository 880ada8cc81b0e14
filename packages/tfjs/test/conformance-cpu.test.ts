import { runConformance } from '@aug/conformance';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

// The default: core's kernels on the tensors' values (tfjs-cpu keeps them in host memory).
runConformance({
  name: 'tfjs-cpu',
  backend: async () => {
    await useTfBackend('cpu');
    return tfjsBackend();
  },
});

// tfjs ops, as under a gradient tape.
runConformance({
  // Resampling is dense matrix products (docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'tfjs-cpu, tfjs ops',
  backend: async () => {
    await useTfBackend('cpu');
    return tfjsBackend({ kernels: 'tfjs' });
  },
});
