import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parameterReference } from '../src/index.js';

const path = new URL('../docs/PARAMETERS.md', import.meta.url);

it('docs/PARAMETERS.md is generated from the parameter specs (UPDATE_DOCS=1 rewrites it)', () => {
  const generated = `${parameterReference()}\n`;
  if (process.env.UPDATE_DOCS) writeFileSync(path, generated);
  expect(readFileSync(path, 'utf8')).toBe(generated);
  expect(generated).toContain('| `patchArea` | `0.1` | a number > 0 and < 1 |');
});
