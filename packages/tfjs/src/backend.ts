import type { Backend, ImageBatch, LabelBatch, Plan } from '@aug/core';
import { AugError, InputError } from '@aug/core';
import {
  channelsFirst,
  checkPlanned,
  choiceOption,
  describeValue,
  knownOptions,
} from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { canApplyOnHost, hostApply, hostMixLabels } from './host.js';
import { applyBlend } from './kernels/blend.js';
import { applyComposite } from './kernels/composite.js';
import { applyFill } from './kernels/fill.js';
import { toFloat32 } from './kernels/geometry.js';
import { mixLabels } from './kernels/labels.js';

/** The dtype core sees: int32 tensors carry uint8 pixels (tfjs has no uint8 dtype). */
const pixelDType = (t: tf.Tensor): string => (t.dtype === 'int32' ? 'uint8' : t.dtype);

function checkUsable(t: tf.Tensor, what: string): void {
  if (!(t instanceof tf.Tensor)) {
    throw new InputError(`${what}: expected a tf.Tensor; received ${describeValue(t)}`);
  }
  if (t.isDisposed) throw new InputError(`${what}: the tensor has been disposed`);
}

/**
 * Transposes in float32: tfjs-webgpu 4.22 generates invalid WGSL for int32 transposes,
 * and uint8 pixels in int32 tensors are exact in float32. `toFloat32`, not tf.cast,
 * which on webgpu would only relabel the int32 buffer (see there).
 */
function transpose(x: tf.Tensor, perm: number[]): tf.Tensor {
  if (x.dtype === 'float32') return tf.transpose(x, perm);
  return tf.cast(tf.transpose(toFloat32(x), perm), x.dtype);
}

/** Runs one plan on NHWC [B, H, W, C] images of any tfjs backend. */
function run(plan: Plan, images: tf.Tensor4D): tf.Tensor4D {
  if (plan.kind === 'fill') return applyFill(plan, images);
  if (plan.kind === 'composite') return applyComposite(plan, images);
  return applyBlend(plan, images);
}

/** Options of `tfjsBackend`. */
export interface TfjsBackendOptions {
  /**
   * How plans run. `'auto'` (the default): on tfjs-cpu and tfjs-wasm, whose tensors live
   * in host memory, with core's reference kernels on the tensor's values (2-133x faster
   * there, and bit for bit the reference backend's results), except while a gradient
   * tape records (tf.grad, optimizer.minimize, model.fit), where tfjs ops run so that
   * gradients flow through the augmentation; on other tfjs backends (webgl, webgpu),
   * tfjs ops. `'tfjs'`: always tfjs ops.
   */
  readonly kernels?: 'auto' | 'tfjs';
}

function checkOptions(options: TfjsBackendOptions | undefined): 'auto' | 'tfjs' {
  const { kernels } = knownOptions('tfjsBackend', options, ['kernels']);
  return choiceOption('tfjsBackend', 'kernels', kernels, ['auto', 'tfjs'], 'auto');
}

/**
 * The @aug backend for TensorFlow.js tensors, on whichever tfjs backend is active (cpu,
 * wasm, webgl, webgpu). Images are float32, or int32 tensors holding uint8 pixels (tfjs
 * has no uint8 dtype); NHWC (tfjs's layout), NCHW, or rank-3 grayscale. Synchronous, so
 * it runs inside layers; every intermediate tensor is freed before a call returns.
 */
export function tfjsBackend(options?: TfjsBackendOptions): Backend<tf.Tensor> {
  const kernels = checkOptions(options);
  return {
    name: 'tfjs',
    synchronous: true,
    isTensor: (x: unknown): x is tf.Tensor => x instanceof tf.Tensor,
    describe(t, what = 'tensor') {
      checkUsable(t, what);
      if (what === 'images' && t.dtype !== 'float32' && t.dtype !== 'int32') {
        throw new InputError(
          `images: dtype must be float32, or int32 holding uint8 pixels (tfjs has no uint8); received ${t.dtype}`,
        );
      }
      if (what === 'labels' && (t.dtype === 'string' || t.dtype === 'complex64')) {
        throw new InputError(
          `labels: dtype must be numeric (float32 [B, K], or int32 class ids [B]); received ${t.dtype}`,
        );
      }
      return { shape: t.shape, dtype: pixelDType(t) };
    },
    upload(batch: ImageBatch | LabelBatch) {
      const { data, shape } = batch;
      // tf.tensor takes no Float64Array: float64 labels become float32 values.
      if (data instanceof Float64Array) return tf.tensor(Float32Array.from(data), [...shape]);
      if (data instanceof Float32Array) return tf.tensor(data, [...shape], 'float32');
      return tf.tensor(Int32Array.from(data), [...shape], 'int32');
    },
    async download(t) {
      checkUsable(t, 'tensor');
      const data = await t.data();
      if (t.dtype === 'int32' && t.rank >= 3) return Uint8Array.from(data as Int32Array);
      if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array)
        return data;
      throw new AugError(`tfjs: cannot download a ${t.dtype} tensor`);
    },
    apply(plan, images) {
      checkUsable(images, 'images');
      checkPlanned(plan.info, images.shape, pixelDType(images), 'tfjs');
      const { batch: B, height: H, width: W, channels: C } = plan.info;
      // Empty batches: nothing to do, and some tfjs backends refuse zero-size broadcasts.
      if (B === 0) return tf.clone(images);
      if (kernels === 'auto' && canApplyOnHost(images)) return hostApply(plan, images);
      return tf.tidy(() => {
        const nchw = channelsFirst(plan.info);
        const nhwc = nchw ? transpose(images, [0, 2, 3, 1]) : tf.reshape(images, [B, H, W, C]);
        const out = run(plan, nhwc as tf.Tensor4D);
        return nchw ? transpose(out, [0, 3, 1, 2]) : tf.reshape(out, images.shape);
      });
    },
    mixLabels(mix, labels, strategy) {
      checkUsable(labels, 'labels');
      if (kernels === 'auto' && canApplyOnHost(labels)) return hostMixLabels(mix, labels, strategy);
      return mixLabels(mix, labels, strategy);
    },
    dispose: (t) => t.dispose(),
    // Shares the data (tfjs counts references): free, and the input survives disposal.
    clone: (t) => tf.clone(t),
  };
}
