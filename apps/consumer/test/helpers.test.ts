import { describe, expect, it } from 'vitest';
import { importedNodeBuiltins, importedPackages, reachableModules } from '../src/imports.js';
import { exportTargets, runtimeEntries } from '../src/pack.js';
import { lockedVersions } from '../src/project.js';
import { installedPackages, relativeLinks, typescriptBlocks } from '../src/readme.js';

describe('importedPackages', () => {
  it('names packages by what a package.json declares, static and dynamic imports alike', () => {
    const source = `
      import { a } from '@scope/name/deep/path.js';
      export { b } from 'plain';
      const c = await import('lazy/sub');
      import './local.js';
      import '../up.js';
      import { readFileSync } from 'node:fs';
      import path from 'path';
      import { x } from 'plain';
    `;
    expect(importedPackages(source)).toEqual(['@scope/name', 'lazy', 'plain']);
  });

  it('lists Node built-ins apart, with or without the node: prefix', () => {
    const source = `
      import { readFileSync } from 'node:fs';
      import path from 'path';
      const os = await import('node:os');
      import 'plain';
    `;
    expect(importedNodeBuiltins(source)).toEqual(['node:fs', 'node:os', 'path']);
  });

  it('counts type-only imports and type references of declaration files', () => {
    const source = `/// <reference types="@webgpu/types" preserve="true" />
      import type { Tensor } from '@tensorflow/tfjs-core';
      export declare function f(t: Tensor): GPUBuffer;
    `;
    expect(importedPackages(source)).toEqual(['@tensorflow/tfjs-core', '@webgpu/types']);
  });

  it('ignores strings that merely look like imports', () => {
    const source = `throw new Error("install it: import x from 'not-a-dependency'");`;
    expect(importedPackages(source)).toEqual([]);
  });
});

describe('exportTargets', () => {
  it('lists every file of every condition, without the leading ./', () => {
    const targets = exportTargets({
      name: 'p',
      version: '1.0.0',
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './extra': './dist/extra.js',
      },
    });
    expect(targets).toEqual(['dist/index.d.ts', 'dist/index.js', 'dist/extra.js']);
  });
});

describe('runtimeEntries', () => {
  it('sets apart the entries that only Node can load', () => {
    const entries = runtimeEntries({
      name: 'p',
      version: '1.0.0',
      exports: {
        '.': {
          '@aug/source': './src/index.ts',
          types: './dist/index.d.ts',
          default: './dist/index.js',
        },
        './server': { types: './dist/server.d.ts', node: './dist/server.js' },
        './both': { node: './dist/both-node.js', default: './dist/both.js' },
        './plain': './dist/plain.js',
      },
    });
    expect(entries).toEqual({
      anywhere: ['dist/index.js', 'dist/both-node.js', 'dist/both.js', 'dist/plain.js'],
      nodeOnly: ['dist/server.js'],
    });
  });
});

describe('reachableModules', () => {
  it('follows relative imports from the entries, once each, and no package imports', () => {
    const files: Record<string, string> = {
      'dist/index.js': "import './a.js'; export * from './sub/b.js'; import 'pkg';",
      'dist/a.js': "import './sub/b.js';",
      'dist/sub/b.js': "const c = await import('../a.js');",
      'dist/unused.js': "import 'node:fs';",
    };
    const read = (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no ${path}`);
      return text;
    };
    expect([...reachableModules(['dist/index.js'], read)].sort()).toEqual([
      'dist/a.js',
      'dist/index.js',
      'dist/sub/b.js',
    ]);
  });
});

describe('typescriptBlocks', () => {
  it('takes the ts blocks only, in order', () => {
    const markdown = [
      '```ts',
      'one();',
      '```',
      '```bash',
      'not();',
      '```',
      '```ts',
      'two();',
      '```',
      '',
    ].join('\n');
    expect(typescriptBlocks(markdown)).toEqual(['one();\n', 'two();\n']);
  });
});

describe('installedPackages', () => {
  it('reads install lines of bash blocks, without flags, comments and versions', () => {
    const markdown = [
      '```bash',
      'pnpm add @aug/core @aug/tfjs@^1.2.0   # and more',
      'npm install --save-dev typescript@5 vitest',
      'npm i plain',
      'pnpm test',
      '```',
      '```ts',
      "import 'not-installed';",
      'pnpm add not-a-command-here',
      '```',
      '',
    ].join('\n');
    expect(installedPackages(markdown)).toEqual([
      '@aug/core',
      '@aug/tfjs',
      'plain',
      'typescript',
      'vitest',
    ]);
  });
});

describe('lockedVersions', () => {
  it('takes the packages a lockfile holds at one version only', () => {
    const lockfile = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    devDependencies:',
      '      not-a-package@9.9.9:',
      'packages:',
      '',
      "  '@scope/one@1.2.3':",
      '    resolution: {integrity: sha512-x}',
      '',
      '  two@2.0.0:',
      '    resolution: {integrity: sha512-y}',
      '',
      '  two@3.0.0-beta.1:',
      '    resolution: {integrity: sha512-z}',
      '',
      '  three@0.1.0:',
      '    resolution: {integrity: sha512-w}',
      '',
      'snapshots:',
      '',
      "  '@scope/one@1.2.3(peer@1.0.0)':",
      '    dependencies:',
      '',
    ].join('\n');
    expect(lockedVersions(lockfile)).toEqual({ '@scope/one': '1.2.3', three: '0.1.0' });
  });
});

describe('relativeLinks', () => {
  it('lists the targets of links and images within the package, without anchors', () => {
    const markdown = [
      'See [the docs](docs/PARAMETERS.md#cutout), ![a picture](docs/pictures/a.png "title"),',
      '[the site](https://example.com/x.md), [mail](mailto:a@b.c), [below](#usage) and',
      '[up](../../README.md). `[not](code.md)` is code, not a link.',
      '```html',
      '<script src="./main.ts"></script>',
      '```',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual([
      'docs/PARAMETERS.md',
      'docs/pictures/a.png',
      '../../README.md',
    ]);
  });

  it('finds angle-bracket targets, reference definitions, HTML links and root paths', () => {
    const markdown = [
      'A [spaced](<docs/my file.md>) link, a [ref][r] and <img src="pics/b.png"> and',
      '<a href="/docs/x.md#top">x</a>, [web](http://a.b/c.md), [e%20x](docs/e%20x.md).',
      '',
      '[r]: docs/ref.md#part',
      '[w]: https://example.com',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual([
      'docs/my file.md',
      'docs/e x.md',
      'docs/ref.md',
      'pics/b.png',
      '/docs/x.md',
    ]);
  });
});
