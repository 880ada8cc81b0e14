import { hostBackend } from '@aug/conformance/remote-host';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { tfjsBackend } from '../../src/index.js';

// The page side of the tfjs-webgl conformance run (conformance-webgl.test.ts): @aug/tfjs
// on tfjs-webgl in headless Chromium, driven call by call from the suite in Node.
hostBackend(
  async () => {
    if (!(await tf.setBackend('webgl'))) throw new Error('tfjs-webgl could not be initialised');
    await tf.ready();
    if (tf.getBackend() !== 'webgl') throw new Error(`tfjs chose ${tf.getBackend()}, not webgl`);
    return tfjsBackend();
  },
  { live: () => tf.memory().numTensors },
);
