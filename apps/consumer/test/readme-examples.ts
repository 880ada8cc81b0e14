/**
 * What each README example needs around it to run in a user's project: a prelude that
 * defines what its prose leaves to the user (a batch, class ids, a step, a GPU) and an
 * epilogue that checks what its comments promise. The example itself runs as printed,
 * between the two. Keys are `README path#n`, n counting the README's ts blocks from 1;
 * the test fails for a block without an entry here, and for an entry without a block.
 */
export interface ExampleContext {
  prelude?: string;
  epilogue: string;
  /**
   * How the example runs: as a Node script (the default); as a vitest test file, which
   * must pass at least `minTests` tests and fail none; or as the script of a browser
   * page (`out/page/main.ts`, beside an index.html that loads it), which a vitest
   * example opens in Chromium.
   */
  runner?: 'node' | 'vitest' | 'page';
  minTests?: number;
}

// Node has no navigator.gpu: the `webgpu` package (Dawn) on SwiftShader stands in for a
// browser's (packages/webgpu/docs/WEBGPU-ON-CPU.md). `gpu` must stay reachable while devices live.
const nodeWebGpu = `
import { create as createGpu, globals as gpuGlobals } from 'webgpu';
process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
Object.assign(globalThis, gpuGlobals);
const gpu = createGpu([]);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
`;

const check = `import assert from 'node:assert/strict';\n`;

export const readmeExamples: Record<string, ExampleContext> = {
  // The Quick start: the first code a user copies. Its results live inside its loop, so
  // the epilogue makes the loop's last call again and checks what the comments promise.
  'README.md#1': {
    epilogue: `${check}
assert.ok(pixels.every((v) => v === 0.5), 'the input is untouched');
const again = await aug.run(
  pipeline,
  { images: { data: pixels, shape: [32, 224, 224, 3] }, labels: { data: classIds, shape: [32] } },
  { step: 2 },
);
assert.ok(again.images.data instanceof Float32Array);
assert.deepEqual(again.images.shape, [32, 224, 224, 3]);
assert.ok(again.labels.data instanceof Float32Array);
assert.deepEqual(again.labels.shape, [32, 10]);
for (let b = 0; b < 32; b++) {
  const row = again.labels.data.subarray(b * 10, b * 10 + 10);
  assert.ok(Math.abs(row.reduce((sum, v) => sum + v, 0) - 1) < 1e-5);
}
assert.ok(again.images.data.some((v) => v !== 0.5), 'some pixels changed');
// "same seed + same step = same augmentation": a second augmenter with that seed agrees.
const twin = await createAugmenter({ backend: 'reference', seed: 1234 }).run(
  pipeline,
  { images: { data: pixels, shape: [32, 224, 224, 3] }, labels: { data: classIds, shape: [32] } },
  { step: 2 },
);
assert.deepEqual(twin.images.data, again.images.data);
assert.deepEqual(twin.labels.data, again.labels.data);
`,
  },
  'packages/core/README.md#1': {
    epilogue: `${check}
assert.ok(images.data instanceof Uint8Array);
assert.deepEqual(images.shape, [8, 32, 32, 3]);
assert.equal(images.layout, 'NHWC');
assert.ok(labels.data instanceof Float32Array);
assert.deepEqual(labels.shape, [8, 10]);
for (let b = 0; b < 8; b++) {
  const row = labels.data.subarray(b * 10, b * 10 + 10);
  assert.ok(Math.abs(row.reduce((sum, v) => sum + v, 0) - 1) < 1e-6);
}
assert.ok(pixels.every((v) => v === 200), 'the input is untouched');
assert.ok(images.data.some((v) => v !== 200), 'some pixels changed');
const twin = await createAugmenter({ backend: 'reference', seed: 1234 }).run(
  pipeline,
  { images: { data: pixels, shape: [B, 32, 32, 3] }, labels: { data: classIds, shape: [B] } },
  { step: 0 },
);
assert.deepEqual(twin.images.data, images.data, 'same seed + same step = same augmentation');
assert.deepEqual(twin.labels.data, labels.data);
`,
  },
  'packages/tfjs/README.md#1': {
    prelude: `
import * as tfjs from '@tensorflow/tfjs-core';
const batch = tfjs.randomUniform([4, 28, 28, 1]) as tfjs.Tensor4D;
const ids = tfjs.tensor1d([0, 1, 2, 3], 'int32');
`,
    epilogue: `${check}
assert.deepEqual(images.shape, [4, 28, 28, 1]);
assert.equal(images.dtype, 'float32');
assert.deepEqual(labels.shape, [4, 10]);
assert.notEqual(images, batch);
assert.equal(batch.isDisposed, false, 'the input is untouched');
`,
  },
  'packages/tfjs/README.md#2': {
    prelude: `
import * as tfjs from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cutout as erase } from '@aug/core';
`,
    epilogue: `${check}
const x = tfjs.randomUniform([2, 8, 8, 3]);
const byOps = augmenter.runSync(erase(), x, { step: 0 });
const byDefault = createAugmenter({ backend: tfjsBackend(), seed: 1 }).runSync(erase(), x, { step: 0 });
assert.deepEqual(await byOps.data(), await byDefault.data(), 'the same pixels either way');
assert.notDeepEqual(await byOps.data(), await x.data(), 'erased');
`,
  },
  'packages/tfjs/README.md#3': {
    prelude: `
import * as tfjs from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
`,
    epilogue: `${check}
const x = tfjs.ones([8, 28, 28, 1]);
const inferred = model.predict(x) as tfjs.Tensor;
assert.deepEqual(await inferred.data(), await x.data(), 'identity in predict');
const trained = model.apply(x, { training: true }) as tfjs.Tensor;
assert.deepEqual(trained.shape, [8, 28, 28, 1]);
assert.ok((await trained.data()).some((v) => v !== 1), 'erases while training');
`,
  },
  'packages/tfjs/README.md#4': {
    // A saved model with an @aug layer, served at modelUrl by a load router.
    prelude: `
import * as tfjs from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { layers as tfLayers, sequential as tfSequential } from '@tensorflow/tfjs-layers';
import { RandomErasing as SavedErasing } from '@aug/tfjs';
const saving = tfSequential();
saving.add(tfLayers.inputLayer({ inputShape: [8, 8, 1] }));
saving.add(new SavedErasing({ fillMethod: 'random', seed: 1 }));
let artifacts: tfjs.io.ModelArtifacts | undefined;
await saving.save(
  tfjs.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
);
const modelUrl = 'models/classifier/model.json';
// tfjs's routers answer null for URLs that are not theirs; its type says otherwise.
const notOurs = null as unknown as tfjs.io.IOHandler;
tfjs.io.registerLoadRouter((url) => (url === modelUrl ? tfjs.io.fromMemory(artifacts!) : notOurs));
`,
    epilogue: `${check}
assert.deepEqual(
  model.layers.map((layer) => layer.getClassName()),
  ['InputLayer', 'RandomErasing'],
);
`,
  },
  'packages/tfjs/README.md#5': {
    // A small model and a batch source; the loop must train it and leak no tensor.
    prelude: `
import * as tfjs from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { layers as tfLayers, sequential as tfSequential } from '@tensorflow/tfjs-layers';
const model = tfSequential();
model.add(tfLayers.flatten({ inputShape: [8, 8, 1] }));
model.add(tfLayers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'zeros' }));
model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
const nextBatch = () => ({
  x: tfjs.randomUniform([4, 8, 8, 1]),
  ids: tfjs.tensor1d([0, 1, 2, 3], 'int32'),
});
const tensorsBefore = tfjs.memory().numTensors;
`,
    epilogue: `${check}
assert.equal(tfjs.memory().numTensors, tensorsBefore, 'the loop leaks no tensor');
const kernel = await model.layers[1]!.getWeights()[0]!.data();
assert.ok(kernel.some((v) => v !== 0), 'the model trained');
`,
  },
  'packages/tfjs/README.md#6': {
    prelude: `${nodeWebGpu}
import * as tfjs from '@tensorflow/tfjs-core';
await import('@tensorflow/tfjs-backend-webgpu');
if (!(await tfjs.setBackend('webgpu'))) throw new Error('tfjs-webgpu did not start');
const x = tfjs.randomUniform([4, 16, 16, 3]);
const y = tfjs.tensor1d([0, 1, 2, 3], 'int32');
`,
    epilogue: `${check}
assert.equal(tfjs.getBackend(), 'webgpu');
assert.deepEqual(images.shape, [4, 16, 16, 3]);
assert.deepEqual(labels.shape, [4, 10]);
const rows = Float32Array.from(await labels.data());
for (let b = 0; b < 4; b++) {
  assert.ok(Math.abs(rows.subarray(b * 10, b * 10 + 10).reduce((s, v) => s + v, 0) - 1) < 1e-5);
}
void gpu;
`,
  },
  'packages/webgpu/README.md#1': {
    prelude: nodeWebGpu,
    epilogue: `${check}
assert.ok(pixelsBack instanceof Uint8Array);
assert.equal(pixelsBack.length, 256 * 224 * 224 * 3);
assert.deepEqual(mixed.shape, [256, 224, 224, 3]);
assert.deepEqual(labels.shape, [256, 10]);
const rows = await backend.download(labels);
assert.ok(rows instanceof Float32Array);
assert.ok(Math.abs(rows.subarray(0, 10).reduce((s, v) => s + v, 0) - 1) < 1e-5);
device.destroy();
void gpu;
`,
  },
  'packages/webgpu/README.md#2': {
    // The shell line above the example, for a machine without a GPU driver.
    prelude: `process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';\n`,
    epilogue: `${check}
import { createAugmenter, cutout } from '@aug/core';
assert.equal(typeof GPUBufferUsage.STORAGE, 'number');
const pixels = new Float32Array(2 * 8 * 8 * 3).fill(0.5);
const out = createAugmenter({ backend, seed: 1 }).runSync(
  cutout({ patchArea: 0.25 }),
  backend.upload({ data: pixels, shape: [2, 8, 8, 3] }),
);
const back = await backend.download(out);
assert.ok(back.some((v) => v !== 0.5), 'some pixels changed');
device.destroy();
void gpu;
`,
  },
  // By hand on tfjs-webgpu's device (in Node through Dawn): the result must be the
  // reference's for the same seed and step, and only x and the result stay allocated.
  'packages/webgpu/README.md#3': {
    prelude: `${nodeWebGpu}
const tfjsCore = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-webgpu');
if (!(await tfjsCore.setBackend('webgpu'))) throw new Error('tfjs-webgpu did not start');
const tensorsBefore = tfjsCore.memory().numTensors;
`,
    epilogue: `${check}
assert.deepEqual(result.shape, [8, 64, 64, 3]);
assert.equal(tfjsCore.memory().numTensors, tensorsBefore + 2, 'only x and the result remain');
const want = createAugmenter({ backend: 'reference', seed: 1 }).runSync(
  cutout(),
  { data: Float32Array.from(await x.data()), shape: [8, 64, 64, 3] },
  { step: 0 },
);
const got = await result.data();
assert.ok(want.data.every((v, i) => Math.abs(v - got[i]!) < 1e-6), "the reference's pixels");
assert.ok(want.data.some((v, i) => v !== (x.dataSync() as Float32Array)[i]), 'cutout changed pixels');
void gpu;
`,
  },
  'packages/onnxruntime/README.md#1': {
    prelude: `
const pixels = new Float32Array(32 * 224 * 224 * 3).fill(0.5);
const classIds = Int32Array.from({ length: 32 }, (_, i) => i % 10);
const step = 0;
`,
    epilogue: `${check}
assert.deepEqual(out.images.dims, [32, 224, 224, 3]);
assert.equal(out.images.type, 'float32');
assert.deepEqual(out.labels.dims, [32, 10]);
assert.ok(pixels.every((v) => v === 0.5), 'the input is untouched');
assert.ok((out.images.data as Float32Array).some((v) => v !== 0.5), 'some pixels changed');
`,
  },
  'packages/onnxruntime/README.md#2': {
    epilogue: `${check}
import { readFileSync } from 'node:fs';
assert.ok(readFileSync('cutout.onnx').byteLength > 0);
const feeds = JSON.parse(readFileSync('cutout-feeds.json', 'utf8'));
assert.ok(Object.keys(feeds).length > 0);
`,
  },
  // A test file of a backend's author: the whole suite, on the reference backend as the
  // stand-in, run by vitest from the published package.
  'packages/conformance/README.md#1': {
    runner: 'vitest',
    minTests: 100,
    epilogue: '',
  },
  // The page of the Chromium run below: bundled by vite from the user's node_modules.
  'packages/conformance/README.md#2': {
    runner: 'page',
    epilogue: '',
  },
  'packages/conformance/README.md#3': {
    runner: 'vitest',
    minTests: 100,
    epilogue: '',
  },
};
