import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './main.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with a fake console; `initCwd` stands for where pnpm was run. */
async function cli(argv: string[], initCwd?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: '/nonexistent-package-dir',
    initCwd,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('aug-gallery CLI', () => {
  it.each([
    [['--size', 'abc'], '--size', '"abc"'],
    [['--size', '0'], '--size', '0'],
    [['--count=-3'], '--count', '"-3"'],
    [['--seed', '1.5'], '--seed', '"1.5"'],
    [['--strategies', 'cutout,nope'], '--strategies', '"nope"'],
    [['--backend', 'webgpu'], '--backend', '"webgpu"'],
    [['--colour'], '--colour', ''],
    [['--size'], '--size', ''],
    [['--rgb-only', '--gray-only'], '--rgb-only', ''],
    [['--count', '100000000'], '--count', '100000000'],
  ])('exits with 2 on %j, naming the flag and value', async (argv, flag, value) => {
    const { code, out, err } = await cli(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(flag);
    expect(err).toContain(value);
  });

  it("takes pnpm's `--` before the flags", async () => {
    const { code, out } = await cli(['--', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('--strategies a,b,c');
  });

  it('points to the help as the user can run it', async () => {
    const { err } = await cli(['--size', 'abc']);
    expect(err).toContain('Run pnpm gallery --help for the options.');
  });

  it('prints the help', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--strategies a,b,c');
    expect(out).toContain('cutThumbnail');
  });

  it('writes into gallery-out where pnpm was run, a line per file and a summary', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aug-gallery-cli-'));
    dirs.push(root);
    const argv = ['--size', '16', '--count', '2', '--strategies', 'cutout,cutMix', '--gray-only'];
    const { code, out, err } = await cli(argv, root);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `wrote ${join('gallery-out', 'cutout-gray.png')}`,
      `wrote ${join('gallery-out', 'cutMix-gray.png')}`,
      `wrote ${join('gallery-out', 'index.md')}`,
      `2 sheets and index.md in ${join(root, 'gallery-out')}`,
    ]);
    expect(existsSync(join(root, 'gallery-out', 'cutMix-gray.png'))).toBe(true);
    expect(existsSync(join(root, 'gallery-out', 'cutMix.png'))).toBe(false);
  });
});
