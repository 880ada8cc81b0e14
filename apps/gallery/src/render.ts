import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyName } from '@aug/core';
import { augmentBatch, configureStrategy } from './augment.js';
import { toGray } from './batch.js';
import { loadFixtures } from './fixtures.js';
import { indexMarkdown, type SheetEntry } from './index-page.js';
import { describeLabelWeights } from './labels.js';
import {
  type Mode,
  type RenderOptions,
  type ResolvedOptions,
  resolveOptions,
  STRATEGY_NAMES,
} from './options.js';
import { writePng } from './png.js';
import { buildSheet } from './sheet.js';

export function sheetFileName(strategy: StrategyName, mode: Mode): string {
  return mode === 'rgb' ? `${strategy}.png` : `${strategy}-${mode}.png`;
}

/**
 * Augments the fixtures with each strategy and writes a sheet per strategy and mode
 * (`<strategy>.png`, `<strategy>-gray.png`) and index.md into `outDir`. Every sheet
 * gets a fresh augmenter of the same seed, so a sheet does not depend on which others
 * are rendered. Returns the written files' paths, index.md last.
 */
/** The command-line flags that give these options (all but --out, which names no content). */
export function flagsOf(options: ResolvedOptions): string {
  const flags = [`--size ${options.size}`, `--count ${options.count}`, `--seed ${options.seed}`];
  if (options.strategies.join() !== STRATEGY_NAMES.join()) {
    flags.push(`--strategies ${options.strategies.join(',')}`);
  }
  if (options.backend !== 'reference') flags.push(`--backend ${options.backend}`);
  if (options.modes.length === 1)
    flags.push(options.modes[0] === 'rgb' ? '--rgb-only' : '--gray-only');
  return flags.join(' ');
}

export async function renderSheets(options: RenderOptions): Promise<string[]> {
  const resolved = resolveOptions(options);
  const { outDir, size, count, seed, backend, modes, onFile } = resolved;
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const record = (path: string) => {
    written.push(path);
    onFile(path);
  };

  const { names, batch: rgb } = loadFixtures(count, size);
  const sheets: SheetEntry[] = [];
  for (const mode of modes) {
    const originals = mode === 'rgb' ? rgb : toGray(rgb);
    for (const strategy of resolved.strategies) {
      const augmentation = configureStrategy(strategy, {}, count);
      const out = await augmentBatch(augmentation, originals, { backend, seed });
      const file = sheetFileName(strategy, mode);
      writePng(join(outDir, file), buildSheet(originals, out.images));
      record(join(outDir, file));
      sheets.push({
        strategy,
        mode,
        file,
        ...(augmentation.mixesLabels && { labelLines: describeLabelWeights(out.labels, names) }),
      });
    }
  }

  const index = join(outDir, 'index.md');
  writeFileSync(
    index,
    indexMarkdown({ names, size, seed, backend, flags: flagsOf(resolved) }, sheets),
  );
  record(index);
  return written;
}
