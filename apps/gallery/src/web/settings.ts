import type { StrategyName } from '@aug/core';
import { FIXTURE_NAMES } from '../fixture-names.js';
import { STRATEGY_NAMES } from '../options.js';

export const SIZES = [32, 64, 96, 128, 192, 256] as const;
export const MAX_COUNT = 12;

/** What the page starts with; the query string may set any of it (?strategy=mixup&gray=1). */
export interface InitialSettings {
  readonly strategy: StrategyName;
  readonly seed: string;
  readonly size: number;
  readonly count: number;
  readonly gray: boolean;
  readonly backend: string;
  /** A second backend run with the same seed beside the first; 'none' for none. */
  readonly compare: string;
}

export const DEFAULTS: InitialSettings = {
  strategy: 'cutout',
  seed: '1',
  size: 128,
  count: FIXTURE_NAMES.length,
  gray: false,
  backend: 'reference',
  compare: 'tfjs-cpu',
};

/** The defaults, overridden by the query string where it names a known value. */
export function initialSettings(query: URLSearchParams): InitialSettings {
  const strategy = query.get('strategy');
  const size = Number(query.get('size'));
  const count = Number(query.get('count'));
  return {
    strategy: (STRATEGY_NAMES as readonly string[]).includes(strategy ?? '')
      ? (strategy as StrategyName)
      : DEFAULTS.strategy,
    // The seed box takes any text: core judges it, as it judges parameters.
    seed: query.get('seed') ?? DEFAULTS.seed,
    size: (SIZES as readonly number[]).includes(size) ? size : DEFAULTS.size,
    count: Number.isInteger(count) && count >= 1 && count <= MAX_COUNT ? count : DEFAULTS.count,
    gray: query.get('gray') === '1',
    backend: query.get('backend') ?? DEFAULTS.backend,
    compare: query.get('compare') ?? DEFAULTS.compare,
  };
}

/** A random seed for the "new seed" button: an integer below 2^31, easy to read and type. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
}
