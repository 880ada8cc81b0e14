import {
  batchInfo,
  createAugmenter,
  cutMix,
  cutout,
  type FillPlan,
  type ImageBatch,
} from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { tfjsBackend } from '../../src/index.js';
import { tieAdjacentImages } from './images.js';

/** What the page hands back to webgpu-page.test.ts. */
export interface MeanFillResult {
  readonly backend: string;
  /** The error's message when the call was refused (the rest is then empty). */
  readonly refused?: string;
  /** Pixels where tfjs-webgpu's images differ from the reference backend's. */
  readonly differing: number;
  /** Each image's patch value (its top-left pixel), on tfjs-webgpu. */
  readonly patch: number[];
}

/**
 * The page side of webgpu-page.test.ts: a uint8 mean fill on tfjs-webgpu in a browser,
 * on the GPU, whose integers are float32, compared with the reference backend's.
 */
async function meanFill(side: number): Promise<MeanFillResult> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-webgpu could not be initialised');
  await tf.ready();
  const data = tieAdjacentImages(side);
  const strategy = cutout({ fillMethod: 'mean_per_channel', patchArea: 0.1 });
  const shape = [2, side, side, 1];
  const images = tf.tensor4d(Int32Array.from(data), [2, side, side, 1], 'int32');
  const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 1 });
  let out: tf.Tensor;
  try {
    out = aug.runSync(strategy, images, { step: 0 });
  } catch (error) {
    images.dispose();
    return { backend: tf.getBackend(), refused: (error as Error).message, differing: 0, patch: [] };
  }
  const got = await out.data();
  tf.dispose([images, out]);
  const batch: ImageBatch = { data, shape };
  const want = createAugmenter({ backend: 'reference', seed: 1 }).runSync(strategy, batch, {
    step: 0,
  }).data;
  const [plan] = aug.plan(strategy, batchInfo(shape, 'uint8'), 0) as FillPlan[];
  const boxes = plan!.region.type === 'boxes' ? plan!.region.boxes : Int32Array.of();
  const n = side * side;
  return {
    backend: tf.getBackend(),
    differing: want.filter((v, k) => v !== got[k]).length,
    patch: [0, 1].map((b) => got[b * n + boxes[b * 4]! * side + boxes[b * 4 + 1]!]!),
  };
}

/** What the page hands back for class ids that live on tfjs-webgpu's GPU. */
export interface GpuIdsResult {
  /** Where the ids' data was when the labels were mixed ('webgpu': on the GPU). */
  readonly idsOn: string;
  readonly got: number[];
  readonly want: number[];
}

/**
 * CutMix labels from class ids gathered on the GPU from a dataset's ids (too many for
 * tfjs-webgpu to gather on the CPU), against the reference's from the same ids on the
 * host. A synchronous read of such ids returned zeros here: the backend must not read them.
 */
async function gpuIds(): Promise<GpuIdsResult> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-webgpu could not be initialised');
  await tf.ready();
  const rows = [3, 1, 4002, 4];
  const dataset = tf.tensor1d(
    Int32Array.from({ length: 5000 }, (_, i) => i % 4),
    'int32',
  );
  const ids = tf.gather(dataset, tf.tensor1d(rows, 'int32'));
  const idsOn = tf.engine().state.tensorInfo.get(ids.dataId)?.backend === tf.engine().backend;
  const images = tf.zeros([4, 8, 8, 3]);
  const strategy = cutMix({ numClasses: 4, labelSmoothing: 0.1 });
  const aug = createAugmenter<tf.Tensor>({ backend: tfjsBackend(), seed: 3 });
  const out = aug.runSync(strategy, { images, labels: ids }, { step: 0 });
  const got = Array.from(await out.labels.data());
  tf.dispose([dataset, ids, images, out.images, out.labels]);
  const want = createAugmenter({ backend: 'reference', seed: 3 }).runSync(
    strategy,
    {
      images: { data: new Float32Array(4 * 8 * 8 * 3), shape: [4, 8, 8, 3] },
      labels: { data: Int32Array.from(rows, (r) => r % 4), shape: [4] },
    },
    { step: 0 },
  ).labels.data;
  return { idsOn: idsOn ? tf.getBackend() : 'cpu', got, want: Array.from(want) };
}

Object.assign(globalThis, { meanFill, gpuIds });
