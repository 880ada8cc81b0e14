import { patchParams, selectionParams } from '../params/common.js';
import { labelParams } from '../params/labels.js';
import { numberParam } from '../params/spec.js';
import { Lane } from '../sampling/lanes.js';
import { labelMix, samplePartners } from '../sampling/partners.js';
import { patchSize, placeBox, writeBox } from '../sampling/patch.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** CutMix (Yun et al., 2019): a patch of a partner image pasted at the same place; labels mixed by area. */
export const cutMix = defineStrategy({
  name: 'cutMix',
  title: 'CutMix',
  seedName: 'random_cutmix',
  summary:
    'Paste a patch of another image of the batch at the same place; mix labels by the pasted area.',
  params: {
    ...patchParams(
      'Patch area as a fraction of H * W: a number, or [min, max] with area = min + lam * (max - min), lam ~ Beta(alpha, alpha).',
    ),
    alpha: numberParam({
      min: 0,
      minExclusive: true,
      default: 1,
      doc: 'Beta(alpha, alpha) parameter of the area draw (1 = uniform).',
    }),
    ...labelParams,
    ...selectionParams,
  },
  mixesLabels: () => true,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const partner = samplePartners(rng, B);
    const dst = new Int32Array(B * 4);
    const weight = new Float32Array(B).fill(1);
    for (let b = 0; b < B; b++) {
      if (!active[b] || B < 2) continue;
      const stream = rng.stream(Lane.image, b);
      const lam = stream.beta(p.alpha, p.alpha);
      const area = p.patchArea[0] + lam * (p.patchArea[1] - p.patchArea[0]);
      const size = patchSize(area, stream.logUniform(...p.patchAspectRatio), H, W);
      const [y0, x0] = placeBox(stream, size, H, W);
      writeBox(dst, b, y0, x0, size);
      weight[b] = 1 - (size.h * size.w) / (H * W);
    }
    return {
      kind: 'composite',
      strategy: 'cutMix',
      info,
      active,
      rects: 1,
      dst,
      source: partner,
      offset: new Int32Array(B * 2),
      sampler: { type: 'copy' },
      labels: labelMix(partner, weight, p, gate),
    };
  },
});
