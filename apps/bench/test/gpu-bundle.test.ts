import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The GPU sessions' only way to measure: `scripts/pack-for-gpu.sh` bundles the benchmarks
 * for a machine with no pnpm and no network, and `run.sh` runs them there. Here the whole
 * path runs on SwiftShader, with a stub kit in place of the real one (whose setup.sh
 * unpacks libraries into `/` and points Vulkan at an NVIDIA driver).
 */
const root = resolve(import.meta.dirname, '../../..');
const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aug-gpu-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(swiftShader) && !process.env.CI)('the GPU benchmark bundle', () => {
  it('packs, and its run.sh runs both benchmarks from a folder with nothing else in it', async () => {
    const kit = join(dir, 'kit');
    await mkdir(kit);
    await writeFile(join(kit, 'setup.sh'), `export VK_ICD_FILENAMES=${swiftShader}\n`);
    const packed = join(dir, 'elsewhere', '.gpu-bench');
    const pack = spawnSync('bash', [join(root, 'scripts/pack-for-gpu.sh')], {
      env: { ...process.env, GPU_KIT: kit, GPU_BENCH_OUT: packed },
      encoding: 'utf8',
    });
    expect(pack.status, pack.stderr).toBe(0);

    const results = join(dir, 'results');
    const run = spawnSync('bash', [join(packed, 'run.sh'), results], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SHAPE: '2,16,16,3',
        REPS: '2',
        TFJS_ARGS: '--quick --strategies cutout,cutMix --min-time-ms 1',
      },
      encoding: 'utf8',
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    // Every strategy of the WebGPU benchmark, in both dtypes.
    const webgpu = JSON.parse(await readFile(join(results, 'webgpu.json'), 'utf8'));
    expect(JSON.stringify(webgpu)).toContain('cutSwap');
    expect(run.stdout).toMatch(/## uint8: copy kernel/);
    // Both tfjs-webgpu targets, generic and fused.
    for (const row of ['| tfjs-webgpu       | cutMix', '| tfjs-webgpu-fused | cutout'])
      expect(run.stdout).toContain(row);
    const tfjs = JSON.parse(await readFile(join(results, 'tfjs-webgpu.json'), 'utf8'));
    expect(tfjs.rows.length).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
