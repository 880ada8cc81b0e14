import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runVitestChild } from '../../../vitest.child.js';

// The suite must fail a backend that is wrong: each backend of mutants/mutants.ts has one
// defect, and its run of the suite, in a vitest of its own, must fail the tests that
// look at that defect and only those.

interface Outcome {
  passed: string[];
  /** Test name -> the first line of its failure. */
  failed: Map<string, string>;
}

let outcomes: Map<string, Outcome>;

beforeAll(() => {
  const vitest = join(
    dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  const config = join(import.meta.dirname, 'mutants', 'vitest.config.ts');
  const run = runVitestChild(vitest, ['--config', config], { timeout: 420_000 });
  expect(run.fileErrors, run.stderr).toEqual([]);
  outcomes = new Map();
  for (const test of run.tests) {
    const name = test.ancestors[0]!.replace('conformance: mutant: ', '');
    const outcome: Outcome = outcomes.get(name) ?? { passed: [], failed: new Map() };
    outcomes.set(name, outcome);
    if (test.passed) outcome.passed.push(test.title);
    else outcome.failed.set(test.title, test.failure.split('\n')[0]!);
  }
}, 430_000);

const outcome = (name: string) => {
  const found = outcomes.get(name);
  if (!found) throw new Error(`no run for the mutant '${name}'`);
  return found;
};

describe('the suite fails a backend with one defect', () => {
  it('ran every mutant through the whole suite', () => {
    expect([...outcomes.keys()].sort()).toEqual([
      'boxes one column too wide',
      'frees on dispose without a clone',
      'hands back its input when no image is augmented',
      'ignores active',
      'labels not smoothed',
      'uint8 Mixup rounds half up',
      'writes into its input',
    ]);
    for (const [name, { passed, failed }] of outcomes) {
      expect(passed.length + failed.size, name).toBeGreaterThan(80);
    }
  });

  it('writes into its input: every strategy fails, saying so', () => {
    const { failed } = outcome('writes into its input');
    for (const strategy of ['cutout', 'gridMask', 'cutMix', 'mixup', 'cutBlur', 'cutSwap']) {
      expect(failed.get(`${strategy}: defaults (float32)`), strategy).toMatch(/input modified/);
    }
    for (const [test, why] of failed)
      expect(why, test).toMatch(/input modified|modified its input/);
  });

  it('boxes one column too wide: the box fills fail against the spec, the rest pass', () => {
    const { passed, failed } = outcome('boxes one column too wide');
    expect(failed.get('cutout: defaults (float32)')).toMatch(/differs from the spec/);
    expect(failed.get('randomErasing: defaults (float32)')).toMatch(/differs from the spec/);
    expect(failed.has('paints a constant colour that differs per channel (hand-made plan)')).toBe(
      true,
    );
    // Cells, grids, pastes and blends have no boxes to widen.
    for (const test of [
      'hideAndSeek: defaults (float32)',
      'gridMask: defaults (float32)',
      'cutMix: defaults (float32)',
      'mixup: defaults (float32)',
      'cutBlur: defaults (float32)',
    ]) {
      expect(passed, test).toContain(test);
    }
  });

  it('uint8 Mixup rounding half up: the tie test fails, and only it', () => {
    const { failed } = outcome('uint8 Mixup rounds half up');
    expect([...failed.keys()]).toEqual([
      'Mixup rounds uint8 ties half to even (hand-made plan, weight 1/2)',
    ]);
  });

  it('frees on dispose without a clone: the disposal test fails, and only it', () => {
    const { failed } = outcome('frees on dispose without a clone');
    expect([...failed.keys()]).toEqual([
      'never hands back an input: disposing the results leaves the inputs usable',
    ]);
    expect([...failed.values()][0]).toMatch(/read after dispose/);
  });

  it('hands back its input when no image is augmented: every failure says so', () => {
    const { failed } = outcome('hands back its input when no image is augmented');
    // Through the augmenter (augmentationRatio 0), and in every strategy's run of the
    // matrix, which holds an empty batch.
    expect(
      failed.get('never hands back an input: disposing the results leaves the inputs usable'),
    ).toMatch(/augmentationRatio 0: the images result is the input tensor itself/);
    for (const strategy of ['cutout', 'gridMask', 'cutMix', 'mixup', 'cutBlur', 'cutSwap']) {
      expect(failed.get(`${strategy}: defaults (float32)`), strategy).toMatch(
        new RegExp(`^AssertionError: ${strategy}: apply handed back its input tensor itself`),
      );
    }
    for (const [test, why] of failed) expect(why, test).toMatch(/input tensor itself/);
  });

  it('ignores active: the hand-made plans with images not augmented fail, saying which image', () => {
    const { failed } = outcome('ignores active');
    // Strategies give the images they skip empty regions: only hand-made plans see it.
    expect([...failed.keys()].sort()).toEqual([
      'Mixup leaves an image of weight 1 bit-identical, whatever its partner holds (hand-made plan)',
      'leaves an image that is not augmented bit-identical, whatever its regions hold (hand-made plans)',
    ]);
    for (const [test, why] of failed) {
      expect(why, test).toMatch(
        /^AssertionError: \w+: image 1 is not augmented \(plan\.active\[1\] = 0\) but came back changed, at image 1, y \d+, x \d+, channel \d+: got /,
      );
    }
  });

  it('labels not smoothed: the tests of smoothed labels fail, and only they', () => {
    const { passed, failed } = outcome('labels not smoothed');
    expect([...failed.keys()].sort()).toEqual([
      'cutMix: alpha 0.2, fixed ratio, smoothing: labels',
      'cutThumbnail: from another image, label smoothing: labels',
      'mixes each label row with its own partner, weight and smoothing (hand-made mix)',
      'smooths each label row once in a oneOf of smoothing strategies',
    ]);
    expect(passed).toContain('mixup: defaults: labels');
  });
});
