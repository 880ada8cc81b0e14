import {
  batchInfo,
  createAugmenter,
  type ImageDType,
  InputError,
  type LabelMix,
  type Layout,
  ParameterError,
  type Plan,
  type Strategy,
} from '@aug/core';
import { knownOptions } from '@aug/core/backend';
import {
  type BuiltGraph,
  buildGraph,
  type Feeds,
  type GraphKey,
  graphKey,
  keyString,
  planFeeds,
} from './graphs/index.js';
import { labelFeeds } from './graphs/labels.js';

export interface ExportOptions {
  /** Pixel type of the images the graph takes. Default 'float32'. */
  readonly dtype?: ImageDType;
  /** 'NHWC' (default) or 'NCHW'. */
  readonly layout?: Layout;
  /** Rank-3 [B, H, W] images instead of rank 4. */
  readonly grayscale?: boolean;
  /**
   * Channels of the images, where the graph depends on them: a fill colour given per
   * channel (`fillMethod: [r, g, b, a]`) needs that many. Default 3 (1 with `grayscale`).
   */
  readonly channels?: number;
}

const EXPORT_OPTIONS = ['dtype', 'layout', 'grayscale', 'channels'];

/** One exported ONNX graph: save `model` as a .onnx file. */
export interface ExportedModel extends BuiltGraph {
  /** The inputs and outputs as a Markdown table. */
  describe(): string;
}

export interface ExportedStrategy extends ExportedModel {
  /** The label-mixing graph, for strategies that mix labels. */
  readonly labels?: ExportedModel & {
    /**
     * Its inputs besides `labels` (float32 [B, K]) for a plan's label mix: `mix` is
     * `plan.labels` of the plan whose images the strategy's graph augments, `classes` is K.
     */
    feeds(mix: LabelMix, classes: number): Feeds;
  };
  /**
   * The graph's inputs besides `images` for a plan of this strategy (from
   * `augmenter.plan(strategy, batchInfo(...), step)`), as typed arrays with their dims.
   */
  feeds(plan: Plan): Feeds;
}

function table(g: BuiltGraph): string {
  const rows = [
    ...g.inputs.map((v) => ['input', v] as const),
    ...g.outputs.map((v) => ['output', v] as const),
  ];
  const lines = rows.map(
    ([io, v]) =>
      `| ${io} | \`${v.name}\` | ${v.type} | [${(v.shape ?? []).join(', ')}] | ${v.doc ?? ''} |`,
  );
  return [
    `${g.doc}`,
    '',
    '| | name | type | shape | meaning |',
    '|---|---|---|---|---|',
    ...lines,
  ].join('\n');
}

function exported(g: BuiltGraph): ExportedModel {
  return { ...g, describe: () => table(g) };
}

/** Refuses what is not one plan, before reading it (the graph check follows). */
function checkPlan(plan: unknown, strategy: string): void {
  const p = plan as Partial<Plan> | null | undefined;
  if (typeof p?.strategy === 'string' && typeof p.info === 'object' && typeof p.kind === 'string')
    return;
  throw new ParameterError(
    'exportOnnx feeds',
    'plan',
    `one plan of ${strategy}`,
    plan,
    Array.isArray(plan)
      ? 'augmenter.plan(...) returns one plan per strategy: pass plans[0]'
      : 'Make it with augmenter.plan(strategy, batchInfo(shape, dtype), step)[0]',
  );
}

/** Refuses what is not a plan's label mix (`plan.labels`) and a class count. */
function checkLabelMix(mix: unknown, classes: unknown): void {
  const m = mix as Partial<LabelMix> | null | undefined;
  if (
    !(m?.partner instanceof Int32Array) ||
    !(m.weight instanceof Float32Array) ||
    !(m.smoothing instanceof Float32Array)
  ) {
    throw new ParameterError(
      'exportOnnx labels feeds',
      'mix',
      "a plan's label mix (plan.labels)",
      mix,
      'Pass plan.labels, the mix of the plan whose images the graph augments',
    );
  }
  if (!Number.isSafeInteger(classes) || (classes as number) < 1) {
    throw new ParameterError(
      'exportOnnx labels feeds',
      'classes',
      'an integer >= 1 (K, the columns of the [B, K] labels)',
      classes,
    );
  }
}

/**
 * Exports the ONNX graph a strategy runs on, to use it outside JavaScript (Python
 * onnxruntime, C++, another runtime): the images and the plan's numbers are its inputs,
 * documented in the model and in `describe()`. `feeds(plan)` lays out a plan's numbers
 * as those inputs. Batch, height and width are dynamic; dtype and layout are fixed.
 */
export function exportOnnx(strategy: Strategy<any>, options: ExportOptions = {}): ExportedStrategy {
  if (strategy?.kind !== 'strategy') {
    throw new ParameterError(
      'exportOnnx',
      'strategy',
      'one strategy such as cutout()',
      strategy,
      'Pipelines run several graphs: export each strategy',
    );
  }
  const given = knownOptions('exportOnnx', options, EXPORT_OPTIONS) as ExportOptions;
  const dtype = given.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'uint8') {
    throw new ParameterError('exportOnnx', 'dtype', "'float32' or 'uint8'", given.dtype);
  }
  const layout = given.layout ?? 'NHWC';
  if (layout !== 'NHWC' && layout !== 'NCHW') {
    throw new ParameterError('exportOnnx', 'layout', "'NHWC' or 'NCHW'", given.layout);
  }
  const grayscale = given.grayscale ?? false;
  if (typeof grayscale !== 'boolean') {
    throw new ParameterError('exportOnnx', 'grayscale', 'true or false', grayscale);
  }
  const C = given.channels ?? (grayscale ? 1 : 3);
  if (!Number.isSafeInteger(C) || C < 1 || (grayscale && C !== 1)) {
    throw new ParameterError(
      'exportOnnx',
      'channels',
      grayscale ? '1 (or absent) with grayscale' : 'an integer >= 1',
      given.channels,
    );
  }
  // A probe plan fixes the graph's structure (fill type, masks per image, sampler): it
  // depends on the strategy's parameters, never on the batch.
  const shape = grayscale ? [2, 8, 8] : layout === 'NHWC' ? [2, 8, 8, C] : [2, C, 8, 8];
  const info = batchInfo(shape, dtype, layout, 'exportOnnx');
  const [probe] = createAugmenter({ backend: 'reference', seed: 0 }).plan(strategy, info, 0);
  const key: GraphKey = graphKey(probe!, true);
  const graph = buildGraph(key);
  const labelsGraph = strategy.mixesLabels ? buildGraph({ kind: 'labels' }) : undefined;
  return {
    ...exported(graph),
    ...(labelsGraph
      ? {
          labels: {
            ...exported(labelsGraph),
            feeds: (mix, classes) => {
              checkLabelMix(mix, classes);
              return labelFeeds(mix, classes);
            },
          },
        }
      : {}),
    feeds(plan: Plan): Feeds {
      checkPlan(plan, strategy.name);
      const planKey = graphKey(plan, true);
      if (keyString(planKey) !== keyString(key)) {
        throw new InputError(
          `exportOnnx: this plan (${plan.strategy}, ${plan.info.dtype}, ${plan.info.layout}) needs graph ${buildGraph(planKey).name}, not ${graph.name}`,
        );
      }
      return planFeeds(plan, key);
    },
  };
}

/** Feeds as JSON ({ name: { type, dims, data } }), e.g. to load them with numpy in Python. */
export function feedsToJson(feeds: Feeds): string {
  const plain: Record<string, { type: string; dims: readonly number[]; data: number[] }> = {};
  for (const [name, f] of Object.entries(feeds)) {
    plain[name] = {
      type: f.type,
      dims: f.dims,
      data: Array.from(f.data as ArrayLike<number | bigint>, Number),
    };
  }
  return JSON.stringify(plain);
}
