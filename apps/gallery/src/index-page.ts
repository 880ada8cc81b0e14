import { type StrategyName, strategies } from '@aug/core';
import type { Mode } from './options.js';

/** One written sheet, and for strategies that mix labels, a line per image saying how. */
export interface SheetEntry {
  readonly strategy: StrategyName;
  readonly mode: Mode;
  /** File name inside the output folder. */
  readonly file: string;
  readonly labelLines?: readonly string[];
}

export interface GalleryFacts {
  readonly names: readonly string[];
  readonly size: number;
  readonly seed: number;
  readonly backend: string;
  /** The flags that make these files again (all but --out). */
  readonly flags: string;
}

const MODE_TITLES: Record<Mode, string> = { rgb: 'RGB', gray: 'grayscale' };

/**
 * index.md for the output folder: what the sheets show and how they were made, then
 * each strategy's sheets. Nothing in it changes between runs of the same options (no
 * dates), so a rerun leaves the folder byte-identical.
 */
export function indexMarkdown(facts: GalleryFacts, sheets: readonly SheetEntry[]): string {
  const order = facts.names.map((name, b) => `${b} ${name}`).join(', ');
  const lines = [
    '# @aug gallery',
    '',
    `Each sheet shows ${facts.names.length} original${facts.names.length === 1 ? '' : 's'} in its top row and, below each one, the same image after the strategy.`,
    `Images (${order}) are ${facts.size}x${facts.size}; seed ${facts.seed} on the ${facts.backend} backend.`,
    `Made by \`pnpm gallery ${facts.flags}\`; the same options give the same files.`,
  ];
  for (const [strategy, entries] of groupByStrategy(sheets)) {
    const { title, summary } = strategies[strategy].definition;
    lines.push('', `## ${title} (\`${strategy}\`)`, '', summary);
    for (const entry of entries) {
      const mode = MODE_TITLES[entry.mode];
      lines.push('', `![${title}, ${mode}](${entry.file})`);
      if (entry.labelLines) {
        lines.push('', `Label weights, ${mode} (image b is class b):`, '');
        lines.push(...entry.labelLines.map((line) => `- ${line}`));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Sheets grouped by strategy, in the order each strategy first appears (Map.groupBy needs Node 21). */
function groupByStrategy(sheets: readonly SheetEntry[]): Map<StrategyName, SheetEntry[]> {
  const groups = new Map<StrategyName, SheetEntry[]>();
  for (const sheet of sheets) {
    const group = groups.get(sheet.strategy);
    if (group) group.push(sheet);
    else groups.set(sheet.strategy, [sheet]);
  }
  return groups;
}
