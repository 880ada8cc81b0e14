import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName } from './backend.js';

/** What both examples take from the command line. */
export interface ExampleOptions {
  readonly epochs: number;
  /** Training images, from the start of the training file. */
  readonly trainCount: number;
  /** Test images, from the start of the test file; undefined: all of them. */
  readonly testCount?: number | undefined;
  readonly batchSize: number;
  /** Seeds the weights, the epoch shuffles and the augmentations. */
  readonly seed: number;
  /** False with --no-augment: the same model and data, for the comparison. */
  readonly augment: boolean;
  readonly backend: BackendName;
  /** A directory with the four Fashion-MNIST files; undefined: the committed subset. */
  readonly dataDir?: string | undefined;
}

/** The defaults are the README's measured runs: 1,000 images, 10 epochs. */
export const DEFAULT_OPTIONS: ExampleOptions = {
  epochs: 10,
  trainCount: 1000,
  batchSize: 32,
  seed: 1,
  augment: true,
  backend: 'wasm',
};

/** --short: a CI-sized run that ends in a few seconds; explicit flags still win. */
const SHORT_OPTIONS = { epochs: 1, trainCount: 256, testCount: 256 } as const;

/** A command line that cannot be run; the CLI prints it with the usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function usage(command: string): string {
  return `Usage: pnpm --filter @aug/examples ${command} [options]

  --epochs <n>       epochs to train (default ${DEFAULT_OPTIONS.epochs})
  --train <n>        training images, from the start of the file (default ${DEFAULT_OPTIONS.trainCount})
  --test <n>         test images (default: all; the committed subset has 1,000)
  --batch <n>        batch size (default ${DEFAULT_OPTIONS.batchSize})
  --seed <n>         seed of the weights, shuffles and augmentations (default ${DEFAULT_OPTIONS.seed})
  --no-augment       train the same model without augmentation, for comparison
  --backend <name>   tfjs backend: ${BACKENDS.join(' or ')} (default ${DEFAULT_OPTIONS.backend})
  --data <dir>       a directory with the four Fashion-MNIST .gz files (default: the
                     committed subset, 3,000 training and 1,000 test images)
  --short            a CI-sized run: ${SHORT_OPTIONS.trainCount} images, ${SHORT_OPTIONS.epochs} epoch
  -h, --help         show this text`;
}

const FLAGS = {
  epochs: { type: 'string' },
  train: { type: 'string' },
  test: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  'no-augment': { type: 'boolean' },
  backend: { type: 'string' },
  data: { type: 'string' },
  short: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function integer(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag} must be an integer >= ${min}; received '${text}'`);
  }
  return value;
}

function backend(text: string | undefined): BackendName | undefined {
  if (text === undefined || (BACKENDS as readonly string[]).includes(text)) {
    return text as BackendName | undefined;
  }
  throw new UsageError(`--backend must be ${BACKENDS.join(' or ')}; received '${text}'`);
}

/** Where relative paths start: where the user typed the command (pnpm runs scripts elsewhere). */
export interface PathBase {
  readonly cwd: string;
  readonly initCwd?: string | undefined;
}

export type Command = { help: true } | { help: false; options: ExampleOptions };

/** Parses the examples' flags; throws UsageError on anything it cannot run. */
export function parseCommand(argv: readonly string[], paths: PathBase): Command {
  // `pnpm run fit -- --short` passes the `--` on; it is not meant as end-of-options.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS }>>['values'];
  try {
    ({ values } = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  const defaults = values.short ? { ...DEFAULT_OPTIONS, ...SHORT_OPTIONS } : DEFAULT_OPTIONS;
  const options: ExampleOptions = {
    epochs: integer('epochs', values.epochs, 1) ?? defaults.epochs,
    trainCount: integer('train', values.train, 1) ?? defaults.trainCount,
    testCount: integer('test', values.test, 1) ?? defaults.testCount,
    batchSize: integer('batch', values.batch, 1) ?? defaults.batchSize,
    seed: integer('seed', values.seed, 0) ?? defaults.seed,
    augment: !values['no-augment'],
    backend: backend(values.backend) ?? defaults.backend,
    dataDir:
      values.data === undefined ? undefined : resolve(paths.initCwd || paths.cwd, values.data),
  };
  return { help: false, options };
}
