import { InputError } from './errors.js';
import {
  type CompositePlan,
  type FillPlan,
  GRID_ROTATION_ONE,
  type GridRegion,
  type Plan,
} from './plan.js';
import { floorMod } from './sampling/round.js';

/**
 * Whether Grid Mask masks pixel (y, x) of image b. With rotation, coordinates are
 * rotated about the image centre in fixed point (cos and sin scaled by 4096, positions
 * doubled so the centre is an integer): pure integer arithmetic, identical on every
 * backend. With angle 0 it reduces exactly to (y + dy) mod d < l and (x + dx) mod d < l.
 */
export function gridMasked(
  region: GridRegion,
  b: number,
  y: number,
  x: number,
  H: number,
  W: number,
): boolean {
  const d = region.period[b]!;
  const l = region.masked[b]!;
  const dy = region.offset[b * 2]!;
  const dx = region.offset[b * 2 + 1]!;
  if (!region.cosSin) return (y + dy) % d < l && (x + dx) % d < l;
  const c = region.cosSin[b * 2]!;
  const s = region.cosSin[b * 2 + 1]!;
  const one2 = 2 * GRID_ROTATION_ONE;
  const Y = 2 * y + 1 - H;
  const X = 2 * x + 1 - W;
  const yr = GRID_ROTATION_ONE * (H - 1) + c * Y - s * X;
  const xr = GRID_ROTATION_ONE * (W - 1) + s * Y + c * X;
  return (
    floorMod(yr + one2 * dy, one2 * d) < one2 * l && floorMod(xr + one2 * dx, one2 * d) < one2 * l
  );
}

/** The cell of `n` over `size` pixels that pixel `p` is in: floor(p * n / size) (Hide-and-Seek). */
export function cellOf(p: number, n: number, size: number): number {
  return Math.floor((p * n) / size);
}

/** First pixel of cell `i` of `n` over `size` pixels: ceil(i * size / n), the inverse of cellOf. */
export function cellStart(i: number, n: number, size: number): number {
  return Math.floor((i * size + n - 1) / n);
}

/**
 * Where a plan may change image b: an H x W mask, 1 inside a region of an active image.
 * For tests and for replaying a plan's geometry on something that must follow the
 * image (a segmentation mask, a saliency map).
 */
export function regionMask(plan: Plan, b: number): Uint8Array {
  const { batch: B, height: H, width: W } = plan.info;
  if (!Number.isInteger(b) || b < 0 || b >= B) {
    throw new InputError(`regionMask: image index must be an integer in [0, ${B}); received ${b}`);
  }
  const mask = new Uint8Array(H * W);
  if (!plan.active[b]) return mask;
  const box = (y0: number, x0: number, y1: number, x1: number) => {
    for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) {
      mask.fill(1, y * W + Math.max(0, x0), y * W + Math.min(W, x1));
    }
  };
  if (plan.kind === 'blend') {
    if (plan.weight[b] !== 1) mask.fill(1);
  } else if (plan.kind === 'composite') {
    boxesOf(plan, b, box);
  } else {
    fillRegionBoxes(plan, b, box);
    if (plan.region.type === 'grid') {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) if (gridMasked(plan.region, b, y, x, H, W)) mask[y * W + x] = 1;
      }
    }
  }
  return mask;
}

type BoxVisitor = (y0: number, x0: number, y1: number, x1: number, index: number) => void;

/** Visits the destination rects of a composite plan for image b. */
export function boxesOf(plan: CompositePlan, b: number, visit: BoxVisitor): void {
  for (let r = 0; r < plan.rects; r++) {
    const i = (b * plan.rects + r) * 4;
    const d = plan.dst;
    visit(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!, r);
  }
}

/**
 * Visits the boxes of a box or cell region of image b, in painting order, with the
 * region's index (for per-region colours). Grid regions have no boxes.
 */
export function fillRegionBoxes(plan: FillPlan, b: number, visit: BoxVisitor): void {
  const { height: H, width: W } = plan.info;
  const region = plan.region;
  if (region.type === 'boxes') {
    for (let i = 0; i < region.count; i++) {
      const k = (b * region.count + i) * 4;
      const bx = region.boxes;
      visit(bx[k]!, bx[k + 1]!, bx[k + 2]!, bx[k + 3]!, i);
    }
  } else if (region.type === 'cells') {
    const { rows, cols, cells } = region;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (!cells[b * rows * cols + r * cols + c]) continue;
        visit(
          cellStart(r, rows, H),
          cellStart(c, cols, W),
          cellStart(r + 1, rows, H),
          cellStart(c + 1, cols, W),
          r * cols + c,
        );
      }
    }
  }
}
