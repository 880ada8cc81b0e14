import { listBackends, type StrategyName, strategies } from '@aug/core';
import { FIXTURE_NAMES } from './fixture-names.js';

/** Sheets in colour, and the same strategies on grayscale (rank-3) batches. */
export const MODES = ['rgb', 'gray'] as const;
export type Mode = (typeof MODES)[number];

export const STRATEGY_NAMES = Object.keys(strategies) as StrategyName[];

export interface RenderOptions {
  /** Folder for the sheets and index.md; created if missing. */
  readonly outDir: string;
  /** Side of the square images, in pixels. Default 224. */
  readonly size?: number;
  /** Images per sheet; the fixtures repeat when there are more than six. Default 6. */
  readonly count?: number;
  /** Augmenter seed: the same seed gives the same sheets, byte for byte. Default 1. */
  readonly seed?: number;
  /** Strategy names as in core's `strategies`. Default all ten, in core's order. */
  readonly strategies?: readonly string[];
  /** A registered backend's name. Default 'reference'. */
  readonly backend?: string;
  /** Default both, RGB first. */
  readonly modes?: readonly Mode[];
  /** Called with each file's path right after it is written, e.g. to show progress. */
  readonly onFile?: (path: string) => void;
}

export interface ResolvedOptions {
  readonly outDir: string;
  readonly size: number;
  readonly count: number;
  readonly seed: number;
  readonly strategies: readonly StrategyName[];
  readonly backend: string;
  readonly modes: readonly Mode[];
  readonly onFile: (path: string) => void;
}

/** An option outside its rule; `option` is the RenderOptions key, so a CLI can name its flag. */
export class InvalidOptionError extends Error {
  override name = 'InvalidOptionError';
  constructor(
    readonly option: keyof RenderOptions,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`${option} must be ${rule}; received ${JSON.stringify(value)}`);
  }
}

// Larger images make sheets of tens of megapixels that no one looks at.
const MAX_SIZE = 2048;
export const MAX_COUNT = 64;

/** Fills in defaults and checks every option, before any file is written. */
export function resolveOptions(options: RenderOptions): ResolvedOptions {
  const {
    outDir,
    size = 224,
    count = FIXTURE_NAMES.length,
    seed = 1,
    strategies: names = STRATEGY_NAMES,
    backend = 'reference',
    modes = MODES,
    onFile = () => {},
  } = options;
  if (typeof outDir !== 'string' || outDir === '') {
    throw new InvalidOptionError('outDir', outDir, 'a folder path');
  }
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    throw new InvalidOptionError('size', size, `an integer from 1 to ${MAX_SIZE}`);
  }
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new InvalidOptionError('count', count, `an integer from 1 to ${MAX_COUNT}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidOptionError('seed', seed, 'an integer from 0 to 2^53 - 1');
  }
  const unknown = names.filter((name) => !(STRATEGY_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0 || new Set(names).size !== names.length) {
    throw new InvalidOptionError(
      'strategies',
      unknown.length > 0 ? unknown.join(',') : names.join(','),
      `distinct names from ${STRATEGY_NAMES.join(', ')}`,
    );
  }
  if (!listBackends().includes(backend)) {
    throw new InvalidOptionError(
      'backend',
      backend,
      `a registered backend (${listBackends().join(', ')})`,
    );
  }
  if (modes.length === 0 || modes.some((mode) => !MODES.includes(mode))) {
    throw new InvalidOptionError('modes', modes, `a non-empty list of ${MODES.join(', ')}`);
  }
  return {
    outDir,
    size,
    count,
    seed,
    strategies: names as StrategyName[],
    backend,
    modes,
    onFile,
  };
}
