import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);

/** Makes a tfjs backend current: 'cpu' or 'wasm' (its .wasm files from the package's dist/). */
export async function useTfBackend(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') {
    setWasmPaths(
      `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`,
    );
  }
  if (!(await tf.setBackend(name)))
    throw new Error(`tfjs backend '${name}' could not be initialised`);
  await tf.ready();
}
