import { runConformance } from '@aug/conformance';
import * as ort from 'onnxruntime-node';
import { onnxruntimeBackend } from '../src/index.js';

// onnxruntime-node's CPU execution provider, the full matrix.
runConformance({
  // Weight-0 padding taps are multiplied too (docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'onnxruntime-node cpu',
  backend: () => onnxruntimeBackend({ ort, executionProviders: ['cpu'] }),
});
