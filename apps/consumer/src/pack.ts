import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fields of a package.json this project reads. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
}

/** A workspace package as npm would get it: its tarball, and what is inside. */
export interface PackedPackage {
  /** The folder of its sources, e.g. `packages/core`. */
  dir: string;
  tarball: string;
  /** The package.json inside the tarball (pnpm rewrites `workspace:` ranges there). */
  manifest: Manifest;
  /** Paths inside the tarball, relative to its `package/` folder. */
  files: string[];
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** The workspace's packages that are published: every `packages/*` not marked private. */
export function publishedPackageDirs(root: string): string[] {
  const packages = join(root, 'packages');
  return readdirSync(packages)
    .map((name) => join(packages, name))
    .filter((dir) => !readManifest(dir).private);
}

/** Packs one package with pnpm (as `pnpm publish` would) into `destination`. */
export function pack(dir: string, destination: string): PackedPackage {
  const output = execFileSync('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: dir,
    encoding: 'utf8',
  });
  const packed = JSON.parse(output) as { filename: string };
  const tarball = packed.filename;
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as Manifest;
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.startsWith('package/'))
    .map((line) => line.slice('package/'.length));
  return { dir, tarball, manifest, files };
}

/** Every file an `exports` entry points to, whatever its condition. */
export function exportTargets(manifest: Manifest): string[] {
  return Object.values(manifest.exports ?? {})
    .flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)))
    .map((target) => target.replace(/^\.\//, ''));
}

/**
 * The runtime modules of a package's `exports`, split by where they load: `nodeOnly` for
 * an entry whose only runtime condition is `node` (a bundler for browsers finds nothing
 * there), `anywhere` for the others. Declaration files and the workspace's source
 * condition are left out.
 */
export function runtimeEntries(manifest: Manifest): { anywhere: string[]; nodeOnly: string[] } {
  const anywhere: string[] = [];
  const nodeOnly: string[] = [];
  for (const entry of Object.values(manifest.exports ?? {})) {
    const conditions = typeof entry === 'string' ? { default: entry } : entry;
    const runtime = Object.entries(conditions).filter(
      ([condition]) => condition !== 'types' && !condition.startsWith('@aug/'),
    );
    const isNodeOnly = runtime.length > 0 && runtime.every(([condition]) => condition === 'node');
    for (const [, target] of runtime) {
      (isNodeOnly ? nodeOnly : anywhere).push(target.replace(/^\.\//, ''));
    }
  }
  return { anywhere, nodeOnly };
}
