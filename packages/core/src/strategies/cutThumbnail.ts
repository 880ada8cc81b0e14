import { ParameterError } from '../errors.js';
import { selectionParams } from '../params/common.js';
import { labelParams } from '../params/labels.js';
import { choiceParam, numberParam, withNote } from '../params/spec.js';
import { Lane } from '../sampling/lanes.js';
import { labelMix, samplePartners } from '../sampling/partners.js';
import { placeBox, writeBox } from '../sampling/patch.js';
import { RESIZE_METHODS, resizeTaps } from '../sampling/resample.js';
import { clamp } from '../sampling/round.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** Cut-Thumbnail (Xie et al., 2021): the image, shrunk to a thumbnail, pasted into itself (or a partner's). */
export const cutThumbnail = defineStrategy({
  name: 'cutThumbnail',
  title: 'Cut-Thumbnail',
  seedName: 'RandomCutThumbnail',
  summary: 'Paste a scaled-down copy of the image at a random location.',
  params: {
    thumbnailArea: numberParam({
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      default: 0.1,
      doc: 'Thumbnail area as a fraction of H * W, aspect ratio kept: th = round(sqrt(area * H * W * H / W)), tw = round(sqrt(area * H * W * W / H)).',
    }),
    resizeMethod: choiceParam({
      choices: RESIZE_METHODS,
      default: 'bilinear',
      doc: "How the thumbnail is resized (half-pixel centres, no antialiasing; 'area' averages the pixels each output covers). Every method works on every backend.",
    }),
    source: choiceParam({
      choices: ['self', 'other'] as const,
      default: 'self',
      doc: "'self': the image's own thumbnail. 'other': a partner's thumbnail, labels mixed by area.",
    }),
    // Accepted with 'self' too: it describes the labels (which 'self' leaves as they
    // are), so code can pass it to every strategy that has it.
    numClasses: withNote(labelParams.numClasses, "Only used with source 'other'."),
    labelSmoothing: withNote(labelParams.labelSmoothing, "Only with source 'other'."),
    ...selectionParams,
  },
  check(p) {
    if (p.labelSmoothing > 0 && p.source !== 'other') {
      throw new ParameterError(
        'cutThumbnail',
        'labelSmoothing',
        "0 unless source is 'other' (only then are labels mixed)",
        p.labelSmoothing,
      );
    }
  },
  mixesLabels: (p) => p.source === 'other',
  plan(p, { info, rng, gate }) {
    const { batch: B, height: H, width: W } = info;
    const active = selectActive(p, B, rng, gate);
    const th = clamp(Math.round(Math.sqrt((p.thumbnailArea * H * W * H) / W)), 0, H);
    const tw = clamp(Math.round(Math.sqrt((p.thumbnailArea * H * W * W) / H)), 0, W);
    const size = { h: th, w: tw };
    const other = p.source === 'other' && B >= 2;
    const source = other ? samplePartners(rng, B) : Int32Array.from({ length: B }, (_, b) => b);
    const dst = new Int32Array(B * 4);
    const offset = new Int32Array(B * 2);
    const weight = new Float32Array(B).fill(1);
    for (let b = 0; b < B; b++) {
      // A lone image has no partner: 'other' leaves it (and its label) as it is.
      if (!active[b] || (p.source === 'other' && !other)) continue;
      const [y0, x0] = placeBox(rng.stream(Lane.image, b), size, H, W);
      writeBox(dst, b, y0, x0, size);
      offset[b * 2] = -y0;
      offset[b * 2 + 1] = -x0;
      if (other) weight[b] = 1 - (th * tw) / (H * W);
    }
    return {
      kind: 'composite',
      strategy: 'cutThumbnail',
      info,
      active,
      rects: 1,
      dst,
      source,
      offset,
      sampler: {
        type: 'resample',
        rows: resizeTaps(H, th, p.resizeMethod),
        cols: resizeTaps(W, tw, p.resizeMethod),
      },
      ...(p.source === 'other' ? { labels: labelMix(source, weight, p, gate) } : {}),
    };
  },
});
