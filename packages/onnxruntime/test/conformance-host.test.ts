import { runConformance } from '@aug/conformance';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { onnxruntimeBackend } from '../src/index.js';

// The default on host providers (kernels: 'auto'): core's kernels on the tensors' data,
// wrapped in each runtime's own tensors.
runConformance({
  name: 'onnxruntime-node cpu, host kernels',
  backend: () => onnxruntimeBackend({ ort: ortNode }),
});
runConformance({
  name: 'onnxruntime-web wasm, host kernels',
  backend: () => onnxruntimeBackend({ ort: ortWeb }),
});
