import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The tfjs backends that run in plain Node (tfjs-node cannot be installed here). */
export const BACKENDS = ['wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

const require = createRequire(import.meta.url);

/** Makes `name` the current tfjs backend, initialising it on first use. */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    // In Node the .wasm binaries are read from disk: point tfjs at the package's dist/.
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(`${dirname(wasmFile)}/`);
  }
  if (!(await tf.setBackend(name))) {
    throw new Error(`the tfjs '${name}' backend could not be initialised`);
  }
  await tf.ready();
}
