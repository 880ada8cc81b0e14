import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import type { ImageDType } from '@aug/core';

/** One line of results: a strategy, or the copy baseline, on one target at one batch size. */
export interface BenchRow {
  readonly target: string;
  /** A strategy name, or 'copy' for the baseline. */
  readonly strategy: string;
  readonly kind: 'strategy' | 'copy' | 'handWritten';
  readonly batch: number;
  /** Median wall time of one call. */
  readonly msPerCall: number;
  readonly imagesPerSecond: number;
  /** msPerCall over the copy baseline's msPerCall for the same target and batch (1 = bandwidth limit). */
  readonly ratioToCopy: number;
  readonly iterations: number;
}

/** What the JSON file holds: the machine, the settings, and every row. */
export interface BenchReport {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly dtype: ImageDType;
  readonly size: number;
  readonly channels: number;
  readonly minTimeMs: number;
  /** The device of each target that runs on one (a GPU's name), by target name. */
  readonly devices: Readonly<Record<string, string>>;
  /** Targets that were asked for but cannot run here. */
  readonly skipped: readonly string[];
  readonly rows: readonly BenchRow[];
}

export interface Machine {
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
}

export function describeMachine(): Machine {
  const all = cpus();
  return { node: process.version, cpu: all[0]?.model.trim() ?? 'unknown', cores: all.length };
}

export async function writeReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
