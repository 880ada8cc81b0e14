import { runConformance } from '@aug/conformance';
import { tfjsBackend } from '../src/index.js';
import { useTfBackend } from './setup-backends.js';

runConformance({
  name: 'tfjs-cpu',
  backend: async () => {
    await useTfBackend('cpu');
    return tfjsBackend();
  },
});
