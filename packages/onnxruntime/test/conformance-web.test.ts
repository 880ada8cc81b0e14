import { runConformance } from '@aug/conformance';
import * as ort from 'onnxruntime-web';
import { onnxruntimeBackend } from '../src/index.js';

// onnxruntime-web's wasm execution provider, in Node, the full matrix, as ONNX graphs
// (by default core's kernels run there: conformance-host.test.ts).
runConformance({
  // Weight-0 padding taps are multiplied too (packages/core/docs/DECISIONS.md, non-finite pixels).
  nonFiniteResampling: false,
  name: 'onnxruntime-web wasm, graphs',
  backend: () => onnxruntimeBackend({ ort, executionProviders: ['wasm'], kernels: 'onnx' }),
});
