import { selectionParams } from '../params/common.js';
import { labelParams } from '../params/labels.js';
import { numberParam } from '../params/spec.js';
import { WEIGHT_SCALE } from '../plan.js';
import { Lane } from '../sampling/lanes.js';
import { labelMix, samplePartners } from '../sampling/partners.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** Mixup (Zhang et al., 2017): blend each image with a partner, labels alike. */
export const mixup = defineStrategy({
  name: 'mixup',
  title: 'Mixup',
  seedName: 'random_mixup',
  summary: 'Blend the image with another image of the batch; mix labels with the same weight.',
  params: {
    alpha: numberParam({
      min: 0,
      minExclusive: true,
      default: 1,
      doc: 'lam ~ Beta(alpha, alpha) per image; image = lam * own + (1 - lam) * partner. lam is quantised to 1/32768.',
    }),
    ...labelParams,
    ...selectionParams,
  },
  mixesLabels: () => true,
  plan(p, { info, rng, gate }) {
    const B = info.batch;
    const active = selectActive(p, B, rng, gate);
    const partner = samplePartners(rng, B);
    const weight = new Float32Array(B).fill(1);
    for (let b = 0; b < B; b++) {
      if (!active[b] || B < 2) continue;
      const lam = rng.stream(Lane.image, b).beta(p.alpha, p.alpha);
      weight[b] = Math.round(lam * WEIGHT_SCALE) / WEIGHT_SCALE;
    }
    return {
      kind: 'blend',
      strategy: 'mixup',
      info,
      active,
      partner,
      weight,
      labels: labelMix(partner, weight, p, gate),
    };
  },
});
