import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** The fraction of `images` whose highest-scoring class is their label (logits or probabilities). */
export function accuracyOf(
  model: LayersModel,
  images: tf.Tensor4D,
  labels: Uint8Array,
  batchSize: number,
): number {
  const predicted = tf.tidy(() => tf.argMax(model.predict(images, { batchSize }) as tf.Tensor, -1));
  const classes = predicted.dataSync();
  predicted.dispose();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (classes[i] === labels[i]) correct++;
  return correct / labels.length;
}
