import { patchParams, selectionParams } from '../params/common.js';
import { numberParam } from '../params/spec.js';
import { Lane } from '../sampling/lanes.js';
import { placeBox, samplePatchSize, writeBox } from '../sampling/patch.js';
import { composeTaps, resizeTaps } from '../sampling/resample.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** CutBlur (Yoo et al., 2020): a patch shows a low-resolution version of the same place. */
export const cutBlur = defineStrategy({
  name: 'cutBlur',
  title: 'CutBlur',
  seedName: 'RandomCutBlur',
  summary: 'Replace a patch with a low-resolution (down- then up-sampled) version of itself.',
  params: {
    ...patchParams(
      'Patch area as a fraction of H * W: a number, or [min, max] sampled uniformly per image.',
    ),
    blurFactor: numberParam({
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      default: 0.1,
      doc: 'The image is resized to (max(1, round(f * H)), max(1, round(f * W))) and back, bilinear with half-pixel centres.',
    }),
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const h = Math.max(1, Math.round(p.blurFactor * H));
    const w = Math.max(1, Math.round(p.blurFactor * W));
    // Down then up is one linear map per axis (`rows`, `cols`): a backend may sample the
    // patch straight from the image (the reference does), or run the two stages (`via`)
    // through the small image, cheaper where resampling is dense (tfjs, onnxruntime, WebGPU).
    const down = { rows: resizeTaps(H, h, 'bilinear'), cols: resizeTaps(W, w, 'bilinear') };
    const up = { rows: resizeTaps(h, H, 'bilinear'), cols: resizeTaps(w, W, 'bilinear') };
    const rows = composeTaps(up.rows, down.rows);
    const cols = composeTaps(up.cols, down.cols);
    const dst = new Int32Array(B * 4);
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      const size = samplePatchSize(stream, p.patchArea, p.patchAspectRatio, H, W);
      const [y0, x0] = placeBox(stream, size, H, W);
      writeBox(dst, b, y0, x0, size);
    }
    return {
      kind: 'composite',
      strategy: 'cutBlur',
      info,
      active,
      rects: 1,
      dst,
      source: Int32Array.from({ length: B }, (_, b) => b),
      offset: new Int32Array(B * 2),
      sampler: { type: 'resample', rows, cols, via: { height: h, width: w, down, up } },
    };
  },
});
