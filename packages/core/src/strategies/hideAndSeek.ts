import { fillParams, selectionParams } from '../params/common.js';
import { pairParam, rangeParam } from '../params/spec.js';
import { resolveFill } from '../sampling/fill.js';
import { Lane } from '../sampling/lanes.js';
import { checkRegionCount } from '../sampling/limits.js';
import { selectActive } from '../sampling/select.js';
import { defineStrategy } from './strategy.js';

/** Hide-and-Seek (Singh et al., 2018): a grid over the image; a random number of cells is erased. */
export const hideAndSeek = defineStrategy({
  name: 'hideAndSeek',
  title: 'Hide-and-Seek',
  seedName: 'RandomHideAndSeek',
  summary: 'Divide the image into a grid and erase a random subset of its cells.',
  params: {
    gridSize: pairParam({
      min: 1,
      integer: true,
      default: [8, 8],
      names: '[rows, cols]',
      doc: 'Grid [rows, cols]. Pixel (y, x) is in cell (floor(y * rows / H), floor(x * cols / W)). One call holds at most 2^24 cells (rows x cols x B).',
    }),
    erasedPatches: rangeParam({
      min: 0,
      integer: true,
      default: [0, 5],
      doc: 'Number of cells to erase: uniform in [min, max] (inclusive) per image, capped at rows * cols.',
    }),
    ...fillParams("What erased cells are filled with ('random': one colour per cell)."),
    ...selectionParams,
  },
  mixesLabels: () => false,
  plan(p, { info, rng, gate }) {
    const B = info.batch;
    const [rows, cols] = p.gridSize;
    const n = rows * cols;
    checkRegionCount('hideAndSeek', 'gridSize', p.gridSize, n, B);
    const active = selectActive(p, B, rng, gate);
    const cells = new Uint8Array(B * n);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    for (let b = 0; b < B; b++) {
      if (!active[b]) continue;
      const stream = rng.stream(Lane.image, b);
      const count = Math.min(n, stream.int(p.erasedPatches[0], p.erasedPatches[1]));
      for (const cell of stream.sample(all, count)) cells[b * n + cell] = 1;
    }
    return {
      kind: 'fill',
      strategy: 'hideAndSeek',
      info,
      active,
      region: { type: 'cells', rows, cols, cells },
      fill: resolveFill('hideAndSeek', p.fillMethod, p.pixelsRange, info, n, rng, active),
    };
  },
});
