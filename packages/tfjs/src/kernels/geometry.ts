import * as tf from '@tensorflow/tfjs-core';

/** A per-image scalar as a [B, 1, 1] tensor, for broadcasting over [B, H, W]. */
export function perImage(
  values: ArrayLike<number>,
  dtype: 'int32' | 'float32' = 'int32',
): tf.Tensor3D {
  return tf.tensor3d(Array.from(values), [values.length, 1, 1], dtype);
}

/** An int32 scalar: JS numbers in tfjs ops are float32 and would turn integer math into float math. */
export function int(value: number): tf.Scalar {
  return tf.scalar(value, 'int32');
}

/**
 * An int32 (or bool) tensor as float32 data, for tf.transpose. Not a bare tf.cast:
 * int32 -> float32 "loses nothing", so tfjs-webgpu 4.22's Cast only relabels the i32
 * buffer, and its TransposeProgram, which copies raw buffer elements into an f32
 * `setOutputAtIndex`, then fails WGSL validation exactly as for an int32 transpose
 * (no output is written, so the result is stale pool memory). The add runs a real
 * elementwise conversion on every backend; uint8 pixel values stay exact.
 */
export function toFloat32(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.add(tf.cast(x, 'float32'), tf.scalar(0, 'float32'));
}

/** `x` as `dtype`: tf.cast to its own dtype is not free (a clone, one more kernel). */
export function withDtype(x: tf.Tensor, dtype: tf.DataType): tf.Tensor {
  return x.dtype === dtype ? x : tf.cast(x, dtype);
}

/**
 * Clamps an int32 tensor. Not tf.clipByValue: tfjs-wasm 4.22's ClipByValue leaves int32
 * values above the maximum unchanged.
 */
export function clampInt(x: tf.Tensor, low: number, high: number): tf.Tensor {
  return tf.minimum(tf.maximum(x, int(low)), int(high));
}

/**
 * The outer product of [B, H, 1] and [B, 1, N] factors, [B, H, N]. A broadcast multiply
 * on every backend but tfjs-cpu, whose broadcasting loops are ~10x slower than its
 * matMul there (465 ms against 51 ms for [32, 224, 672]); on wasm it is the other way
 * round (1 ms against 28 ms). Each output is a single product: exact either way.
 */
export function outer(rows: tf.Tensor, cols: tf.Tensor): tf.Tensor {
  return tf.getBackend() === 'cpu'
    ? tf.matMul(rows as tf.Tensor3D, cols as tf.Tensor3D)
    : tf.mul(rows, cols);
}

/**
 * `tf.where(condition, a, b)` for a bool condition and `a`, `b` of its shape and one
 * dtype: the Select kernel itself. tf.where first broadcasts its three inputs with
 * `broadcastTo`, which for an input already of the shape is a clone, and on tfjs-wasm a
 * clone copies the data: three extra passes over the batch, a fifth of the `where`'s
 * time (31.7 against 38.7 ms on [32, 224, 672]). On tfjs-cpu, webgl and webgpu a clone
 * shares the data and costs nothing.
 */
export function select(condition: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const same = (x: tf.Tensor) =>
    x.rank === condition.rank && x.shape.every((n, i) => n === condition.shape[i]);
  if (condition.dtype !== 'bool' || a.dtype !== b.dtype || !same(a) || !same(b)) {
    return tf.where(condition, a, b);
  }
  return tf.engine().runKernel(tf.Select, { condition, t: a, e: b }) as tf.Tensor;
}

/**
 * Whether a tensor's data is held by the current tfjs backend: a tensor made under
 * another backend keeps its data there until a kernel moves it.
 */
export function onActiveBackend(x: tf.Tensor): boolean {
  const engine = tf.engine();
  return engine.state.tensorInfo.get(x.dataId)?.backend === engine.backend;
}

/** Whether the current tfjs backend is tfjs-webgl, or one built on its kernels (their names say webgl). */
export function onWebGl(): boolean {
  return tf.getBackend().includes('webgl');
}
