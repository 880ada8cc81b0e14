import { cutout } from '@aug/core';
import type { Tensor } from 'onnxruntime-common';
import { describe, expect, it } from 'vitest';
import { runBench } from '../bench.js';
import type { BenchTarget } from '../target.js';
import { selectTargets } from './index.js';

describe.each([
  'onnxruntime-node-cpu',
  'onnxruntime-node-cpu-graphs',
  'onnxruntime-web-wasm',
  'onnxruntime-web-wasm-graphs',
])('the %s target', (name) => {
  const target = selectTargets([name])[0] as BenchTarget<Tensor>;

  it('is available here and makes NHWC batches of the asked dtype', async () => {
    expect(await target.available()).toBe(true);
    const batch = await target.makeBatch(2, 5, 6, 3, 'uint8');
    expect(batch.dims).toEqual([2, 5, 6, 3]);
    expect(batch.type).toBe('uint8');
    expect(new Set(batch.data as Uint8Array).size).toBeGreaterThan(10);
    target.dispose(batch);
  });

  it('copies (an Identity graph, or a copy of the data for the default) and augments reproducibly per step', async () => {
    const batch = await target.makeBatch(4, 16, 16, 3, 'float32');
    const before = Array.from(batch.data as Float32Array);
    const copy = (await target.copy(batch)) as Tensor;
    expect(copy).not.toBe(batch);
    expect(Array.from(copy.data as Float32Array)).toEqual(before);
    const augmenter = target.augmenter(7);
    const strategy = cutout();
    const data = async (step: number) => {
      const out = await target.augment(augmenter, strategy, batch, step);
      const values = Array.from(out.data as Float32Array);
      target.dispose(out);
      return values;
    };
    const once = await data(3);
    expect(await data(3)).toEqual(once);
    expect(await data(4)).not.toEqual(once);
    expect(once).not.toEqual(before);
    expect(Array.from(batch.data as Float32Array)).toEqual(before);
    target.dispose(batch);
  });

  it('joins a --quick bench run with the ratio to its copy', async () => {
    const report = await runBench({
      targets: [target],
      strategies: ['cutMix', 'mixup'],
      batches: [4],
      size: 32,
      dtype: 'float32',
      minTimeMs: 5,
    });
    expect(report.rows.map((r) => [r.target, r.strategy])).toEqual([
      [name, 'copy'],
      [name, 'cutMix'],
      [name, 'mixup'],
    ]);
    expect(report.rows[0]!.ratioToCopy).toBe(1);
    for (const row of report.rows) expect(row.ratioToCopy).toBeGreaterThan(0);
  });
});
