import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The root README's Quick start must run as printed: it is the first code a user copies.
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function quickStart(): string {
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md: no ts block under "## Quick start"');
  return block;
}

// tsc takes seconds alone, far longer beside CI's other test runs on two cores.
it("README's Quick start runs as printed, and does what its comments say", {
  timeout: 180_000,
}, async () => {
  const code = quickStart();
  expect(code).toContain("from '@aug/core'");
  const dir = new URL('./.generated/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL('readme-quick-start.ts', dir);
  writeFileSync(
    file,
    `${code.replace("from '@aug/core'", "from '../../src/index.js'")}\nexport { aug, classIds, pipeline, pixels };\n`,
  );
  // It type-checks as printed, strict, as a user's module would be.
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const checked = spawnSync(
    process.execPath,
    [
      tsc,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--target',
      'es2023',
      '--module',
      'nodenext',
      fileURLToPath(file),
    ],
    { encoding: 'utf8' },
  );
  expect(checked.stdout + checked.stderr).toBe('');
  const { aug, pipeline, pixels, classIds } = await import(file.href);
  expect(pixels.every((v: number) => v === 0.5)).toBe(true); // inputs never modified
  const { images, labels } = await aug.run(
    pipeline,
    { images: { data: pixels, shape: [32, 224, 224, 3] }, labels: { data: classIds, shape: [32] } },
    { step: 2 },
  );
  expect(images.data).toBeInstanceOf(Float32Array);
  expect(images.shape).toEqual([32, 224, 224, 3]);
  expect(labels.data).toBeInstanceOf(Float32Array);
  expect(labels.shape).toEqual([32, 10]);
  for (let b = 0; b < 32; b++) {
    const row = labels.data.subarray(b * 10, b * 10 + 10);
    expect(row.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 5);
  }
});
