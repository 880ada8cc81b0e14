import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runVitestChild } from '../../../vitest.child.js';
import { importedNodeBuiltins, importedPackages, reachableModules } from '../src/imports.js';
import {
  exportTargets,
  type PackedPackage,
  publishedPackageDirs,
  readManifest,
  runtimeEntries,
} from '../src/pack.js';
import { installedPackages, relativeLinks, typescriptBlocks } from '../src/readme.js';
import { type ExampleContext, readmeExamples } from './readme-examples.js';
import { appDir, root, userProject } from './user-project.js';

// What npm users get: the tarballs of the published packages, installed in a project
// outside the workspace (test/user-project.ts), checked for what they ship and declare,
// and each README's examples run there as printed.
const packageDirs = publishedPackageDirs(root);
const { dir: project, packed: packedList } = userProject();
const packed = new Map(packedList.map((p) => [p.dir, p]));

// The READMEs users read first: the repository's, then each published package's.
const readmes = [join(root, 'README.md'), ...packageDirs.map((dir) => join(dir, 'README.md'))];

interface Example {
  /** `README path#n`, n counting the README's ts blocks from 1. */
  key: string;
  /** The example's module name in the user's project. */
  file: string;
  source: string;
}
const examples: Example[] = readmes.flatMap((readme) => {
  const path = relative(root, readme);
  const name = path === 'README.md' ? 'readme' : relative('packages', join(path, '..'));
  return typescriptBlocks(readFileSync(readme, 'utf8')).map((source, i) => ({
    key: `${path}#${i + 1}`,
    file: `${name}-${i + 1}`,
    source,
  }));
});

let typeCheckOutput: string;
let standaloneTypesOutput: string;

beforeAll(() => {
  mkdirSync(join(project, 'examples'), { recursive: true });
  writeExamples();
  // Compiled once for every run below. tsc alone takes seconds, far longer beside CI's
  // other test runs on two cores.
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  const typeCheck = (config: string) => {
    const result = spawnSync(process.execPath, [tsc, '-p', join(project, config)], {
      encoding: 'utf8',
    });
    return result.stdout + result.stderr;
  };
  typeCheckOutput = typeCheck('tsconfig.json');
  writeStandaloneTypes();
  standaloneTypesOutput = typeCheck('tsconfig.standalone.json');
}, 300_000);

/** The compiler options of a user's strict ESM project on Node. */
const userCompilerOptions = {
  target: 'es2023',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  strict: true,
  lib: ['es2023', 'dom'],
};

/** An example's module in the user's project: vitest finds test files by their name. */
const moduleName = (file: string, runner: ExampleContext['runner']) =>
  runner === 'vitest' ? `${file}.test` : file;

function writeExamples(): void {
  for (const { key, file, source } of examples) {
    const context = readmeExamples[key];
    if (!context) continue; // reported by the test below
    const module = `${context.prelude ?? ''}\n${source}\n${context.epilogue}`;
    writeFileSync(join(project, 'examples', `${moduleName(file, context.runner)}.ts`), module);
    if (context.runner === 'page') {
      // Where the Chromium example's `join(import.meta.dirname, 'page')` looks, as its README says.
      const page = join(project, 'out', 'page');
      mkdirSync(page, { recursive: true });
      writeFileSync(join(page, 'main.ts'), module);
      const html = '<!doctype html>\n<script type="module" src="./main.ts"></script>\n';
      writeFileSync(join(page, 'index.html'), html);
    }
  }
  const tsconfig = {
    compilerOptions: {
      ...userCompilerOptions,
      skipLibCheck: true,
      types: ['node'],
      rootDir: 'examples',
      outDir: 'out',
    },
    include: ['examples'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
}

/**
 * A module of a user whose tsconfig declares no global types (no `types`, so not even
 * `@webgpu/types`) and checks every .d.ts it reaches (`skipLibCheck` off): the published
 * declarations must bring what they use. @aug/tfjs is left out: tfjs's own declarations
 * fail `strict` library checks.
 */
function writeStandaloneTypes(): void {
  mkdirSync(join(project, 'standalone'), { recursive: true });
  const source = `import { createAugmenter, cutout, type Augmenter } from '@aug/core';
import { exportOnnx, type OrtModule } from '@aug/onnxruntime';
import { type GpuTensor, webgpuBackend } from '@aug/webgpu';

export function bufferOf(tensor: GpuTensor): GPUBuffer {
  return tensor.buffer;
}
export function augmenterOn(device: GPUDevice): Augmenter<GpuTensor> {
  return createAugmenter<GpuTensor>({ backend: webgpuBackend({ device }), seed: 1 });
}
export const graph = exportOnnx(cutout());
export type Ort = OrtModule;
`;
  writeFileSync(join(project, 'standalone', 'user.ts'), source);
  const tsconfig = {
    compilerOptions: { ...userCompilerOptions, skipLibCheck: false, types: [], noEmit: true },
    include: ['standalone'],
  };
  writeFileSync(join(project, 'tsconfig.standalone.json'), JSON.stringify(tsconfig, null, 2));
}

/** The files of `dist/` a package installed in the user's project, with their text. */
function modulesOf({ manifest, files }: PackedPackage, pattern = /\.js$/) {
  const installed = join(project, 'node_modules', manifest.name);
  const modules = files
    .filter((file) => file.startsWith('dist/') && pattern.test(file))
    .map((file) => ({ file, source: readFileSync(join(installed, file), 'utf8') }));
  expect(modules.length).toBeGreaterThan(0);
  return modules;
}

describe.each(packageDirs.map((dir) => [relative(root, dir), dir]))(
  'the tarball of %s',
  (_, dir) => {
    const get = () => packed.get(dir)!;

    it('ships every file its exports name, and no tests', () => {
      const { manifest, files } = get();
      const missing = exportTargets(manifest).filter((target) => !files.includes(target));
      expect(missing).toEqual([]);
      expect(files.filter((file) => /(^|\/)test\/|\.test\.[jt]s$/.test(file))).toEqual([]);
      expect(files).toContain('README.md');
      expect(files).toContain('LICENSE');
      // pnpm pack copies the root LICENSE into a package that has none; npm pack does not.
      expect(existsSync(join(dir, 'LICENSE'))).toBe(true);
    });

    // `changeset publish` and `pnpm publish` pack what is on disk: without this, a
    // package published from a fresh clone would have no dist/. (The script is the
    // workspace package's; pnpm leaves publish lifecycle scripts out of the tarball.)
    it('builds itself before it is published', () => {
      expect(readManifest(dir).scripts?.prepublishOnly).toBe('pnpm run build');
    });

    it('ships what the links of its Markdown files point to (on npm, nothing else is there)', () => {
      const { tarball, files } = get();
      const broken = files
        .filter((file) => file.endsWith('.md'))
        .flatMap((file) => {
          const markdown = execFileSync('tar', ['-xzOf', tarball, `package/${file}`], {
            encoding: 'utf8',
          });
          return relativeLinks(markdown)
            .map((target) =>
              target.startsWith('/')
                ? target
                : posix.normalize(posix.join(posix.dirname(file), target)),
            )
            .filter((target) => !files.includes(target))
            .map((target) => `${file} -> ${target}`);
        });
      expect(broken).toEqual([]);
    });

    it('depends on published versions, not on workspace ranges', () => {
      const { manifest } = get();
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      expect(Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'))).toEqual(
        [],
      );
    });

    // One @aug/core per application: backends register in its registry, errors are
    // its classes. An adapter with a copy of its own would register where the user's
    // createAugmenter never looks, so adapters take core (and each other) as peers.
    it('takes @aug packages as peers with a range, never as copies of its own', () => {
      const { manifest } = get();
      const isOurs = (name: string) => name.startsWith('@aug/');
      expect(Object.keys(manifest.dependencies ?? {}).filter(isOurs)).toEqual([]);
      const peers = Object.entries(manifest.peerDependencies ?? {}).filter(([name]) =>
        isOurs(name),
      );
      expect(peers.filter(([, range]) => !range.startsWith('^'))).toEqual([]);
      if (manifest.name !== '@aug/core') {
        expect(peers.map(([name]) => name)).toContain('@aug/core');
      }
    });

    it('says which Node it needs', () => {
      expect(get().manifest.engines?.node).toBe(readManifest(root).engines?.node);
    });

    // Every package runs in browsers too (bundled), where Node's modules do not exist,
    // but for an export marked Node-only (its one runtime condition is `node`, so that a
    // bundler for browsers finds nothing there): @aug/conformance's Chromium driver.
    it("imports none of Node's built-in modules outside its Node-only exports", () => {
      const { manifest } = get();
      const installed = join(project, 'node_modules', manifest.name);
      const read = (file: string) => readFileSync(join(installed, file), 'utf8');
      const { anywhere, nodeOnly } = runtimeEntries(manifest);
      const inBrowsers = reachableModules(anywhere, read);
      const nodeSide = reachableModules(nodeOnly, read);
      const builtins = modulesOf(get())
        .filter(({ file }) => inBrowsers.has(file) || !nodeSide.has(file))
        .flatMap(({ file, source }) =>
          importedNodeBuiltins(source).map((name) => `${file}: ${name}`),
        );
      expect(builtins).toEqual([]);
    });

    it('declares every package its code and its declarations import', () => {
      const { manifest } = get();
      const declared = new Set([
        manifest.name,
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      const modules = modulesOf(get(), /\.(js|d\.ts)$/);
      expect(modules.some(({ file }) => file.endsWith('.d.ts'))).toBe(true);
      const undeclared = modules.flatMap(({ file, source }) =>
        importedPackages(source)
          .filter((name) => !declared.has(name))
          .map((name) => `${file} imports ${name}`),
      );
      expect(undeclared).toEqual([]);
    });
  },
);

describe("the published declarations, in a user's project", () => {
  it('bring the global types they use and pass strict library checks', () => {
    expect(standaloneTypesOutput).toBe('');
  });
});

describe.each(readmes.map((readme) => [relative(root, readme), readme]))(
  'the install lines of %s',
  (_, readme) => {
    const markdown = () => readFileSync(readme, 'utf8');

    it('name every package its examples import', () => {
      const installed = new Set(installedPackages(markdown()));
      const imported = importedPackages(typescriptBlocks(markdown()).join('\n'));
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((name) => !installed.has(name))).toEqual([]);
    });

    it('name only packages that exist: ours, or those the user project installs', () => {
      const known = new Set([
        ...[...packed.values()].map(({ manifest }) => manifest.name),
        ...Object.keys(readManifest(appDir).devDependencies ?? {}),
      ]);
      const installed = installedPackages(markdown());
      expect(installed.length).toBeGreaterThan(0);
      expect(installed.filter((name) => !known.has(name))).toEqual([]);
    });
  },
);

describe("the READMEs' examples, in a user's project", () => {
  it('each example has its context here, and each context an example', () => {
    expect(examples.map(({ key }) => key).sort()).toEqual(Object.keys(readmeExamples).sort());
  });

  it('type-check as printed, strict, against the installed types', () => {
    expect(typeCheckOutput).toBe('');
  });

  // A page's script runs inside the vitest example that opens it.
  const runnable = examples.filter(({ key }) => readmeExamples[key]?.runner !== 'page');

  it.each(runnable)('$key runs', { timeout: 240_000 }, ({ key, file }) => {
    const { runner, minTests = 1 } = readmeExamples[key]!;
    if (runner === 'vitest') {
      const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
      const test = `out/${moduleName(file, runner)}.js`;
      const run = runVitestChild(vitest, [test], { cwd: project, timeout: 230_000 });
      const failures = run.tests
        .filter((t) => !t.passed)
        .map((t) => `${[...t.ancestors, t.title].join(' > ')}: ${t.failure}`);
      expect([...run.fileErrors, ...failures], run.stderr).toEqual([]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.tests.filter((t) => t.passed).length).toBeGreaterThanOrEqual(minTests);
      return;
    }
    const result = spawnSync(process.execPath, [join(project, 'out', `${file}.js`)], {
      cwd: project,
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(result.stderr.match(/^.*(Error|assert).*$/gm) ?? [], result.stderr).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  });
});
