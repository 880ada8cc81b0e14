import { registerBackend } from '@aug/core';
import { tfjsBackend } from './backend.js';

export { tfjsBackend } from './backend.js';

// Importing @aug/tfjs makes 'tfjs' the default backend: createAugmenter() picks it.
registerBackend('tfjs', tfjsBackend, 10);
