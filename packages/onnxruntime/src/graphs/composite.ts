import { type CompositePlan, InputError, type Taps } from '@aug/core';
import { GraphBuilder, type Value } from '../graph/builder.js';
import type { BuiltGraph, KeyBase } from './graph.js';
import {
  type Feeds,
  feed,
  fromView,
  IMAGE_DOC,
  imageShape,
  imagesInput,
  toView,
  VIEW_DOC,
  type View,
  type ViewKind,
  viewOf,
} from './view.js';

/**
 * Composite plans (CutMix, CutBlur, Cut-Thumbnail, CutPaste, CutSwap): every output
 * value inside a rect reads one value of the source batch (the images, or their
 * separable resampling) through ONE gather. Its flat index is rowSource[p] +
 * colSource[q], both host-built per rect and image (the source image, the offset, the
 * layout's strides), and where rects overlap the first wins.
 */
export interface CompositeKey extends KeyBase {
  readonly kind: 'composite';
  readonly rects: number;
  readonly sampler: CompositePlan['sampler']['type'];
  /** Resampling through a small image (CutBlur's `via`): four passes, not two. */
  readonly staged: boolean;
}

export function compositeKey(plan: CompositePlan, view: ViewKind): CompositeKey {
  return {
    kind: 'composite',
    dtype: plan.info.dtype,
    view,
    rects: plan.rects,
    sampler: plan.sampler.type,
    staged: plan.sampler.type === 'resample' && plan.sampler.via !== undefined,
  };
}

/** A resampling's stages, by the prefix of their tap inputs: one, or down to the small image and up. */
const STAGE_NAMES = { composed: [''], staged: ['down', 'up'] } as const;
const tapName = (stage: string, axis: 'row' | 'col', what: 'TapIndex' | 'TapWeight') =>
  stage === '' ? `${axis}${what}` : `${stage}${axis === 'row' ? 'Row' : 'Col'}${what}`;

/**
 * The separable resampling sum_i sum_j wy[o, i] wx[o', j] x[iy[o, i], ix[o', j]], columns
 * first, in float32; CutBlur's runs twice, to its small image and back, which is several
 * times fewer taps over the full image than the composed sum. Each pass moves its axis
 * first, gathers the [O, T] taps there (so every gathered block is a whole contiguous
 * slab: onnxruntime's Gather copies a block per index, and blocks of C or 1 values are
 * several times slower), weights them and sums the tap axis away. One transpose per pass
 * and one back.
 */
function resample(g: GraphBuilder, images: Value, key: CompositeKey): Value {
  const taps = (stage: string, axis: 'row' | 'col') => {
    const line = axis === 'row' ? 'row' : 'column';
    const what = `${stage === '' ? '' : `${stage}-sampling stage, `}${axis === 'row' ? 'vertical' : 'horizontal'} resampling`;
    const dims = [`${stage}${axis}Out`, `${stage}${axis}Taps`];
    return {
      index: g.input({
        name: tapName(stage, axis, 'TapIndex'),
        type: 'int32',
        shape: dims,
        doc: `${what}: the source ${line} of tap t of output ${line} o`,
      }),
      weight: g.input({
        name: tapName(stage, axis, 'TapWeight'),
        type: 'float32',
        shape: dims,
        doc: `${what}: the weight of that tap`,
      }),
    };
  };
  const rank = key.view === 'gray' ? 3 : 4;
  const [rowAxis, colAxis] = key.view === 'NCHW' ? [2, 3] : [1, 2];
  let x = key.dtype === 'float32' ? images : g.cast(images, 'float32');
  // order[i]: the image axis that axis i of x holds.
  let order = Array.from({ length: rank }, (_, i) => i);
  const transpose = (perm: number[]) => {
    if (perm.every((p, i) => p === i)) return;
    x = g.op('Transpose', [x], { perm: { ints: perm } });
    order = perm.map((p) => order[p]!);
  };
  const pass = (axis: number, t: { index: Value; weight: Value }) => {
    const at = order.indexOf(axis);
    transpose([at, ...order.map((_, i) => i).filter((i) => i !== at)]);
    const gathered = g.gather(x, t.index); // [O, T, rest...]
    const weight = g.unsqueeze(
      t.weight,
      Array.from({ length: rank - 1 }, (_, i) => 2 + i),
    );
    x = g.reduceSum(g.mul(gathered, weight), [1], false);
  };
  for (const stage of key.staged ? STAGE_NAMES.staged : STAGE_NAMES.composed) {
    pass(colAxis, taps(stage, 'col'));
    pass(rowAxis, taps(stage, 'row'));
  }
  transpose(Array.from({ length: rank }, (_, a) => order.indexOf(a)));
  if (key.dtype === 'float32') return x;
  // uint8: round half to even (ONNX Round), clamp, convert.
  const clipped = g.op('Clip', [
    g.op('Round', [x]),
    g.scalar('float32', 0),
    g.scalar('float32', 255),
  ]);
  return g.cast(clipped, 'uint8');
}

export function buildComposite(key: CompositeKey): BuiltGraph {
  const sampler = key.staged ? 'resampleViaSmall' : key.sampler;
  const name = `composite${key.rects}_${sampler}_${key.view}_${key.dtype}`;
  const doc = `@aug composite: copies rects of ${IMAGE_DOC[key.view]} (${key.dtype}) from ${key.sampler === 'copy' ? 'the batch' : key.staged ? 'its resampling through a small image' : 'its resampling'}; ${VIEW_DOC[key.view]}.`;
  const g = new GraphBuilder(name, doc);
  const images = imagesInput(g, key.view, key.dtype);
  const R = key.rects;
  const rowInside = g.input({
    name: 'rowInside',
    type: 'bool',
    shape: [R, 'batch', 'rows', 1],
    doc: 'rect r of image b: view rows inside it (none for images not augmented)',
  });
  const colInside = g.input({
    name: 'colInside',
    type: 'bool',
    shape: [R, 'batch', 1, 'cols'],
    doc: 'rect r of image b: view columns inside it',
  });
  const rowSource = g.input({
    name: 'rowSource',
    type: 'int32',
    shape: [R, 'batch', 'rows', 1],
    doc: 'rect r of image b: flat offset, in the source batch, of the row that view row p reads',
  });
  const colSource = g.input({
    name: 'colSource',
    type: 'int32',
    shape: [R, 'batch', 1, 'cols'],
    doc: 'rect r of image b: flat offset, within that row, of the value view column q reads',
  });
  const x = toView(g, images, key.view);
  const source = key.sampler === 'copy' ? images : resample(g, images, key);
  const flat = g.reshape(source, g.int64s([-1]));
  let index: Value | undefined;
  let any: Value | undefined;
  // The first rect wins where rects overlap: fold from the last to the first.
  for (let r = R - 1; r >= 0; r--) {
    const at = g.scalar('int64', r);
    const inside = g.and(g.gather(rowInside, at), g.gather(colInside, at));
    const idx = g.add(g.gather(rowSource, at), g.gather(colSource, at));
    index = index ? g.where(inside, idx, index) : idx;
    any = any ? g.or(inside, any) : inside;
  }
  // GatherElements, not Gather: onnxruntime's Gather copies each single-value block
  // with a memcpy call, several times slower than GatherElements' loop.
  const picked = g.reshape(
    g.op('GatherElements', [flat, g.reshape(index!, g.int64s([-1]))], { axis: { int: 0 } }),
    g.shape(x),
  );
  const out = g.where(any!, picked, x);
  g.output(fromView(g, out, images, key.view), {
    name: 'output',
    type: key.dtype,
    shape: imageShape(key.view),
    doc: 'the augmented images, same shape, layout and dtype',
  });
  return { name, doc, model: g.build({ kind: 'composite' }), ...g.signature() };
}

const clamp = (i: number, n: number) => (i < 0 ? 0 : i >= n ? n - 1 : i);

/** Where a composite reads: the source batch's rows and columns (the resampled size, if any). */
function sourceSize(plan: CompositePlan): { Hs: number; Ws: number } {
  const s = plan.sampler;
  return s.type === 'resample'
    ? { Hs: s.rows.size, Ws: s.cols.size }
    : { Hs: plan.info.height, Ws: plan.info.width };
}

/** Whether a composite plan changes any pixel (else the graph need not run). */
export function compositeChangesAnything(plan: CompositePlan): boolean {
  for (let b = 0; b < plan.info.batch; b++) {
    if (!plan.active[b]) continue;
    for (let r = 0; r < plan.rects; r++) {
      const k = (b * plan.rects + r) * 4;
      if (plan.dst[k + 2]! > plan.dst[k]! && plan.dst[k + 3]! > plan.dst[k + 1]!) return true;
    }
  }
  return false;
}

function rectFeeds(plan: CompositePlan, v: View): Feeds {
  const R = plan.rects;
  const { Hs, Ws } = sourceSize(plan);
  if (v.B * Hs * Ws * v.C >= 2 ** 31) {
    throw new InputError(
      `onnxruntime: ${plan.strategy}: a batch of ${v.B} x ${Hs} x ${Ws} x ${v.C} values (2^31 or more) is too large for ONNX's int32 gather indices; split the batch`,
    );
  }
  const rowInside = new Uint8Array(R * v.B * v.P);
  const colInside = new Uint8Array(R * v.B * v.Q);
  const rowSource = new Int32Array(R * v.B * v.P);
  const colSource = new Int32Array(R * v.B * v.Q);
  const nchw = v.kind === 'NCHW';
  for (let r = 0; r < R; r++) {
    for (let b = 0; b < v.B; b++) {
      const k = b * R + r;
      const [y0, x0, y1, x1] = [
        plan.dst[k * 4]!,
        plan.dst[k * 4 + 1]!,
        plan.dst[k * 4 + 2]!,
        plan.dst[k * 4 + 3]!,
      ];
      const from = plan.source[k]!;
      const oy = plan.offset[k * 2]!;
      const ox = plan.offset[k * 2 + 1]!;
      const active = plan.active[b] === 1;
      const at = r * v.B + b;
      // Indices are clamped into the source so that rows and columns outside the rect
      // (whose values are not used) still gather from valid places.
      for (let p = 0; p < v.P; p++) {
        const y = v.rowY(p);
        rowInside[at * v.P + p] = active && y >= y0 && y < y1 ? 1 : 0;
        const sy = clamp(y + oy, Hs);
        rowSource[at * v.P + p] = nchw
          ? ((from * v.C + v.rowChannel(p)) * Hs + sy) * Ws
          : (from * Hs + sy) * Ws * v.C;
      }
      for (let q = 0; q < v.Q; q++) {
        const x = v.colX(q);
        colInside[at * v.Q + q] = x >= x0 && x < x1 ? 1 : 0;
        const sx = clamp(x + ox, Ws);
        colSource[at * v.Q + q] = nchw ? sx : sx * v.C + v.colChannel(q);
      }
    }
  }
  return {
    rowInside: feed('bool', [R, v.B, v.P, 1], rowInside),
    colInside: feed('bool', [R, v.B, 1, v.Q], colInside),
    rowSource: feed('int32', [R, v.B, v.P, 1], rowSource),
    colSource: feed('int32', [R, v.B, 1, v.Q], colSource),
  };
}

/** The inputs of a composite graph for a plan, besides the images. */
export function compositeFeeds(plan: CompositePlan): Feeds {
  const feeds = rectFeeds(plan, viewOf(plan.info));
  const s = plan.sampler;
  if (s.type === 'copy') return feeds;
  const [names, maps]: [readonly string[], { rows: Taps; cols: Taps }[]] = s.via
    ? [STAGE_NAMES.staged, [s.via.down, s.via.up]]
    : [STAGE_NAMES.composed, [s]];
  for (const [i, stage] of names.entries()) {
    const { rows, cols } = maps[i]!;
    for (const [axis, t] of [['row', rows] as const, ['col', cols] as const]) {
      feeds[tapName(stage, axis, 'TapIndex')] = feed(
        'int32',
        [t.size, t.taps],
        Int32Array.from(t.index),
      );
      feeds[tapName(stage, axis, 'TapWeight')] = feed(
        'float32',
        [t.size, t.taps],
        Float32Array.from(t.weight),
      );
    }
  }
  return feeds;
}
