import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { type Augmenter, createAugmenter } from '@aug/core';
import { tfjsBackend } from '@aug/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BenchTarget } from '../target.js';
import { eraseByHand, mixupByHand } from './tfjs-by-hand.js';

const require = createRequire(import.meta.url);

async function use(backend: 'cpu' | 'wasm'): Promise<boolean> {
  if (tf.getBackend() === backend) return true;
  if (backend === 'wasm') {
    setWasmPaths(
      `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`,
    );
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  return ok;
}

/**
 * @aug/tfjs on one tfjs backend. The copy baseline is one elementwise kernel (x + 0): the
 * cheapest full read and write a tfjs user has (tf.clone only shares the data).
 */
export function tfjsTarget(backend: 'cpu' | 'wasm'): BenchTarget<tf.Tensor> {
  let lastCopy: tf.Tensor | undefined;
  const inputs = new WeakSet<tf.Tensor>();
  const zero = () => tf.scalar(0, 'float32');
  return {
    name: `tfjs-${backend}`,
    available: () => use(backend),
    async makeBatch(batch, height, width, channels, dtype) {
      await use(backend);
      const shape = [batch, height, width, channels];
      const input =
        dtype === 'uint8'
          ? tf.randomUniform(shape, 0, 256, 'int32', 1)
          : tf.randomUniform(shape, 0, 1, 'float32', 1);
      inputs.add(input);
      return input;
    },
    augmenter: (seed): Augmenter<tf.Tensor> =>
      createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed }),
    handWritten: { cutout: eraseByHand, mixup: mixupByHand },
    augment: (augmenter, augmentation, input, step) =>
      augmenter.runSync(augmentation, input, { step }),
    copy(input) {
      lastCopy?.dispose();
      const z = zero();
      lastCopy = tf.add(input, input.dtype === 'int32' ? tf.cast(z, 'int32') : z);
      z.dispose();
      return lastCopy;
    },
    dispose(x) {
      x.dispose();
      if (inputs.has(x)) {
        // The input's copy destination goes with it.
        lastCopy?.dispose();
        lastCopy = undefined;
      }
    },
  };
}
