import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseCommand } from './args.js';

const paths = { cwd: '/repo/apps/examples', initCwd: '/home/me' };
const optionsOf = (...argv: string[]) => {
  const command = parseCommand(argv, paths);
  if (command.help) throw new Error('expected options, got --help');
  return command.options;
};

describe('parseCommand', () => {
  it('defaults to the README runs: 1,000 images, 10 epochs, augmenting, on wasm', () => {
    expect(optionsOf()).toEqual({ ...DEFAULT_OPTIONS, testCount: undefined, dataDir: undefined });
    expect(DEFAULT_OPTIONS).toMatchObject({ epochs: 10, trainCount: 1000, backend: 'wasm' });
  });

  it('reads every flag; --short sets CI sizes that explicit flags override', () => {
    expect(
      optionsOf(
        ...['--epochs', '3', '--train', '500', '--test', '200', '--batch', '64', '--seed', '0'],
        ...['--no-augment', '--backend', 'cpu', '--data', 'full'],
      ),
    ).toEqual({
      epochs: 3,
      trainCount: 500,
      testCount: 200,
      batchSize: 64,
      seed: 0,
      augment: false,
      backend: 'cpu',
      // Relative to where the user typed the command, not pnpm's package directory.
      dataDir: '/home/me/full',
    });
    expect(optionsOf('--short')).toMatchObject({ epochs: 1, trainCount: 256, testCount: 256 });
    expect(optionsOf('--short', '--epochs', '2')).toMatchObject({ epochs: 2, trainCount: 256 });
    // pnpm passes a leading `--` on to the script.
    expect(optionsOf('--', '--short')).toMatchObject({ epochs: 1 });
    expect(parseCommand(['-h'], paths)).toEqual({ help: true });
  });

  it('rejects what it cannot run, saying why', () => {
    const fails =
      (...argv: string[]) =>
      () =>
        parseCommand(argv, paths);
    expect(fails('--epochs', '0')).toThrow("--epochs must be an integer >= 1; received '0'");
    expect(fails('--train', '1.5')).toThrow("--train must be an integer >= 1; received '1.5'");
    expect(fails('--seed=-1')).toThrow("--seed must be an integer >= 0; received '-1'");
    expect(fails('--backend', 'webgl')).toThrow("--backend must be wasm or cpu; received 'webgl'");
    expect(fails('--augment')).toThrow("Unknown option '--augment'");
    expect(fails('extra')).toThrow("Unexpected argument 'extra'");
  });
});
