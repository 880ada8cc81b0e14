import { fillParams, numPatchesParam, patchParams, selectionParams } from '../params/common.js';
import { resolveFill } from '../sampling/fill.js';
import { Lane } from '../sampling/lanes.js';
import { checkRegionCount } from '../sampling/limits.js';
import { placeBox, samplePatchSize, writeBox } from '../sampling/patch.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** Random Erasing (Zhong et al., 2017): a patch of random size, shape and place per image. */
export const randomErasing = defineStrategy({
  name: 'randomErasing',
  title: 'Random Erasing',
  seedName: 'RandomErasing',
  summary: 'Erase a rectangular patch with random size, shape and location.',
  params: {
    ...patchParams(
      'Patch area as a fraction of H * W: a number, or [min, max] sampled uniformly per patch.',
    ),
    ...fillParams('What the patch is filled with.'),
    numPatches: numPatchesParam,
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const count = p.numPatches;
    checkRegionCount('randomErasing', 'numPatches', count, count, B);
    const boxes = new Int32Array(B * count * 4);
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      for (let i = 0; i < count; i++) {
        const size = samplePatchSize(stream, p.patchArea, p.patchAspectRatio, H, W);
        const [y0, x0] = placeBox(stream, size, H, W);
        writeBox(boxes, b * count + i, y0, x0, size);
      }
    }
    return {
      kind: 'fill',
      strategy: 'randomErasing',
      info,
      active,
      region: { type: 'boxes', count, boxes },
      fill: resolveFill('randomErasing', p.fillMethod, p.pixelsRange, info, count, rng, active),
    };
  },
});
