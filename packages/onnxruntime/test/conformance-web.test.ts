import { runConformance } from '@aug/conformance';
import * as ort from 'onnxruntime-web';
import { onnxruntimeBackend } from '../src/index.js';

// onnxruntime-web's wasm execution provider, in Node, the full matrix.
runConformance({
  name: 'onnxruntime-web wasm',
  backend: () => onnxruntimeBackend({ ort, executionProviders: ['wasm'] }),
});
