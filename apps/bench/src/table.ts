import type { BenchRow } from './report.js';

const HEADER = ['target', 'strategy', 'B', 'ms/call', 'images/s', 'x copy'] as const;
/** Text columns read left to right; numbers line up on the right. */
const RIGHT_ALIGNED = [false, false, true, true, true, true] as const;

/** Three significant digits or so, without exponent notation. */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  // Three significant digits below 1 ms: a sub-microsecond copy must not print as 0.000.
  return ms === 0 ? '0' : ms.toPrecision(3);
}

function cells(row: BenchRow): string[] {
  return [
    row.target,
    row.kind === 'copy'
      ? 'copy (baseline)'
      : row.kind === 'handWritten'
        ? `${row.strategy} (by hand)`
        : row.strategy,
    String(row.batch),
    formatMs(row.msPerCall),
    Math.round(row.imagesPerSecond).toLocaleString('en-US'),
    row.ratioToCopy.toFixed(2),
  ];
}

/** A Markdown table, padded so it also reads well in a terminal. */
export function formatTable(rows: readonly BenchRow[]): string {
  const body = rows.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    `| ${values
      .map((v, i) => (RIGHT_ALIGNED[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join(' | ')} |`;
  const rule = `|${widths
    .map((w, i) => (RIGHT_ALIGNED[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2)))
    .join('|')}|`;
  return [line(HEADER), rule, ...body.map(line)].join('\n');
}
