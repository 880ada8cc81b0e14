import { runConformance } from '@aug/conformance';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

runConformance({
  // Resampling is dense matrix products (docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'tfjs-cpu',
  backend: async () => {
    await useTfBackend('cpu');
    return tfjsBackend();
  },
});
