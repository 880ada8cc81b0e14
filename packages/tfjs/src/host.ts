import type { LabelData, LabelMix, Plan } from '@aug/core';
import { applyPlanInto, mixLabelArrays, type Pixels } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { onActiveBackend } from './kernels/geometry.js';

/**
 * tfjs backends whose tensors live in this thread's memory (a JS typed array on cpu, the
 * wasm heap on wasm): their values are read and written synchronously, and core's
 * reference kernels over typed arrays then beat any tfjs op sequence there by 2-133x
 * (they write only the changed regions after one copy; tfjs ops rewrite whole batches
 * several times, and tfjs-cpu's broadcasts, transposes and matMuls are plain JS loops).
 * GPU backends keep the tfjs ops: their data stays on the GPU.
 */
const HOST_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/**
 * Whether a gradient tape is recording (tf.grad, tf.variableGrads, optimizer.minimize,
 * model.fit). Then the result must come from tfjs ops, which the tape records: a tensor
 * made from host values would cut the gradient off from the images, and so from every
 * layer before an augmentation layer, and from the images themselves when a gradient is
 * taken with respect to them (tf.grad's inputs are not marked in any way a call can see).
 */
function recordingGradients(): boolean {
  return tf.engine().isTapeOn();
}

/** Whether `hostApply` may run a plan on these images (else tfjs ops run it). */
export function canApplyOnHost(images: tf.Tensor): boolean {
  return HOST_BACKENDS.has(tf.getBackend()) && images.size > 0 && !recordingGradients();
}

/**
 * The parts of tfjs-wasm's backend (4.x) that let a result be written in place: a new
 * tensor's memory in the wasm heap, and a view of any tensor's. They are what its own
 * kernels use. Without them (another version), values are copied out and back.
 */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
  disposeData(dataId: tf.DataId): boolean;
}

/**
 * tfjs-wasm's heap, when `images` lives in it: a tensor made under another backend keeps
 * its data there until a kernel moves it (dataSync reads it wherever it is).
 */
function wasmHeap(images: tf.Tensor): WasmHeap | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const backend = tf.engine().backend as unknown as Partial<WasmHeap>;
  const usable =
    typeof backend.makeOutput === 'function' &&
    typeof backend.typedArrayFromHeap === 'function' &&
    typeof backend.disposeData === 'function' &&
    onActiveBackend(images);
  return usable ? (backend as WasmHeap) : undefined;
}

/**
 * Runs a plan with core's reference kernels on the tensor's values: the reference
 * backend's results, bit for bit, in every layout. int32 tensors (uint8 pixels) run as
 * uint8 data: the kernels write integers in [0, 255], which an Int32Array holds exactly.
 */
export function hostApply(plan: Plan, images: tf.Tensor): tf.Tensor {
  const dtype = images.dtype as 'float32' | 'int32';
  const heap = wasmHeap(images);
  if (heap) {
    // Into a new tensor's heap memory, from a view of the input's: no copy out and back
    // (each a pass over the batch, and fresh JS memory to fault in). The views are taken
    // after makeOutput, which may grow the heap and detach earlier views.
    const info = heap.makeOutput([...images.shape], dtype);
    try {
      const src = heap.typedArrayFromHeap(images as unknown as tf.TensorInfo);
      applyPlanInto(plan, src as Pixels, heap.typedArrayFromHeap(info) as Pixels);
    } catch (error) {
      heap.disposeData(info.dataId); // no tensor owns the memory yet
      throw error;
    }
    return tf.engine().makeTensorFromTensorInfo(info);
  }
  // tfjs-cpu: dataSync is the backend's own array (not a copy), which applyPlanInto only
  // reads. Elsewhere (a tensor still held by another backend) it is a copy.
  const src = images.dataSync() as Float32Array | Int32Array;
  const out = dtype === 'float32' ? new Float32Array(src.length) : new Int32Array(src.length);
  applyPlanInto(plan, src as Pixels, out as Pixels);
  return tf.tensor(out, images.shape, dtype);
}

/**
 * Mixes labels with core's `mixLabelArrays` on their values (in float64, rounded once):
 * the reference backend's bits, where float32 tfjs ops round at every step and a label
 * mixed twice (CutMix then Mixup) drifts by an ulp. Same conditions as `canApplyOnHost`.
 */
export function hostMixLabels(mix: LabelMix, labels: tf.Tensor, strategy: string): tf.Tensor2D {
  const values = labels.dataSync() as LabelData;
  const mixed = mixLabelArrays({ data: values, shape: labels.shape }, mix, strategy);
  const [B, K] = mixed.shape as [number, number];
  return tf.tensor2d(mixed.data as Float32Array, [B, K], 'float32');
}
