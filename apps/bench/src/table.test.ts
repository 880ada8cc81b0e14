import { describe, expect, it } from 'vitest';
import type { BenchRow } from './report.js';
import { formatMs, formatTable } from './table.js';

const row = (strategy: string, kind: BenchRow['kind'], ms: number, ratio: number): BenchRow => ({
  target: 'reference',
  strategy,
  kind,
  batch: 32,
  msPerCall: ms,
  imagesPerSecond: 32_000 / ms,
  ratioToCopy: ratio,
  iterations: 10,
});

describe('formatTable', () => {
  it('prints a Markdown table with the baseline named as such and numbers right-aligned', () => {
    const table = formatTable([
      row('copy', 'copy', 4, 1),
      row('cutout', 'strategy', 12.345, 3.086),
    ]);
    expect(table.split('\n')).toEqual([
      '| target    | strategy        |  B | ms/call | images/s | x copy |',
      '|-----------|-----------------|---:|--------:|---------:|-------:|',
      '| reference | copy (baseline) | 32 |    4.00 |    8,000 |   1.00 |',
      '| reference | cutout          | 32 |   12.35 |    2,592 |   3.09 |',
    ]);
  });
});

describe('formatMs', () => {
  it('keeps about three significant digits', () => {
    expect(formatMs(0.01234)).toBe('0.0123');
    expect(formatMs(0.000412)).toBe('0.000412');
    expect(formatMs(5.678)).toBe('5.68');
    expect(formatMs(123.45)).toBe('123.5');
  });
});
