import { runConformance } from '@aug/conformance';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

runConformance({
  name: 'tfjs-wasm',
  backend: async () => {
    await useTfBackend('wasm');
    return tfjsBackend();
  },
});
