import { fillParams, selectionParams } from '../params/common.js';
import { numberParam, optionalParam, rangeParam } from '../params/spec.js';
import { GRID_ROTATION_ONE } from '../plan.js';
import { resolveFill } from '../sampling/fill.js';
import { Lane } from '../sampling/lanes.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** Grid Mask (Chen et al., 2020): a regular pattern of masked squares, one per grid unit. */
export const gridMask = defineStrategy({
  name: 'gridMask',
  title: 'Grid Mask',
  seedName: 'RandomGridMask',
  summary: 'Mask a regular grid of squares, with random period and offset per image.',
  params: {
    unitLength: rangeParam({
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      default: [0.2, 0.4],
      doc: 'Grid unit side as a fraction of min(H, W), uniform in [min, max] per image; d = max(1, round(f * min(H, W))).',
    }),
    maskedRatio: numberParam({
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      default: 0.5,
      doc: 'Side of the masked square as a fraction of the unit: l = round(d * maskedRatio).',
    }),
    rotate: optionalParam(
      rangeParam({ min: -360, max: 360, default: [0, 0], doc: '' }),
      'Rotation of the grid in degrees, [min, max] uniform per image, about the image centre (default: none).',
    ),
    ...fillParams("What masked squares are filled with ('random': one colour per image)."),
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const period = new Int32Array(B).fill(1);
    const masked = new Int32Array(B);
    const offset = new Int32Array(B * 2);
    const cosSin = p.rotate ? new Int32Array(B * 2) : undefined;
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      const d = Math.max(
        1,
        Math.round(stream.between(p.unitLength[0], p.unitLength[1]) * Math.min(H, W)),
      );
      period[b] = d;
      masked[b] = Math.round(d * p.maskedRatio);
      offset[b * 2] = stream.int(0, d - 1);
      offset[b * 2 + 1] = stream.int(0, d - 1);
      if (cosSin && p.rotate) {
        const theta = (stream.between(p.rotate[0], p.rotate[1]) * Math.PI) / 180;
        cosSin[b * 2] = Math.round(Math.cos(theta) * GRID_ROTATION_ONE);
        cosSin[b * 2 + 1] = Math.round(Math.sin(theta) * GRID_ROTATION_ONE);
      }
    }
    return {
      kind: 'fill',
      strategy: 'gridMask',
      info,
      active,
      region: { type: 'grid', period, masked, offset, ...(cosSin ? { cosSin } : {}) },
      fill: resolveFill('gridMask', p.fillMethod, p.pixelsRange, info, 1, rng, active),
    };
  },
});
