import type { ImageDType, Layout, StrategyName } from '@aug/core';

/** One case the page runs: a strategy on a batch, planned from a seed as in Node. */
export interface BrowserCase {
  readonly strategy: StrategyName;
  readonly options: Record<string, unknown>;
  readonly shape: readonly number[];
  readonly layout: Layout;
  readonly dtype: ImageDType;
  /** Pixels as plain numbers (NaN and Infinity included). */
  readonly data: readonly number[];
  readonly seed: number;
}

export interface BrowserResult {
  readonly backend: string;
  readonly outputs: readonly (readonly number[])[];
  readonly errors: readonly string[];
}

/** What the page puts on `window`. */
export interface BrowserPage {
  runCases(cases: readonly BrowserCase[]): Promise<BrowserResult>;
}
