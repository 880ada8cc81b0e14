import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type ExampleOptions, parseCommand } from './args.js';
import { useBackend } from './backend.js';
import { customLoop } from './custom-loop.js';
import { fitWithLayers } from './fit-with-layers.js';
import type { RunReport } from './report.js';

/** The options of `--short` plus `extra` flags, as the command line would give them. */
function shortRun(...extra: string[]): ExampleOptions {
  const command = parseCommand(['--short', ...extra], { cwd: process.cwd() });
  if (command.help) throw new Error('unreachable');
  return command.options;
}

/** Runs an example, checking that every tensor it made was freed by the time it resolved. */
async function runWithoutLeaks(
  example: (options: ExampleOptions, log: (line: string) => void) => Promise<RunReport>,
  options: ExampleOptions,
) {
  const lines: string[] = [];
  // The backend's first initialisation is not the example's to clean up.
  await useBackend(options.backend);
  const before = tf.memory().numTensors;
  const report = await example(options, (line) => lines.push(line));
  expect(tf.memory().numTensors).toBe(before);
  return { report, lines };
}

function expectSaneReport(report: RunReport, epochs: number) {
  expect(report.epochs).toHaveLength(epochs);
  for (const epoch of report.epochs) {
    expect(Number.isFinite(epoch.loss)).toBe(true);
    expect(epoch.loss).toBeGreaterThan(0);
    expect(epoch.imagesPerSecond).toBeGreaterThan(0);
  }
  expect(report.testAccuracy).toBeGreaterThanOrEqual(0);
  expect(report.testAccuracy).toBeLessThanOrEqual(1);
  // Tensors held between epochs (data, weights, optimizer state) stay the same.
  expect(new Set(report.epochs.map((epoch) => epoch.numTensors)).size).toBe(1);
}

describe.each([
  ['fit-with-layers', fitWithLayers],
  ['custom-loop', customLoop],
] as const)('%s', (_name, example) => {
  it('trains end to end in --short mode, printing a line per epoch, leaking nothing', async () => {
    const { report, lines } = await runWithoutLeaks(example, shortRun('--epochs', '2'));
    expectSaneReport(report, 2);
    expect(report).toMatchObject({ backend: 'wasm', augment: true, trainCount: 256 });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^epoch 2\/2 {2}loss \d+\.\d{4} {2}.*images\/s {2}tensors \d+$/);
    // Even 256 images for one epoch beat guessing among ten classes (0.1) by far.
    expect(report.testAccuracy).toBeGreaterThan(0.3);
  });

  it('is reproducible with a seed, and --no-augment trains on other inputs', async () => {
    const first = (await runWithoutLeaks(example, shortRun('--seed', '7'))).report;
    const again = (await runWithoutLeaks(example, shortRun('--seed', '7'))).report;
    const plain = (await runWithoutLeaks(example, shortRun('--seed', '7', '--no-augment'))).report;
    expectSaneReport(plain, 1);
    expect(again.epochs[0]!.loss).toBe(first.epochs[0]!.loss);
    expect(again.testAccuracy).toBe(first.testAccuracy);
    // The augmentations change what the model trains on, hence the training loss.
    expect(plain.epochs[0]!.loss).not.toBe(first.epochs[0]!.loss);
  });

  it('runs on the cpu backend too', async () => {
    const { report } = await runWithoutLeaks(
      example,
      shortRun('--backend', 'cpu', '--train', '64'),
    );
    expectSaneReport(report, 1);
    expect(report.backend).toBe('cpu');
  });
});
