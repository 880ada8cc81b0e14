import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type ImageDType, type StrategyName, strategies } from '@aug/core';

/** What the command line asks for, before targets are looked up. */
export interface CliOptions {
  /** Target names; undefined = every available target. */
  readonly targetNames?: readonly string[];
  readonly strategies: readonly StrategyName[];
  readonly batches: readonly number[];
  readonly size: number;
  readonly dtype: ImageDType;
  readonly minTimeMs: number;
  readonly jsonPath: string;
  readonly help: boolean;
}

export const USAGE = `Usage: pnpm bench [-- options]

  --targets a,b        backends to measure (default: every available one)
  --strategies a,b     strategies to measure (default: all ten, default parameters)
  --batches 32,128     batch sizes (default 32,128)
  --size 224           height and width of the images (default 224; 3 channels)
  --dtype float32      float32 (default) or uint8
  --min-time-ms 1000   time each measurement at least this long (default 1000)
  --json path          where to write the results, relative to where you typed the
                       command (default apps/bench/results/latest.json)
  --quick              smoke run: batches 4, size 64, min-time 50 ms (flags given still win)
  --help               this text`;

/** The package root: this file sits in src/ (tests) or dist/ (built), one level down. */
const packageDir = resolve(import.meta.dirname, '..');
export const DEFAULT_JSON_PATH = resolve(packageDir, 'results', 'latest.json');

const FULL = { batches: [32, 128], size: 224, minTimeMs: 1000 } as const;
const QUICK = { batches: [4], size: 64, minTimeMs: 50 } as const;

function list(flag: string, value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new Error(`--${flag}: expected a comma-separated list`);
  return items;
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new Error(`--${flag}: expected an integer >= 1; received '${value}'`);
  }
  return n;
}

function strategyName(name: string): StrategyName {
  if (!Object.hasOwn(strategies, name)) {
    throw new Error(
      `--strategies: unknown strategy '${name}'; known: ${Object.keys(strategies).join(', ')}`,
    );
  }
  return name as StrategyName;
}

/**
 * Parses `argv` (without node and the script); throws with a readable message on bad
 * input. A relative `--json` path starts from `cwd`: where the user typed the command
 * (pnpm's INIT_CWD), not the package folder pnpm runs the script in.
 */
export function parseBenchArgs(
  argv: readonly string[],
  cwd: string = process.env.INIT_CWD ?? process.cwd(),
): CliOptions {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` passes the `--` on; it is not meant as end-of-options.
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      targets: { type: 'string' },
      strategies: { type: 'string' },
      batches: { type: 'string' },
      size: { type: 'string' },
      dtype: { type: 'string' },
      'min-time-ms': { type: 'string' },
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const defaults = values.quick ? QUICK : FULL;

  const dtype = values.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'uint8') {
    throw new Error(`--dtype: expected float32 or uint8; received '${dtype}'`);
  }
  let minTimeMs: number = defaults.minTimeMs;
  if (values['min-time-ms'] !== undefined) {
    minTimeMs = Number(values['min-time-ms']);
    if (!Number.isFinite(minTimeMs) || minTimeMs < 0) {
      throw new Error(`--min-time-ms: expected a number >= 0; received '${values['min-time-ms']}'`);
    }
  }
  return {
    targetNames: values.targets === undefined ? undefined : list('targets', values.targets),
    strategies:
      values.strategies === undefined
        ? (Object.keys(strategies) as StrategyName[])
        : list('strategies', values.strategies).map(strategyName),
    batches:
      values.batches === undefined
        ? defaults.batches
        : list('batches', values.batches).map((b) => positiveInteger('batches', b)),
    size: values.size === undefined ? defaults.size : positiveInteger('size', values.size),
    dtype,
    minTimeMs,
    jsonPath: values.json === undefined ? DEFAULT_JSON_PATH : resolve(cwd, values.json),
    help: values.help,
  };
}
