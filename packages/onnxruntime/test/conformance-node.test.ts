import { runConformance } from '@aug/conformance';
import * as ort from 'onnxruntime-node';
import { onnxruntimeBackend } from '../src/index.js';

// onnxruntime-node's CPU execution provider, the full matrix.
runConformance({
  name: 'onnxruntime-node cpu',
  backend: () => onnxruntimeBackend({ ort, executionProviders: ['cpu'] }),
});
