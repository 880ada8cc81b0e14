import { describe, expect, it } from 'vitest';
import type { ExampleOptions } from './args.js';
import { type Console, runExampleCli } from './cli.js';
import type { RunReport } from './report.js';

function fakeConsole() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Console = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: '/repo/apps/examples',
  };
  return { io, out, err };
}

/** An example that trains nothing: it reports what it was asked, with a fixed accuracy. */
async function fakeExample(options: ExampleOptions, log: (line: string) => void) {
  log('epoch 1/1  loss 1.0000');
  return {
    backend: options.backend,
    augment: options.augment,
    trainCount: options.trainCount,
    testCount: 100,
    epochs: [],
    testAccuracy: 0.875,
  } satisfies RunReport;
}

describe('runExampleCli', () => {
  it('runs the example and ends with the test accuracy: exit code 0', async () => {
    const { io, out, err } = fakeConsole();
    expect(await runExampleCli('fit', fakeExample, ['--no-augment', '--train', '50'], io)).toBe(0);
    expect(out).toEqual([
      'epoch 1/1  loss 1.0000',
      'test accuracy 0.8750 on 100 images (without augmentation, trained on 50, wasm backend)',
    ]);
    expect(err).toEqual([]);
  });

  it('prints the usage for --help, and a hint for a bad command line: exit code 2', async () => {
    const help = fakeConsole();
    expect(await runExampleCli('fit', fakeExample, ['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toContain('--no-augment');
    const bad = fakeConsole();
    expect(await runExampleCli('fit', fakeExample, ['--epochs', 'ten'], bad.io)).toBe(2);
    expect(bad.err).toEqual([
      "fit: --epochs must be an integer >= 1; received 'ten'",
      'Run pnpm --filter @aug/examples fit --help for the options.',
    ]);
  });

  it('reports a failing run with exit code 1', async () => {
    const { io, err } = fakeConsole();
    const failing = async () => {
      throw new Error('data.gz: truncated');
    };
    expect(await runExampleCli('loop', failing, [], io)).toBe(1);
    expect(err).toEqual(['loop: data.gz: truncated']);
  });
});
