import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { type PackedPackage, pack, publishedPackageDirs, readManifest } from '../src/pack.js';
import { installedVersion, installProject, lockedVersions, storePath } from '../src/project.js';

/** The user's project every test file of this app works in, made once per run. */
export interface UserProject {
  /** The project's folder, outside the workspace. */
  dir: string;
  /** The workspace's published packages, packed, in `publishedPackageDirs` order. */
  packed: PackedPackage[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    userProject: UserProject;
  }
}

export const appDir = join(import.meta.dirname, '..');
export const root = join(appDir, '../..');

/** In a test file: the project the global setup made. */
export function userProject(): UserProject {
  return inject('userProject');
}

/**
 * Vitest's global setup: packs each published package as `pnpm publish` would and
 * installs the tarballs, with the user's other packages (those this app lists, at the
 * versions installed here), into a project outside the workspace, where nothing can
 * reach the workspace's sources or node_modules. Removed after the run, or at once when
 * the setup fails.
 */
export default function setup(vitest: TestProject): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'aug-user-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  try {
    const tarballs = join(scratch, 'tarballs');
    const packed = publishedPackageDirs(root).map((dir) => pack(dir, tarballs));
    const theirs = Object.keys(readManifest(appDir).devDependencies ?? {}).filter(
      (name) => !name.startsWith('@aug/'),
    );
    const dir = join(scratch, 'project');
    mkdirSync(dir, { recursive: true });
    installProject(dir, packed, {
      dependencies: Object.fromEntries(
        theirs.map((name) => [name, installedVersion(name, appDir)]),
      ),
      pinned: lockedVersions(readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8')),
      storeDir: storePath(root),
    });
    vitest.provide('userProject', { dir, packed });
  } catch (error) {
    removeScratch();
    throw error;
  }
  return removeScratch;
}
