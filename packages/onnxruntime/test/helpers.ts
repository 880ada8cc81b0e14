import { makeInput } from '@aug/conformance';
import { batchInfo, createAugmenter, type ImageDType, type Plan, type Strategy } from '@aug/core';

/** A plan of `strategy` for a deterministic NHWC batch, with the batch. */
export function planAndBatch(
  strategy: Strategy<any>,
  shape: { batch: number; height: number; width: number; channels: number },
  dtype: ImageDType = 'float32',
  layout: 'NHWC' | 'NCHW' = 'NHWC',
) {
  const { batch, info } = makeInput(shape, layout, dtype, 4);
  const [plan] = createAugmenter({ backend: 'reference', seed: 3 }).plan(strategy, info, 1);
  return { plan: plan as Plan, batch, info };
}

export { batchInfo };
