import * as tf from '@tensorflow/tfjs-core';

/**
 * The [B, H, W * C] view of NHWC images that the mask-building kernels work on: tfjs's
 * fast kernels (xnnpack on wasm) broadcast well over a long last axis and badly over one
 * of C, so a box mask is the outer product of a [B, H, 1] row mask and a [B, 1, W * C]
 * column mask, both built on the host in O(B (H + W C)).
 */
export interface View {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  /** Images not augmented get an all-zero row mask. */
  readonly active: Uint8Array;
}

/** Row mask [B, H, 1] of [y0, y1) per image (0 for images not augmented). */
export function rowMask(v: View, span: (b: number) => [number, number] | undefined): tf.Tensor {
  const m = new Float32Array(v.B * v.H);
  for (let b = 0; b < v.B; b++) {
    const s = v.active[b] ? span(b) : undefined;
    if (s) m.fill(1, b * v.H + Math.max(0, s[0]), b * v.H + Math.min(v.H, s[1]));
  }
  return tf.tensor3d(m, [v.B, v.H, 1]);
}

/** Column mask [B, 1, W * C] of [x0, x1), every channel. */
export function colMask(v: View, span: (b: number) => [number, number]): tf.Tensor {
  const WC = v.W * v.C;
  const m = new Float32Array(v.B * WC);
  for (let b = 0; b < v.B; b++) {
    const [x0, x1] = span(b);
    m.fill(1, b * WC + Math.max(0, x0) * v.C, b * WC + Math.min(v.W, x1) * v.C);
  }
  return tf.tensor3d(m, [v.B, 1, WC]);
}
