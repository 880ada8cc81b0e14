import {
  type Backend,
  type ImageBatch,
  type Plan,
  type ReferenceTensor,
  referenceBackend,
} from '@aug/core';
import { applyPlan } from '@aug/core/backend';
import { runConformance } from '../../src/index.js';

// Backends with one deliberate defect each, run through the suite by mutants.test.ts
// (in a vitest of their own, since every one of them must fail). A defect the suite
// does not catch would pass here unnoticed by any backend's own tests.

type Apply = (plan: Plan, images: ImageBatch) => ImageBatch;

/** The reference backend with its `apply` or `mixLabels` replaced. */
function mutant(overrides: Partial<Backend<ReferenceTensor>>): () => Backend<ReferenceTensor> {
  return () => ({ ...referenceBackend(), ...overrides });
}
const applying = (apply: Apply) =>
  mutant({ apply: (plan, images) => apply(plan, images as ImageBatch) });

/** Writes its result into the input as well (in place, behind the caller's back). */
runConformance({
  name: 'mutant: writes into its input',
  dtypes: ['float32'],
  matrix: 'quick',
  backend: applying((plan, images) => {
    const out = applyPlan(plan, images);
    (images.data as Float32Array).set(out.data as Float32Array);
    return out;
  }),
});

/** Paints every box one column too wide (a half-open box read as closed). */
runConformance({
  name: 'mutant: boxes one column too wide',
  dtypes: ['float32'],
  matrix: 'quick',
  backend: applying((plan, images) => {
    if (plan.kind !== 'fill' || plan.region.type !== 'boxes') return applyPlan(plan, images);
    const region = plan.region;
    // (y0, x0, y1, x1): x1 moves right, in non-empty boxes.
    const boxes = region.boxes.map((v, i) =>
      i % 4 === 3 && v > region.boxes[i - 2]! ? Math.min(v + 1, plan.info.width) : v,
    );
    return applyPlan({ ...plan, region: { ...region, boxes } }, images);
  }),
});

/** Rounds uint8 Mixup half up instead of half to even. */
runConformance({
  name: 'mutant: uint8 Mixup rounds half up',
  dtypes: ['uint8'],
  matrix: 'quick',
  backend: applying((plan, images) => {
    if (plan.kind !== 'blend') return applyPlan(plan, images);
    const { batch: B } = plan.info;
    const src = images.data as Uint8Array;
    const n = src.length / B;
    const data = src.slice();
    for (let b = 0; b < B; b++) {
      if (!plan.active[b]) continue;
      const w = plan.weight[b]!;
      for (let i = 0; i < n; i++) {
        const own = src[b * n + i]!;
        const partner = src[plan.partner[b]! * n + i]!;
        data[b * n + i] = Math.floor(own * w + partner * (1 - w) + 0.5);
      }
    }
    return { ...images, data, shape: [...images.shape] };
  }),
});

/** Mixes labels but forgets label smoothing. */
runConformance({
  name: 'mutant: labels not smoothed',
  dtypes: ['float32'],
  matrix: 'quick',
  backend: mutant({
    mixLabels: (mix, labels, strategy) =>
      referenceBackend().mixLabels(
        { ...mix, smoothing: new Float32Array(mix.smoothing.length) },
        labels,
        strategy,
      ),
  }),
});

/** Frees what it disposes, but has no `clone`: core then hands inputs back as results. */
const freed = new WeakSet<object>();
const reading =
  <A extends unknown[], R>(f: (x: ReferenceTensor, ...rest: A) => R) =>
  (x: ReferenceTensor, ...rest: A): R => {
    if (freed.has(x)) throw new Error('read after dispose');
    return f(x, ...rest);
  };
runConformance({
  name: 'mutant: frees on dispose without a clone',
  dtypes: ['float32'],
  matrix: 'quick',
  backend: () => {
    const reference = referenceBackend();
    return {
      ...reference,
      download: reading((x) => reference.download(x)),
      apply: (plan, images) => reading((x: ReferenceTensor) => reference.apply(plan, x))(images),
      dispose: (x) => {
        freed.add(x);
      },
    };
  },
});

/** Hands back its input tensor itself when no image is augmented (nothing to do). */
runConformance({
  name: 'mutant: hands back its input when no image is augmented',
  dtypes: ['float32'],
  matrix: 'quick',
  backend: applying((plan, images) =>
    plan.active.some((a) => a === 1) ? applyPlan(plan, images) : images,
  ),
});

/** Augments every image, whatever `active` says. */
runConformance({
  name: 'mutant: ignores active',
  dtypes: ['float32'],
  matrix: 'quick',
  backend: applying((plan, images) =>
    applyPlan({ ...plan, active: new Uint8Array(plan.active.length).fill(1) }, images),
  ),
});
