import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackedPackage } from './pack.js';

export interface ProjectOptions {
  /** The user's other packages, name to version. */
  dependencies: Record<string, string>;
  /**
   * Versions to hold every package (transitive ones included) at, name to version: what
   * the workspace's lockfile pinned, so that the project installs what the workspace's
   * tests ran against, not whatever the registry published since.
   */
  pinned: Record<string, string>;
  /** pnpm's store (the workspace's, so that nothing is downloaded twice). */
  storeDir: string;
}

/**
 * A user's project in `dir` (which must lie outside this workspace, so that nothing
 * resolves from the workspace's node_modules): the packed tarballs and the user's other
 * packages, installed by pnpm with nothing hoisted, so that a package reaches only what
 * it declares (and `@aug/core` only as the user's own, which the adapters take as a
 * peer). Throws with pnpm's output when the install fails.
 */
export function installProject(
  dir: string,
  packed: readonly PackedPackage[],
  { dependencies, pinned, storeDir }: ProjectOptions,
): void {
  const tarballs = Object.fromEntries(
    packed.map(({ manifest, tarball }) => [manifest.name, `file:${tarball}`]),
  );
  const manifest = {
    name: 'aug-user-project',
    private: true,
    type: 'module',
    dependencies: { ...tarballs, ...dependencies },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const workspace = {
    // pnpm hoists every package into node_modules/.pnpm/node_modules by default, where
    // any package can reach it: an undeclared dependency would go unnoticed.
    hoistPattern: [],
    overrides: pinned,
    // The install scripts of these only matter elsewhere (see the root pnpm-workspace.yaml).
    ignoredBuiltDependencies: ['onnxruntime-node', 'protobufjs', 'webgpu'],
  };
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), JSON.stringify(workspace, null, 2));
  const args = ['install', '--prefer-offline', '--no-frozen-lockfile', '--fetch-retries=1'];
  args.push('--store-dir', storeDir, '--reporter=append-only');
  const result = spawnSync('pnpm', args, { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) {
    const why = result.error ? String(result.error) : `exit status ${result.status}`;
    throw new Error(`pnpm install in ${dir} failed (${why}):\n${result.stdout}${result.stderr}`);
  }
}

/** pnpm's store for the workspace at `root`. */
export function storePath(root: string): string {
  return execFileSync('pnpm', ['store', 'path'], { cwd: root, encoding: 'utf8' }).trim();
}

/**
 * The packages a pnpm lockfile holds at one version only, name to version (those at
 * several versions are left to pnpm's resolution).
 */
export function lockedVersions(lockfile: string): Record<string, string> {
  const section = lockfile.slice(
    lockfile.indexOf('\npackages:\n'),
    lockfile.indexOf('\nsnapshots:\n'),
  );
  const versions = new Map<string, Set<string>>();
  for (const [, name, version] of section.matchAll(/^ {2}'?(@?[^@\s']+)@([^'\s:]+)'?:$/gm)) {
    versions.set(name!, (versions.get(name!) ?? new Set()).add(version!));
  }
  return Object.fromEntries(
    [...versions].filter(([, set]) => set.size === 1).map(([name, set]) => [name, [...set][0]!]),
  );
}

/**
 * The version of `name` installed for the package in `from`: the user's project gets
 * what this workspace's lockfile pinned (already in pnpm's store, and what the
 * workspace's own tests ran against).
 */
export function installedVersion(name: string, from: string): string {
  const manifest = join(from, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
