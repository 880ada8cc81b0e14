import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutout, type ImageBatch, type ReferenceTensor } from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBench } from './bench.js';
import { parseBenchArgs } from './options.js';
import type { BenchReport } from './report.js';
import type { BenchTarget } from './target.js';
import { selectTargets } from './targets/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aug-bench-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runBench', () => {
  it('measures a --quick run and writes it as JSON', async () => {
    const jsonPath = join(dir, 'nested', 'latest.json');
    const cli = parseBenchArgs([
      '--quick',
      '--targets',
      'reference,tfjs-cpu',
      '--strategies',
      'cutout,mixup',
      '--min-time-ms',
      '5',
      '--json',
      jsonPath,
    ]);
    // Importing the wasm backend makes it tfjs's default; count tensors on an initialised one.
    await tf.setBackend('cpu');
    const tensorsBefore = tf.memory().numTensors;
    const report = await runBench({ ...cli, targets: selectTargets(cli.targetNames) });
    expect(tf.memory().numTensors, 'the tfjs target leaked tensors').toBe(tensorsBefore);

    expect(report.rows.map((r) => [r.target, r.strategy, r.batch])).toEqual([
      ['reference', 'copy', 4],
      ['reference', 'cutout', 4],
      ['reference', 'mixup', 4],
      ['tfjs-cpu', 'copy', 4],
      ['tfjs-cpu', 'cutout', 4],
      ['tfjs-cpu', 'mixup', 4],
      ['tfjs-cpu', 'cutout', 4],
      ['tfjs-cpu', 'mixup', 4],
    ]);
    expect(report.rows.slice(-2).map((r) => r.kind)).toEqual(['handWritten', 'handWritten']);
    // Hand-written rows follow --strategies like the library's.
    const cutoutOnly = await runBench({
      ...cli,
      strategies: ['cutout'],
      targets: selectTargets(['tfjs-cpu']),
      jsonPath: join(dir, 'cutout-only.json'),
    });
    expect(cutoutOnly.rows.map((r) => [r.strategy, r.kind])).toEqual([
      ['copy', 'copy'],
      ['cutout', 'strategy'],
      ['cutout', 'handWritten'],
    ]);
    for (const row of report.rows) {
      for (const value of [row.msPerCall, row.imagesPerSecond, row.ratioToCopy]) {
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThan(0);
      }
      expect(row.imagesPerSecond).toBeCloseTo((4 * 1000) / row.msPerCall);
      expect(row.iterations).toBeGreaterThanOrEqual(3);
    }
    expect(report.rows[0]!.ratioToCopy).toBe(1);

    const written = JSON.parse(await readFile(jsonPath, 'utf8')) as BenchReport;
    expect(written.rows).toEqual(report.rows);
    expect(written).toMatchObject({ dtype: 'float32', size: 64, channels: 3, skipped: [] });
    expect(written.cores).toBeGreaterThan(0);
    expect(written.cpu).not.toBe('');
    expect(written.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(written.date))).toBe(false);
  });

  it('runs uint8 batches', async () => {
    const report = await runBench({
      targets: selectTargets(['reference']),
      strategies: ['cutMix'],
      batches: [2, 3],
      size: 16,
      dtype: 'uint8',
      minTimeMs: 1,
    });
    expect(report.rows.map((r) => `${r.strategy}@${r.batch}`)).toEqual([
      'copy@2',
      'cutMix@2',
      'copy@3',
      'cutMix@3',
    ]);
    expect(report.dtype).toBe('uint8');
  });
});

describe('the reference target', () => {
  const target = selectTargets(['reference'])[0] as BenchTarget<ReferenceTensor>;

  it('makes a batch of the asked shape and dtype, with varied contents in range', () => {
    const batch = target.makeBatch(2, 5, 6, 3, 'float32') as ImageBatch;
    expect(batch.shape).toEqual([2, 5, 6, 3]);
    expect(batch.data).toBeInstanceOf(Float32Array);
    expect(batch.data.length).toBe(2 * 5 * 6 * 3);
    expect(new Set(batch.data).size).toBeGreaterThan(10);
    expect(Math.min(...batch.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...batch.data)).toBeLessThanOrEqual(1);
    expect((target.makeBatch(1, 2, 2, 3, 'uint8') as ImageBatch).data).toBeInstanceOf(Uint8Array);
  });

  it('copies into the same preallocated array every call', () => {
    const batch = target.makeBatch(1, 4, 4, 3, 'float32') as ImageBatch;
    const first = target.copy(batch);
    expect(first).toEqual(batch.data);
    expect(first).not.toBe(batch.data);
    expect(target.copy(batch)).toBe(first);
  });

  it('augments through the augmenter, reproducibly per step, leaving the input alone', () => {
    const batch = target.makeBatch(4, 16, 16, 3, 'float32') as ImageBatch;
    const before = batch.data.slice();
    const augmenter = target.augmenter(7);
    const strategy = cutout({ augmentationRatio: 1 });
    const once = target.augment(augmenter, strategy, batch, 3) as ImageBatch;
    const again = target.augment(augmenter, strategy, batch, 3) as ImageBatch;
    const later = target.augment(augmenter, strategy, batch, 4) as ImageBatch;
    expect(batch.data).toEqual(before);
    expect(once.data).not.toEqual(before);
    expect(again.data).toEqual(once.data);
    expect(later.data).not.toEqual(once.data);
  });
});

describe('runBench with a fake target', () => {
  /** Records how the harness drives a target, with outputs tagged so disposal can be checked. */
  function recordingTarget(name: string, available = true) {
    const events: string[] = [];
    const reference = selectTargets(['reference'])[0] as BenchTarget<ReferenceTensor>;
    const outputs = new Set<unknown>();
    const target: BenchTarget<ReferenceTensor> = {
      name,
      available: async () => available,
      makeBatch: (...args) => {
        events.push(`makeBatch ${args.join(' ')}`);
        return reference.makeBatch(...args);
      },
      augmenter: (seed) => reference.augmenter(seed),
      augment: async (augmenter, augmentation, input, step) => {
        const output = await reference.augment(augmenter, augmentation, input, step);
        outputs.add(output);
        return output;
      },
      copy: (input) => reference.copy(input),
      settle: () => {
        events.push('settle');
      },
      dispose: (x) => {
        events.push(outputs.delete(x) ? 'dispose output' : 'dispose input');
      },
      device: () => `${name}'s GPU`,
    };
    return { target, events, outputs };
  }

  it('settles after every call, frees every output and the input, and skips what is unavailable', async () => {
    const present = recordingTarget('fake');
    const absent = recordingTarget('absent', false);
    const report = await runBench({
      targets: [absent.target, present.target],
      strategies: ['gridMask'],
      batches: [2],
      size: 8,
      dtype: 'float32',
      minTimeMs: 0,
      minIterations: 3,
    });

    expect(report.skipped).toEqual(['absent']);
    expect(report.devices).toEqual({ fake: "fake's GPU" });
    expect(absent.events).toEqual([]);
    expect(report.rows.map((r) => [r.target, r.strategy])).toEqual([
      ['fake', 'copy'],
      ['fake', 'gridMask'],
    ]);
    // Warm-up plus 3 timed calls for the copy, then the same for the strategy.
    expect(present.events).toEqual([
      'makeBatch 2 8 8 3 float32',
      ...Array(4).fill('settle'),
      ...Array(4).fill(['settle', 'dispose output']).flat(),
      'dispose input',
    ]);
    expect(present.outputs.size).toBe(0);
  });
});
