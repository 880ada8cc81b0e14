import { describe, expect, it } from 'vitest';
import * as kit from '../src/backend/kit.js';
import * as app from '../src/index.js';

// `@aug/core` is what applications use, `@aug/core/backend` what backend implementations
// reuse: a name in both would make the helpers part of the application API again.
describe('entry points', () => {
  it('share no runtime export', () => {
    const shared = Object.keys(kit).filter((name) => name in app);
    expect(shared).toEqual([]);
  });

  it('keep the application API in the main entry', () => {
    for (const name of ['createAugmenter', 'compose', 'cutMix', 'regionMask', 'batchInfo']) {
      expect(app).toHaveProperty(name);
    }
    for (const name of ['checkPlanned', 'labelMixShape', 'knownOptions', 'applyPlan']) {
      expect(app).not.toHaveProperty(name);
      expect(kit).toHaveProperty(name);
    }
  });
});
