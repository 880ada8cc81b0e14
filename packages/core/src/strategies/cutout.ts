import { fillParams, numPatchesParam, selectionParams } from '../params/common.js';
import { numberParam } from '../params/spec.js';
import { resolveFill } from '../sampling/fill.js';
import { Lane } from '../sampling/lanes.js';
import { checkRegionCount } from '../sampling/limits.js';
import { placeBox, writeBox } from '../sampling/patch.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** Cutout (DeVries & Taylor, 2017): a square patch, same size for the batch, at a random place per image. */
export const cutout = defineStrategy({
  name: 'cutout',
  title: 'Cutout',
  seedName: 'RandomCutout',
  summary: 'Erase a fixed-size square patch at a random location.',
  params: {
    patchArea: numberParam({
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      default: 0.1,
      doc: 'Patch area as a fraction of H * W; side round(sqrt(area * H * W)), clipped to the smaller image side.',
    }),
    ...fillParams('What the patch is filled with.'),
    numPatches: numPatchesParam,
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const side = Math.min(Math.round(Math.sqrt(p.patchArea * H * W)), H, W);
    const size = { h: side, w: side };
    const count = p.numPatches;
    checkRegionCount('cutout', 'numPatches', count, count, B);
    const boxes = new Int32Array(B * count * 4);
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      for (let i = 0; i < count; i++) {
        const [y0, x0] = placeBox(stream, size, H, W);
        writeBox(boxes, b * count + i, y0, x0, size);
      }
    }
    return {
      kind: 'fill',
      strategy: 'cutout',
      info,
      active,
      region: { type: 'boxes', count, boxes },
      fill: resolveFill('cutout', p.fillMethod, p.pixelsRange, info, count, rng, active),
    };
  },
});
