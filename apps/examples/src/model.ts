import { initializers, type LayersModel, layers, sequential } from '@tensorflow/tfjs-layers';

/** What the classifier ends with: probabilities (for model.fit) or logits (custom loss). */
export type Head = 'softmax' | 'logits';

export interface ClassifierOptions {
  readonly inputShape: readonly [number, number, number];
  readonly numClasses: number;
  /** Seed of the weight initialisers, so that runs with the same seed start alike. */
  readonly seed: number;
  readonly head: Head;
  /** Layers placed before the network, e.g. @aug/tfjs augmentation layers. */
  readonly preprocessing?: readonly layers.Layer[];
}

/** Adam's learning rate in both examples, so that their accuracies compare. */
export const LEARNING_RATE = 0.002;

/** Units of the hidden layer. */
const HIDDEN_UNITS = 128;

/**
 * A one-hidden-layer MLP. Not a CNN: tfjs-backend-wasm has no gradient kernels for
 * conv2d (Conv2DBackpropFilter), and on tfjs-backend-cpu a small CNN trains at ~20
 * images/s on two cores. Both examples use this model, so that their accuracies compare.
 */
export function buildClassifier(options: ClassifierOptions): LayersModel {
  const { inputShape, numClasses, seed, head, preprocessing = [] } = options;
  const model = sequential();
  model.add(layers.inputLayer({ inputShape: [...inputShape] }));
  for (const layer of preprocessing) model.add(layer);
  model.add(layers.flatten());
  // Two different seeds: the same seed twice would draw the same numbers.
  model.add(
    layers.dense({
      units: HIDDEN_UNITS,
      activation: 'relu',
      kernelInitializer: initializers.heNormal({ seed: 2 * seed }),
    }),
  );
  model.add(
    layers.dense({
      units: numClasses,
      activation: head === 'softmax' ? 'softmax' : 'linear',
      kernelInitializer: initializers.glorotUniform({ seed: 2 * seed + 1 }),
    }),
  );
  return model;
}
