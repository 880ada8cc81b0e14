import type { BatchInfo, ImageDType } from '@aug/core';
import type { GraphBuilder, Value } from '../graph/builder.js';
import type { Dim, ElementType, TensorDataOf } from '../proto/onnx.js';

/**
 * How a graph sees its images. Every pixel kernel works on a 3-D view [B, P, Q] whose
 * last axis is long: [B, H, W*C] for NHWC (and [B, H, W] for grayscale), [B, C*H, W]
 * for NCHW. Broadcasting over a last axis of C (3) is about 10x slower in onnxruntime
 * than over W*C, and with the view, masks and colours are outer products of host-built
 * [B, P, 1] and [B, 1, Q] factors whatever the layout: the layout lives in how the host
 * fills those factors, not in the graph.
 */
export type ViewKind = 'NHWC' | 'NCHW' | 'gray';

export function viewKind(info: BatchInfo): ViewKind {
  if (info.rank === 3) return 'gray';
  return info.layout;
}

/** The view's geometry on the host: which (y, channel) a row p holds, which (x, channel) a column q. */
export interface View {
  readonly kind: ViewKind;
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly P: number;
  readonly Q: number;
  /** Image row of view row p. */
  rowY(p: number): number;
  /** Channel of view row p, or -1 when a row holds every channel (NHWC). */
  rowChannel(p: number): number;
  /** Image column of view column q. */
  colX(q: number): number;
  /** Channel of view column q, or -1 when a column holds every channel (NCHW). */
  colChannel(q: number): number;
}

export function viewOf(info: BatchInfo): View {
  const { batch: B, height: H, width: W, channels: C } = info;
  const kind = viewKind(info);
  if (kind === 'NCHW') {
    return {
      kind,
      B,
      H,
      W,
      C,
      P: C * H,
      Q: W,
      rowY: (p) => p % H,
      rowChannel: (p) => Math.floor(p / H),
      colX: (q) => q,
      colChannel: () => -1,
    };
  }
  return {
    kind,
    B,
    H,
    W,
    C,
    P: H,
    Q: W * C,
    rowY: (p) => p,
    rowChannel: () => -1,
    colX: (q) => Math.floor(q / C),
    colChannel: (q) => q % C,
  };
}

/** The declared shape of the images input. */
export function imageShape(kind: ViewKind): Dim[] {
  if (kind === 'gray') return ['batch', 'height', 'width'];
  return kind === 'NHWC'
    ? ['batch', 'height', 'width', 'channels']
    : ['batch', 'channels', 'height', 'width'];
}

export const IMAGE_DOC: Record<ViewKind, string> = {
  NHWC: 'images [B, H, W, C] (NHWC)',
  NCHW: 'images [B, C, H, W] (NCHW)',
  gray: 'images [B, H, W] (grayscale)',
};

/** The rows and columns of the view, as the docs name them. */
export const VIEW_DOC: Record<ViewKind, string> = {
  NHWC: 'the view [B, P, Q] = [B, H, W*C]',
  NCHW: 'the view [B, P, Q] = [B, C*H, W]',
  gray: 'the view [B, P, Q] = [B, H, W]',
};

/** The `images` input every image graph starts from. */
export function imagesInput(g: GraphBuilder, kind: ViewKind, dtype: ImageDType): Value {
  return g.input({ name: 'images', type: dtype, shape: imageShape(kind), doc: IMAGE_DOC[kind] });
}

/** In a graph: the images as the view [B, P, Q] (a reshape, no copy). */
export function toView(g: GraphBuilder, images: Value, kind: ViewKind): Value {
  if (kind === 'gray') return images;
  const [a, b, c] =
    kind === 'NHWC'
      ? [g.shape(images, 0, 2), g.reduceProd(g.shape(images, 2, 4)), undefined]
      : [g.shape(images, 0, 1), g.reduceProd(g.shape(images, 1, 3)), g.shape(images, 3, 4)];
  return g.reshape(images, g.concat(c ? [a, b, c] : [a, b]));
}

/** In a graph: a view-shaped result back in the images' shape. */
export function fromView(g: GraphBuilder, x: Value, images: Value, kind: ViewKind): Value {
  return kind === 'gray' ? x : g.reshape(x, g.shape(images));
}

/** A tensor to feed a graph. */
export interface Feed<E extends ElementType = ElementType> {
  readonly type: E;
  readonly dims: readonly number[];
  readonly data: TensorDataOf[E];
}

export type Feeds = Record<string, Feed>;

export function feed<E extends ElementType>(
  type: E,
  dims: readonly number[],
  data: TensorDataOf[E],
): Feed<E> {
  return { type, dims, data };
}

/** A typed array of the images' dtype (colours are fed in the images' own dtype). */
function pixelArray(dtype: ImageDType, length: number): Float32Array | Uint8Array {
  return dtype === 'uint8' ? new Uint8Array(length) : new Float32Array(length);
}

/**
 * Colour planes: one colour (C values at `offset(i)` of `values`) per plane i, laid out
 * to broadcast over the view: [1, Q] (the colour repeated along W*C) for NHWC and
 * grayscale, [P, 1] (each channel's value down its H rows) for NCHW.
 */
export function colourPlanes(
  v: View,
  dtype: ImageDType,
  values: ArrayLike<number>,
  planes: number,
  offset: (i: number) => number,
): { data: Float32Array | Uint8Array; dims: [number, number] } {
  const along = v.kind === 'NCHW' ? v.P : v.Q;
  const data = pixelArray(dtype, planes * along);
  for (let i = 0; i < planes; i++) {
    const at = offset(i);
    for (let k = 0; k < along; k++) {
      const c = v.kind === 'NCHW' ? v.rowChannel(k) : v.colChannel(k);
      data[i * along + k] = values[at + c]!;
    }
  }
  return { data, dims: v.kind === 'NCHW' ? [v.P, 1] : [1, v.Q] };
}
