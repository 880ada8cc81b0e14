import type { LabelBatch } from '@aug/core';

/** Class ids 0..count-1: image b is its own class, so a mixed label says which images it holds. */
export function imageClassIds(count: number): LabelBatch {
  return { data: Int32Array.from({ length: count }, (_, b) => b), shape: [count] };
}

// Weights this small are rounding dust, not a share of another image worth printing.
const NEGLIGIBLE = 0.005;

/**
 * One line per image of mixed `[B, B]` labels whose classes are the images themselves
 * (see imageClassIds), e.g. `image 0 (astronaut): 0.73 own + 0.27 image 3 (rocket)`.
 */
export function describeLabelWeights(labels: LabelBatch, names: readonly string[]): string[] {
  const [count, classes] = labels.shape;
  if (labels.shape.length !== 2 || count !== names.length || classes !== names.length) {
    throw new Error(
      `describeLabelWeights: expected labels [${names.length}, ${names.length}]; received [${labels.shape.join(', ')}]`,
    );
  }
  const lines: string[] = [];
  for (let b = 0; b < count; b++) {
    const row = Array.from(labels.data.subarray(b * classes, (b + 1) * classes));
    const others = row
      .map((weight, k) => ({ weight, k }))
      .filter(({ weight, k }) => k !== b && weight >= NEGLIGIBLE)
      .sort((p, q) => q.weight - p.weight);
    const parts = [
      `${row[b]!.toFixed(2)} own`,
      ...others.map(({ weight, k }) => `${weight.toFixed(2)} image ${k} (${names[k]})`),
    ];
    lines.push(`image ${b} (${names[b]}): ${parts.join(' + ')}`);
  }
  return lines;
}
