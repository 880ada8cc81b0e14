import type { BlendPlan } from '@aug/core';
import { WEIGHT_SCALE } from '@aug/core/backend';
import { GraphBuilder } from '../graph/builder.js';
import type { BuiltGraph, KeyBase } from './graph.js';
import { type Feeds, feed, IMAGE_DOC, imageShape, imagesInput, type ViewKind } from './view.js';

/**
 * Mixup: image b becomes w * own + (1 - w) * partner, over the [B, H*W*C] view (layout
 * does not matter). uint8 is exact: with W = 32768 w, own * W + partner * (32768 - W) is
 * an integer below 2^24, so float32 holds it exactly, the division by 2^15 is exact, and
 * ONNX Round rounds half to even, as core specifies.
 * `all`: every image is mixed, so no `mixed` flags (the usual case, one pass fewer).
 */
export interface BlendKey extends KeyBase {
  readonly kind: 'blend';
  readonly all: boolean;
}

const mixed = (plan: BlendPlan, b: number) => plan.active[b] === 1 && plan.weight[b] !== 1;

export function blendKey(plan: BlendPlan, view: ViewKind, exported = false): BlendKey {
  let all = !exported;
  for (let b = 0; b < plan.info.batch && all; b++) all = mixed(plan, b);
  return { kind: 'blend', dtype: plan.info.dtype, view, all };
}

export function buildBlend(key: BlendKey): BuiltGraph {
  const name = `blend${key.all ? '_all' : ''}_${key.view}_${key.dtype}`;
  const doc = `@aug blend (Mixup) of ${IMAGE_DOC[key.view]} (${key.dtype}) with partner images.`;
  const g = new GraphBuilder(name, doc);
  const images = imagesInput(g, key.view, key.dtype);
  const partner = g.input({
    name: 'partner',
    type: 'int32',
    shape: ['batch'],
    doc: 'the partner of image b',
  });
  const integer = key.dtype === 'uint8';
  const weight = g.input({
    name: 'weight',
    type: 'float32',
    shape: ['batch', 1],
    doc: integer ? "32768 w: image b's own weight, scaled" : "w: image b's own weight",
  });
  const partnerWeight = g.input({
    name: 'partnerWeight',
    type: 'float32',
    shape: ['batch', 1],
    doc: integer ? '32768 - 32768 w' : '1 - w',
  });
  const x = g.reshape(images, g.int64s([0, -1]));
  const other = g.gather(x, partner);
  let out = integer
    ? g.cast(
        g.op('Round', [
          g.mul(
            g.add(
              g.mul(g.cast(x, 'float32'), weight),
              g.mul(g.cast(other, 'float32'), partnerWeight),
            ),
            g.scalar('float32', 1 / WEIGHT_SCALE),
          ),
        ]),
        'uint8',
      )
    : g.add(g.mul(x, weight), g.mul(other, partnerWeight));
  if (!key.all) {
    // Images not mixed stay bit-identical, even where a partner holds Inf or NaN. They
    // are Where's second branch: onnxruntime turns a -0 from its first into +0.
    const mixedImages = g.input({
      name: 'mixed',
      type: 'bool',
      shape: ['batch', 1],
      doc: 'true for the images mixed; the others come out unchanged',
    });
    out = g.where(mixedImages, out, x);
  }
  g.output(g.reshape(out, g.shape(images)), {
    name: 'output',
    type: key.dtype,
    shape: imageShape(key.view),
    doc: 'the mixed images, same shape, layout and dtype',
  });
  return { name, doc, model: g.build({ kind: 'blend' }), ...g.signature() };
}

/** The inputs of a blend graph for a plan, besides the images. */
export function blendFeeds(plan: BlendPlan, key: BlendKey): Feeds {
  const B = plan.info.batch;
  // uint8 feeds the integer weights W = 32768 w (w is a multiple of 1/32768).
  const scale = plan.info.dtype === 'uint8' ? WEIGHT_SCALE : 1;
  const own = Float32Array.from(plan.weight, (w) =>
    scale === 1 ? w : Math.round(w * WEIGHT_SCALE),
  );
  const feeds: Feeds = {
    partner: feed('int32', [B], Int32Array.from(plan.partner)),
    weight: feed('float32', [B, 1], own),
    partnerWeight: feed(
      'float32',
      [B, 1],
      own.map((w) => scale - w),
    ),
  };
  if (key.all) return feeds;
  const flags = Uint8Array.from({ length: B }, (_, b) => (mixed(plan, b) ? 1 : 0));
  return { ...feeds, mixed: feed('bool', [B, 1], flags) };
}
