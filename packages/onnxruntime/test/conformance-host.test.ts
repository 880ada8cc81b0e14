import { runConformance } from '@aug/conformance';
import * as ort from 'onnxruntime-web';
import { onnxruntimeBackend } from '../src/index.js';

// The default on host providers (kernels: 'auto'): core's kernels on the tensors' data,
// wrapped in onnxruntime-web's tensors (onnxruntime-node's wrap them the same way).
runConformance({
  name: 'onnxruntime-web wasm, host kernels',
  backend: () => onnxruntimeBackend({ ort }),
});
