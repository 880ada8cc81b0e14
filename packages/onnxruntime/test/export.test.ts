import { makeLabels } from '@aug/conformance';
import {
  compose,
  createAugmenter,
  cutMix,
  cutout,
  cutThumbnail,
  gridMask,
  hideAndSeek,
  mixup,
  ParameterError,
  type Strategy,
} from '@aug/core';
import { applyPlan, mixLabelArrays } from '@aug/core/backend';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportOnnx, type Feeds, feedsToJson } from '../src/index.js';
import { planAndBatch } from './helpers.js';
import { decodeModel } from './onnx.js';

function tensors(feeds: Feeds): Record<string, ort.Tensor> {
  return Object.fromEntries(
    Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.type, f.data, f.dims)]),
  );
}

const cases: [string, Strategy<any>, 'float32' | 'uint8', 'NHWC' | 'NCHW'][] = [
  ['cutout', cutout({ fillMethod: 'gray' }), 'float32', 'NHWC'],
  ['hideAndSeek, random colours', hideAndSeek({ fillMethod: 'random' }), 'uint8', 'NCHW'],
  ['gridMask, rotated', gridMask({ rotate: [-30, 30] }), 'float32', 'NCHW'],
  ['cutThumbnail, bicubic', cutThumbnail({ resizeMethod: 'bicubic' }), 'float32', 'NHWC'],
  ['mixup', mixup({ augmentationRatio: 0.5 }), 'uint8', 'NHWC'],
  // Every image of the probe mixed: the export still takes the general graph (with `mixed`).
  ['mixup, every image mixed', mixup(), 'uint8', 'NCHW'],
];

describe('exportOnnx', () => {
  for (const [label, strategy, dtype, layout] of cases) {
    it(`${label} (${dtype}, ${layout}): the exported graph runs in a fresh InferenceSession as the reference does`, async () => {
      const exported = exportOnnx(strategy, { dtype, layout });
      // A session that knows nothing of @aug: only the bytes.
      const session = await ort.InferenceSession.create(exported.model);
      try {
        expect(session.inputNames).toEqual(exported.inputs.map((i) => i.name));
        expect(session.outputNames).toEqual(['output']);
        if (label.startsWith('mixup')) expect(session.inputNames).toContain('mixed');
        // Batch, height and width are dynamic: two different shapes through one session.
        for (const shape of [
          { batch: 5, height: 12, width: 9, channels: 3 },
          { batch: 2, height: 20, width: 31, channels: 3 },
        ]) {
          const { plan, batch } = planAndBatch(strategy, shape, dtype, layout);
          const images = new ort.Tensor(dtype, batch.data as Float32Array, [...batch.shape]);
          const { output } = await session.run({ images, ...tensors(exported.feeds(plan)) });
          const want = applyPlan(plan, batch).data;
          const got = output!.data as Float32Array;
          const tolerance = label.startsWith('cutThumbnail') ? 1e-5 : 0;
          expect(got.length).toBe(want.length);
          got.forEach((v, i) => {
            if (Math.abs(v - want[i]!) > tolerance) expect(v, `value ${i}`).toBe(want[i]);
          });
        }
      } finally {
        await session.release();
      }
    });
  }

  it('documents every input in the model and in describe()', () => {
    const exported = exportOnnx(cutout({ fillMethod: 'random', numPatches: 2 }), {
      layout: 'NCHW',
    });
    const model = decodeModel(exported.model);
    const docs = Object.fromEntries(model.graph.input.map((i) => [i.name, i.docString]));
    expect(Object.keys(docs)).toEqual(['images', 'colours', 'rowMask', 'colMask']);
    expect(docs.images).toBe('images [B, C, H, W] (NCHW)');
    expect(docs.rowMask).toMatch(/view rows inside it/);
    const table = exported.describe();
    expect(table).toMatch(/the view \[B, P, Q\] = \[B, C\*H, W\]/);
    expect(table).toContain('| input | `colours` | float32 | [2, batch, colourRows, colourCols] |');
    expect(table).toContain('| output | `output` | float32 | [batch, channels, height, width] |');
  });

  it('exports the labels graph of a strategy that mixes labels', async () => {
    const strategy = mixup({ numClasses: 5, labelSmoothing: 0.2 });
    const exported = exportOnnx(strategy);
    expect(exportOnnx(cutout()).labels).toBeUndefined();
    const { plan } = planAndBatch(strategy, { batch: 6, height: 4, width: 4, channels: 3 });
    const { oneHot } = makeLabels(6, 5);
    const session = await ort.InferenceSession.create(exported.labels!.model);
    try {
      const labels = new ort.Tensor('float32', oneHot, [6, 5]);
      const { output } = await session.run({
        labels,
        ...tensors(exported.labels!.feeds(plan.labels!, 5)),
      });
      const want = mixLabelArrays({ data: oneHot, shape: [6, 5] }, plan.labels!, 'mixup').data;
      (output!.data as Float32Array).forEach((v, i) => {
        expect(v).toBeCloseTo(want[i]!, 6);
      });
    } finally {
      await session.release();
    }
  });

  it('refuses unknown options, and takes the channel count a per-channel fill needs', async () => {
    expect(() => exportOnnx(cutout(), { layuot: 'NCHW' } as never)).toThrow(
      'exportOnnx: "layuot" must be a known option (dtype, layout, grayscale, channels); received "NCHW"',
    );
    expect(() => exportOnnx(cutout(), { grayscale: 'yes' } as never)).toThrow(
      'exportOnnx: "grayscale" must be true or false; received "yes"',
    );
    expect(() => exportOnnx(cutout(), { dtype: 'int32' } as never)).toThrow(
      'exportOnnx: "dtype" must be \'float32\' or \'uint8\'; received "int32"',
    );
    expect(() => exportOnnx(cutout(), { layout: 'HWC' } as never)).toThrow(
      'exportOnnx: "layout" must be \'NHWC\' or \'NCHW\'; received "HWC"',
    );
    expect(() => exportOnnx(cutout({ fillMethod: [0, 0, 0, 1] }))).toThrow(
      /one number per channel \(3 for this batch\)/,
    );
    const strategy = cutout({ fillMethod: [0, 0, 0, 1] });
    const rgba = exportOnnx(strategy, { channels: 4 });
    const session = await ort.InferenceSession.create(rgba.model);
    try {
      const shape = { batch: 2, height: 6, width: 5, channels: 4 };
      const { plan, batch } = planAndBatch(strategy, shape);
      const images = new ort.Tensor('float32', batch.data as Float32Array, [...batch.shape]);
      const { output } = await session.run({ images, ...tensors(rgba.feeds(plan)) });
      expect(Array.from(output!.data as Float32Array)).toEqual(
        Array.from(applyPlan(plan, batch).data),
      );
    } finally {
      await session.release();
    }
    expect(() => exportOnnx(cutout(), { channels: 0 })).toThrow(
      'exportOnnx: "channels" must be an integer >= 1; received 0',
    );
    expect(() => exportOnnx(cutout(), { grayscale: true, channels: 3 })).toThrow(
      'exportOnnx: "channels" must be 1 (or absent) with grayscale; received 3',
    );
  });

  it('refuses pipelines, and plans that need another graph', () => {
    expect(() => exportOnnx(compose([cutout(), mixup()]) as never)).toThrow(
      'exportOnnx: "strategy" must be one strategy such as cutout(); received a pipeline (compose). Pipelines run several graphs',
    );
    expect(() => exportOnnx(compose([cutout(), mixup()]) as never)).toThrow(ParameterError);
    const exported = exportOnnx(cutout());
    const { plan } = planAndBatch(
      cutout(),
      { batch: 2, height: 8, width: 8, channels: 3 },
      'uint8',
    );
    expect(() => exported.feeds(plan)).toThrow(
      /this plan \(cutout, uint8, NHWC\) needs graph fill_masks1_constant_NHWC_uint8, not fill_masks1_constant_NHWC_float32/,
    );
    // What augmenter.plan returns (one plan per strategy), not a plan: named, with the fix.
    expect(() => exported.feeds([plan, plan] as never)).toThrow(
      'exportOnnx feeds: "plan" must be one plan of cutout; received [a plan (cutout), a plan (cutout)]. augmenter.plan(...) returns one plan per strategy: pass plans[0]',
    );
    expect(() => exported.feeds(undefined as never)).toThrow(
      'exportOnnx feeds: "plan" must be one plan of cutout; received undefined. Make it with',
    );
  });

  it("refuses label feeds of anything but a plan's label mix and a class count", () => {
    const strategy = cutMix({ numClasses: 3 });
    const labels = exportOnnx(strategy).labels!;
    const { plan } = planAndBatch(strategy, { batch: 4, height: 6, width: 6, channels: 3 });
    expect(labels.feeds(plan.labels!, 3).partner!.dims).toEqual([4]);
    expect(() => labels.feeds(plan as never, 3)).toThrow(
      'exportOnnx labels feeds: "mix" must be a plan\'s label mix (plan.labels); received a plan (cutMix). Pass plan.labels',
    );
    expect(() => labels.feeds(plan.labels!, 0)).toThrow(
      'exportOnnx labels feeds: "classes" must be an integer >= 1 (K, the columns of the [B, K] labels); received 0',
    );
  });

  it('writes feeds as JSON a Python script can read', () => {
    const strategy = cutout({ fillMethod: 'noise' });
    const exported = exportOnnx(strategy);
    const { info } = planAndBatch(strategy, { batch: 2, height: 4, width: 4, channels: 3 });
    const [plan] = createAugmenter({ backend: 'reference', seed: 7 }).plan(strategy, info, 0);
    const json = JSON.parse(feedsToJson(exported.feeds(plan!)));
    expect(Object.keys(json)).toEqual(['rowMask', 'colMask', 'noiseSeed', 'noiseLow', 'noiseHigh']);
    expect(json.noiseSeed.type).toBe('int64');
    expect(json.noiseSeed.dims).toEqual([2, 1, 1]);
    expect(json.noiseSeed.data).toEqual(
      Array.from((plan as { fill: { seeds: Uint32Array } }).fill.seeds),
    );
    expect(json.rowMask.data).toHaveLength(1 * 2 * 4);
  });
});
