import { runConformance } from '@aug/conformance';
import * as ort from 'onnxruntime-node';
import { onnxruntimeBackend } from '../src/index.js';

// onnxruntime-node's CPU execution provider, the full matrix, as ONNX graphs
// (by default core's kernels run there: conformance-host.test.ts).
runConformance({
  // Weight-0 padding taps are multiplied too (packages/core/docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'onnxruntime-node cpu, graphs',
  backend: () => onnxruntimeBackend({ ort, executionProviders: ['cpu'], kernels: 'onnx' }),
});
