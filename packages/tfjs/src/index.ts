import { registerBackend } from '@aug/core';
import type * as tf from '@tensorflow/tfjs-core';
import { tfjsBackend } from './backend.js';

declare module '@aug/core' {
  // createAugmenter({ backend: 'tfjs' }) is an Augmenter<tf.Tensor>.
  interface BackendTensorTypes {
    tfjs: tf.Tensor;
  }
}

export type { TfjsBackendOptions } from './backend.js';
export { tfjsBackend } from './backend.js';
export type { SeedOptions } from './functions.js';
export { randomCutMix, randomMixup } from './functions.js';
export type { AugmentationLayerArgs, AugmentationLayerClass } from './layers.js';
export {
  AUGMENTATION_LAYERS,
  AugmentationLayer,
  RandomCutBlur,
  RandomCutout,
  RandomCutPaste,
  RandomCutSwap,
  RandomCutThumbnail,
  RandomErasing,
  RandomGridMask,
  RandomHideAndSeek,
  registerLayers,
} from './layers.js';

// Importing @aug/tfjs makes 'tfjs' the default backend: createAugmenter() picks it.
registerBackend('tfjs', tfjsBackend, 10);
