import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FIXTURE_NAMES } from './fixture-names.js';
import {
  InvalidOptionError,
  MAX_COUNT,
  MODES,
  type Mode,
  type RenderOptions,
  resolveOptions,
  STRATEGY_NAMES,
} from './options.js';

export const USAGE = `Usage: aug-gallery [options]

Augments the sample images with every strategy and writes, per strategy, a PNG sheet of
the originals (top row) above the augmented images, plus index.md.

Options:
  --out DIR            output folder (default: gallery-out, relative to where pnpm was run)
  --size N             side of the square images in pixels (default: 224)
  --count N            images per sheet, up to ${MAX_COUNT}; fixtures repeat after ${FIXTURE_NAMES.length} (default: ${FIXTURE_NAMES.length})
  --seed N             augmenter seed (default: 1)
  --strategies a,b,c   strategies to render (default: all):
                       ${STRATEGY_NAMES.join(', ')}
  --backend NAME       backend to augment on: reference (default) or tfjs (its cpu backend)
  --rgb-only           colour sheets only
  --gray-only          grayscale sheets only
  -h, --help           show this help
`;

/** A command line that cannot be run as given; the CLI prints it and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Command = { readonly help: true } | { readonly help: false; options: RenderOptions };

/** Where a relative --out is resolved, and the default output folder's parent. */
export interface Invocation {
  readonly cwd: string;
  /** pnpm sets INIT_CWD to where the user ran `pnpm ...`, while scripts run in the package. */
  readonly initCwd?: string | undefined;
}

const FLAG_OF: Partial<Record<keyof RenderOptions, string>> = {
  outDir: '--out',
  size: '--size',
  count: '--count',
  seed: '--seed',
  strategies: '--strategies',
  backend: '--backend',
};

/** Parses and checks the command line; throws UsageError naming the flag and value at fault. */
export function parseCommand(argv: readonly string[], invocation: Invocation): Command {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    // `pnpm gallery -- --size 64` passes the `--` on; it is not meant as end-of-options.
    values = parseFlags(argv[0] === '--' ? argv.slice(1) : argv).values;
  } catch (error) {
    // parseArgs says which flag is unknown or lacks its value; keep its words.
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  if (values['rgb-only'] && values['gray-only']) {
    throw new UsageError('--rgb-only and --gray-only exclude each other; give at most one');
  }
  const modes: readonly Mode[] = values['rgb-only']
    ? ['rgb']
    : values['gray-only']
      ? ['gray']
      : MODES;
  const base = invocation.initCwd || invocation.cwd;
  const out = values.out ?? 'gallery-out';
  const options: RenderOptions = {
    outDir: isAbsolute(out) ? out : resolve(base, out),
    size: integerFlag('--size', values.size),
    count: integerFlag('--count', values.count),
    seed: integerFlag('--seed', values.seed),
    strategies: values.strategies?.split(',').map((name) => name.trim()),
    backend: values.backend,
    modes,
  };
  try {
    resolveOptions(options);
  } catch (error) {
    if (!(error instanceof InvalidOptionError)) throw error;
    const flag = FLAG_OF[error.option] ?? error.option;
    // What the user typed, not the number it parsed to (20 nines print as 1e20).
    const typed = { size: values.size, count: values.count, seed: values.seed }[
      error.option as 'size' | 'count' | 'seed'
    ];
    throw new UsageError(
      `${flag} must be ${error.rule}; received ${JSON.stringify(typed ?? error.value)}`,
    );
  }
  return { help: false, options };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string' },
      size: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      strategies: { type: 'string' },
      backend: { type: 'string' },
      'rgb-only': { type: 'boolean' },
      'gray-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Decimal digits only: Number() would take '', '0x10', '1e3' and ' 7'. */
function integerFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`${flag} must be a whole number; received ${JSON.stringify(text)}`);
  }
  return Number(text);
}
