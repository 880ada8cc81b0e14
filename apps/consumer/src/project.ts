import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackedPackage } from './pack.js';

/**
 * A user's project in `dir` (which must lie outside this workspace, so that nothing
 * resolves from the workspace's node_modules): the packed tarballs, and the other
 * packages at `dependencies`' versions, installed by pnpm, whose strict layout lets a
 * package reach only what it declares. The tarballs also stand in for one another's
 * dependencies (`@aug/tfjs` depends on `@aug/core`, which is not on any registry).
 */
export function installProject(
  dir: string,
  packed: readonly PackedPackage[],
  dependencies: Record<string, string>,
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
  // The install scripts of these only matter elsewhere (see the root pnpm-workspace.yaml).
  const workspace = {
    overrides: tarballs,
    ignoredBuiltDependencies: ['onnxruntime-node', 'protobufjs', 'webgpu'],
  };
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), JSON.stringify(workspace, null, 2));
  execFileSync(
    'pnpm',
    ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=silent'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
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
