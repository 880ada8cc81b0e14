import type { Backend } from '../backend/backend.js';
import { dtypeOf, type ImageBatch, isBatch, type LabelBatch } from '../batch.js';
import { mixLabelArrays } from '../labels/labels.js';
import type { LabelMix, Plan } from '../plan.js';
import { applyBlend } from './blend.js';
import { applyComposite } from './composite.js';
import { applyFill } from './fill.js';
import { newPixels, type Pixels } from './spans.js';

/** The reference backend's tensor: a neutral batch. */
export type ReferenceTensor = ImageBatch | LabelBatch;

/**
 * Runs one plan from `src` into `out`, an array of the same kind and length (another
 * library's memory, e.g. a tfjs-wasm tensor's place in the wasm heap): every value of
 * `out` is written. `src` is only read; it must not overlap `out`.
 */
export function applyPlanInto(plan: Plan, src: Pixels, out: Pixels): void {
  // Mixup rewrites every augmented image: copying them first would be a wasted pass.
  if (plan.kind === 'blend') {
    applyBlend(plan, src, out);
    return;
  }
  out.set(src);
  if (plan.kind === 'fill') applyFill(plan, src, out);
  else applyComposite(plan, src, out);
}

/** Runs one plan over typed arrays: one copy of the batch, then only the changed regions are written. */
export function applyPlan(plan: Plan, images: ImageBatch): ImageBatch {
  const src = images.data as Pixels;
  const out = newPixels(src, src.length);
  applyPlanInto(plan, src, out);
  return { data: out, shape: [...images.shape], layout: images.layout ?? 'NHWC' };
}

/** The reference backend's type: synchronous, so its methods return values, not promises. */
export interface ReferenceBackend extends Backend<ReferenceTensor> {
  readonly synchronous: true;
  upload(batch: ImageBatch | LabelBatch): ReferenceTensor;
  apply(plan: Plan, images: ReferenceTensor): ImageBatch;
  mixLabels(mix: LabelMix, labels: ReferenceTensor, strategy: string): LabelBatch;
}

/**
 * The reference backend: plain TypeScript over typed arrays (float32 and uint8, NHWC
 * and NCHW, any channel count). It is the oracle of the conformance suite and a real
 * CPU backend for Node data pipelines. Synchronous.
 */
export function referenceBackend(): ReferenceBackend {
  return {
    name: 'reference',
    synchronous: true as const,
    isTensor: (x: unknown): x is ReferenceTensor => isBatch(x),
    describe(x) {
      const data = x.data;
      return {
        shape: x.shape,
        dtype: dtypeOf(data) ?? (data instanceof Int32Array ? 'int32' : data.constructor.name),
      };
    },
    upload: (batch) => batch,
    download: async (x) => x.data,
    apply: (plan, images) => applyPlan(plan, images as ImageBatch),
    mixLabels: (mix, labels, strategy) => mixLabelArrays(labels as LabelBatch, mix, strategy),
    dispose: () => {},
  };
}
