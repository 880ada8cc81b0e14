import { patchParams, selectionParams } from '../params/common.js';
import { Lane } from '../sampling/lanes.js';
import { placeBox, samplePatchSize, writeBox } from '../sampling/patch.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** CutPaste (Li et al., 2021): a patch cut from the image and pasted elsewhere in it. */
export const cutPaste = defineStrategy({
  name: 'cutPaste',
  title: 'CutPaste',
  seedName: 'RandomCutPaste',
  summary: 'Cut a patch and paste it elsewhere in the same image.',
  params: {
    ...patchParams(
      'Patch area as a fraction of H * W: a number, or [min, max] sampled uniformly per image.',
    ),
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const dst = new Int32Array(B * 4);
    const offset = new Int32Array(B * 2);
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      const size = samplePatchSize(stream, p.patchArea, p.patchAspectRatio, H, W);
      const [sy, sx] = placeBox(stream, size, H, W);
      const [ty, tx] = placeBox(stream, size, H, W);
      writeBox(dst, b, ty, tx, size);
      offset[b * 2] = sy - ty;
      offset[b * 2 + 1] = sx - tx;
    }
    return {
      kind: 'composite',
      strategy: 'cutPaste',
      info,
      active,
      rects: 1,
      dst,
      source: Int32Array.from({ length: B }, (_, b) => b),
      offset,
      sampler: { type: 'copy' },
    };
  },
});
