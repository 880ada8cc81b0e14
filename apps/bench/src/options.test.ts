import { strategies } from '@aug/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JSON_PATH, parseBenchArgs } from './options.js';

describe('parseBenchArgs', () => {
  it('defaults to every strategy at B = 32 and 128, 224 x 224 float32, 1 s per row', () => {
    expect(parseBenchArgs([])).toEqual({
      targetNames: undefined,
      strategies: Object.keys(strategies),
      batches: [32, 128],
      size: 224,
      dtype: 'float32',
      minTimeMs: 1000,
      jsonPath: DEFAULT_JSON_PATH,
      help: false,
    });
    expect(DEFAULT_JSON_PATH).toMatch(/apps[/\\]bench[/\\]results[/\\]latest\.json$/);
  });

  it('makes --quick a small, short run that explicit flags still override', () => {
    expect(parseBenchArgs(['--quick'])).toMatchObject({ batches: [4], size: 64, minTimeMs: 50 });
    expect(parseBenchArgs(['--quick', '--size', '32'])).toMatchObject({ batches: [4], size: 32 });
  });

  it('reads lists and numbers', () => {
    const cli = parseBenchArgs([
      '--targets',
      'reference, webgpu',
      '--strategies',
      'cutMix,mixup',
      '--batches',
      '1,8',
      '--dtype',
      'uint8',
      '--min-time-ms',
      '0',
    ]);
    expect(cli).toMatchObject({
      targetNames: ['reference', 'webgpu'],
      strategies: ['cutMix', 'mixup'],
      batches: [1, 8],
      dtype: 'uint8',
      minTimeMs: 0,
    });
  });

  it("takes pnpm's `--`, and a relative --json from where the command was typed", () => {
    expect(parseBenchArgs(['--', '--quick'])).toMatchObject({ batches: [4], size: 64 });
    expect(parseBenchArgs(['--json', 'out/run.json'], '/home/me/work').jsonPath).toBe(
      '/home/me/work/out/run.json',
    );
    expect(parseBenchArgs(['--json', '/tmp/abs.json'], '/home/me').jsonPath).toBe('/tmp/abs.json');
  });

  it('refuses what it cannot measure', () => {
    expect(() => parseBenchArgs(['--strategies', 'cutmix'])).toThrow(/unknown strategy 'cutmix'/);
    expect(() => parseBenchArgs(['--batches', '0'])).toThrow(/--batches/);
    expect(() => parseBenchArgs(['--size', '2.5'])).toThrow(/--size/);
    expect(() => parseBenchArgs(['--dtype', 'float16'])).toThrow(/--dtype/);
    expect(() => parseBenchArgs(['--min-time-ms', '-1'])).toThrow(/--min-time-ms/);
    expect(() => parseBenchArgs(['--strategies', 'toString'])).toThrow(/unknown strategy/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow();
  });
});
