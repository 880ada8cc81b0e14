import {
  type ImageBatch,
  type ImageDType,
  type LabelBatch,
  Random,
  type StrategyName,
  strategies,
} from '@aug/core';

/**
 * What the browser page and the Node side of the browser test share: the batches (made
 * from a seed, so neither side ships pixels to the other) and the cases to run.
 */
export const BROWSER_CASES: readonly {
  strategy: StrategyName;
  dtype: ImageDType;
  layout: 'NHWC' | 'NCHW';
}[] = [
  { strategy: 'cutout', dtype: 'uint8', layout: 'NHWC' },
  { strategy: 'randomErasing', dtype: 'float32', layout: 'NCHW' },
  { strategy: 'hideAndSeek', dtype: 'uint8', layout: 'NCHW' },
  { strategy: 'gridMask', dtype: 'float32', layout: 'NHWC' },
  { strategy: 'cutMix', dtype: 'uint8', layout: 'NHWC' },
  { strategy: 'mixup', dtype: 'uint8', layout: 'NHWC' },
  { strategy: 'mixup', dtype: 'float32', layout: 'NCHW' },
  { strategy: 'cutBlur', dtype: 'float32', layout: 'NHWC' },
  { strategy: 'cutThumbnail', dtype: 'uint8', layout: 'NHWC' },
  { strategy: 'cutPaste', dtype: 'float32', layout: 'NHWC' },
  { strategy: 'cutSwap', dtype: 'uint8', layout: 'NCHW' },
];

export const SEED = 77;
const [B, H, W, C] = [4, 13, 11, 3];

export function browserBatch(dtype: ImageDType, layout: 'NHWC' | 'NCHW'): ImageBatch {
  const n = B * H * W * C;
  const stream = Random.fromSeed(SEED).stream(5, n);
  const data = dtype === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = dtype === 'uint8' ? stream.int(0, 255) : stream.uniform();
  return { data, shape: layout === 'NHWC' ? [B, H, W, C] : [B, C, H, W], layout };
}

/** The case's sample: its images, with one-hot labels where the strategy mixes them. */
export function browserSample(
  strategy: StrategyName,
  images: ImageBatch,
): { images: ImageBatch; labels?: LabelBatch } {
  if (!strategies[strategy]().mixesLabels) return { images };
  const labels = new Float32Array(B * B);
  for (let b = 0; b < B; b++) labels[b * B + b] = 1;
  return { images, labels: { data: labels, shape: [B, B] } };
}
