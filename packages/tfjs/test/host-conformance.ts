import { runConformance } from '@aug/conformance';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

/** The conformance suite on a tfjs backend in host memory, both ways plans run there. */
export function runHostConformance(name: 'cpu' | 'wasm'): void {
  // The default: core's kernels on the tensors' values.
  runConformance({
    name: `tfjs-${name}`,
    backend: async () => {
      await useTfBackend(name);
      return tfjsBackend();
    },
  });
  // tfjs ops, as under a gradient tape.
  runConformance({
    // Resampling is dense matrix products (packages/core/docs/DECISIONS.md, non-finite pixels).
    nonFiniteResampling: false,
    name: `tfjs-${name}, tfjs ops`,
    backend: async () => {
      await useTfBackend(name);
      return tfjsBackend({ kernels: 'tfjs' });
    },
  });
}
