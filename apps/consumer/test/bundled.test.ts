import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { userProject } from './user-project.js';

// The packages as a bundler sees them in a user's app (Vite, which tree-shakes by the
// packages' `sideEffects`): what survives, what is dropped, and what still runs.
const { dir: project } = userProject();
const app = join(project, 'bundled');

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', timeout: 170_000 });
}

/** `vite build` of one entry of `app`, for Node (`ssr`) or the browser. */
function build(entry: string, target: 'node' | 'browser') {
  const vite = join(project, 'node_modules', 'vite', 'bin', 'vite.js');
  const outDir = join(app, `dist-${entry.replace(/\.js$/, '')}`);
  const args = [vite, 'build', '--config', join(app, `vite.${target}.config.js`)];
  args.push('--outDir', outDir, '--emptyOutDir');
  if (target === 'node') args.push('--ssr', join(app, entry));
  const result = node(args);
  return { ...result, outDir };
}

/** Bundles a loader entry for Node and runs it on the saved model. */
function buildAndLoad(entry: string) {
  const built = build(entry, 'node');
  expect(built.status, built.stderr).toBe(0);
  return node([join(built.outDir, entry), join(app, 'model.json')]);
}

const config = (target: 'node' | 'browser', entry?: string) => `export default {
  root: ${JSON.stringify(app)},
  logLevel: 'warn',
  build: { minify: false${entry ? `, rolldownOptions: { input: ${JSON.stringify(join(app, entry))} }` : ''} },
  // Ours bundled (and tree-shaken) into the app; tfjs loaded from node_modules.
  ${target === 'node' ? 'ssr: { noExternal: [/^@aug\\//] },' : ''}
};
`;

// An app that only loads a saved model: it names no @aug layer class.
const loader = (register: boolean) => `import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
${register ? "import { registerLayers } from '@aug/tfjs';\nregisterLayers();" : "import '@aug/tfjs';"}

const artifacts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const model = await loadLayersModel(tf.io.fromMemory(artifacts));
console.log(JSON.stringify(model.layers.map((layer) => layer.getClassName())));
`;

beforeAll(() => {
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'vite.node.config.js'), config('node'));
  writeFileSync(join(app, 'vite.browser.config.js'), config('browser', 'browser.js'));
  // The saved model, made without a bundler.
  writeFileSync(
    join(app, 'save.js'),
    `import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { RandomCutout, RandomErasing } from '@aug/tfjs';

const model = sequential();
model.add(layers.inputLayer({ inputShape: [8, 8, 1] }));
model.add(new RandomErasing({ fillMethod: 'random', seed: 1 }));
model.add(new RandomCutout({ seed: 2 }));
await model.save(
  tf.io.withSaveHandler(async (artifacts) => {
    writeFileSync(process.argv[2], JSON.stringify(artifacts));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
);
`,
  );
  const saved = node([join(app, 'save.js'), join(app, 'model.json')]);
  if (saved.status !== 0) throw new Error(`saving the model failed:\n${saved.stderr}`);
  writeFileSync(join(app, 'load-registered.js'), loader(true));
  writeFileSync(join(app, 'load-unregistered.js'), loader(false));
  // Everything the four packages export, for the browser.
  writeFileSync(
    join(app, 'browser.js'),
    `import * as core from '@aug/core';
import * as onnxruntime from '@aug/onnxruntime';
import * as tfjs from '@aug/tfjs';
import * as tfjsWebGpu from '@aug/tfjs/webgpu';
import * as webgpu from '@aug/webgpu';
console.log(core, onnxruntime, tfjs, tfjsWebGpu, webgpu);
`,
  );
  writeFileSync(join(app, 'index.html'), '<script type="module" src="./browser.js"></script>\n');
}, 60_000);

describe('bundled with Vite', () => {
  it('an app that loads a saved model gets the @aug layers by calling registerLayers()', {
    timeout: 180_000,
  }, () => {
    const run = buildAndLoad('load-registered.js');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['InputLayer', 'RandomErasing', 'RandomCutout']);
  });

  // What the tfjs README warns of, and why registerLayers exists: the bundler drops
  // layers no code names. Should a bundler ever keep them, the README needs updating.
  it('without registerLayers(), the layers no code names are dropped', {
    timeout: 180_000,
  }, () => {
    const run = buildAndLoad('load-unregistered.js');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/Unknown layer: RandomErasing/);
  });

  it('for the browser, everything the packages export builds without a warning', {
    timeout: 180_000,
  }, () => {
    const built = build('browser.js', 'browser');
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout + built.stderr).toBe('');
    const assets = join(built.outDir, 'assets');
    const code = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    // Each package's code is in (nothing was resolved to an empty stub).
    for (const name of [
      'createAugmenter',
      'onnxruntimeBackend',
      'tfjsWebGpuBackend',
      'webgpuBackend',
    ]) {
      expect(code).toContain(name);
    }
  });
});
