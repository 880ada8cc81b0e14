import {
  type Augmenter,
  createAugmenter,
  cutBlur,
  cutout,
  cutPaste,
  cutSwap,
  cutThumbnail,
  gridMask,
  hideAndSeek,
  InputError,
  type Layout,
  ParameterError,
  randomErasing,
  type Strategy,
  type StrategyFactory,
} from '@aug/core';
import { knownOptions } from '@aug/core/backend';
import * as tf from '@tensorflow/tfjs-core';
import { layers, type Shape } from '@tensorflow/tfjs-layers';
import { tfjsBackend } from './backend.js';
import { asCall } from './calls.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

/** Arguments of tfjs's own Layer constructor; everything else is the strategy's options. */
const LAYER_ARGS = [
  'inputShape',
  'batchInputShape',
  'batchSize',
  'dtype',
  'name',
  'trainable',
  'weights',
  'inputDType',
] as const;

/** Our own layer arguments, saved with the layer but not the strategy's options. */
const AUGMENTATION_ARGS = ['seed', 'step', 'dataFormat'] as const;
/** What tfjs's deserialisation adds to a saved config; neither tfjs's arguments nor ours. */
const LOADER_ARGS = ['customObjects', 'fastWeightInit'] as const;

/** What every augmentation layer takes besides its strategy's options. */
export interface AugmentationLayerArgs extends LayerArgs {
  /** Seed of the layer's random numbers (saved with the model). Default: random. */
  seed?: number;
  /**
   * The step of the layer's next training call, an integer >= 0; each training call takes
   * one and moves on. Saved with the model, so training resumed from a saved model goes
   * on drawing new numbers instead of replaying those of its first steps. Default: 0.
   */
  step?: number;
  /**
   * 'channelsLast' ([B, H, W, C], tfjs's default) or 'channelsFirst' ([B, C, H, W]), as
   * tfjs's convolution layers say it. Default: 'channelsLast'.
   */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

const LAYOUTS = { channelsLast: 'NHWC', channelsFirst: 'NCHW' } as const;

function layoutOf(className: string, dataFormat: unknown): Layout {
  if (dataFormat === undefined) return 'NHWC';
  if (typeof dataFormat === 'string' && Object.hasOwn(LAYOUTS, dataFormat)) {
    return LAYOUTS[dataFormat as keyof typeof LAYOUTS];
  }
  throw new ParameterError(
    className,
    'dataFormat',
    "'channelsLast' or 'channelsFirst'",
    dataFormat,
  );
}

/**
 * tfjs saves every string in a layer's config snake_cased and loads it camelCased, keys
 * and values alike, so 'mean_per_channel' would come back as 'meanPerChannel'. Every
 * string value of core's options is lower snake_case, so the loaded config's values are
 * mapped back; tfjs's own arguments are left as they come.
 */
function snakeCaseValues(config: tf.serialization.ConfigDict): tf.serialization.ConfigDict {
  const out: tf.serialization.ConfigDict = {};
  for (const [key, value] of Object.entries(config)) {
    const ours = !([...LAYER_ARGS, ...AUGMENTATION_ARGS] as readonly string[]).includes(key);
    out[key] =
      ours && typeof value === 'string'
        ? value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
        : value;
  }
  return out;
}

/**
 * A Keras-style preprocessing layer around one image-only strategy. It augments only
 * while training (`model.fit`, or `apply(x, { training: true })`); in `predict` and
 * `evaluate` it is the identity, unlike the seed's TF layers, which augmented at
 * inference too. Each training call draws new numbers (a step counter, saved with the
 * model), reproducibly for a given seed.
 */
export abstract class AugmentationLayer extends layers.Layer {
  private readonly options: Record<string, unknown>;
  private readonly strategy: Strategy<any>;
  private readonly augmenter: Augmenter<tf.Tensor>;
  private readonly dataFormat: 'channelsLast' | 'channelsFirst' | undefined;
  private readonly layout: Layout;
  private step: number;

  protected constructor(make: StrategyFactory<any>, args: AugmentationLayerArgs = {}) {
    const isOne = (names: readonly string[], key: string) => names.includes(key);
    const given = Object.entries(args).filter(([key]) => !isOne(LOADER_ARGS, key));
    const layerArgs: Record<string, unknown> = {};
    const options: Record<string, unknown> = {};
    for (const [key, value] of given) {
      if (isOne(AUGMENTATION_ARGS, key)) continue;
      if (isOne(LAYER_ARGS, key)) layerArgs[key] = value;
      else options[key] = value;
    }
    super(layerArgs as LayerArgs);
    // Unknown names are refused here, where the whole list of what is known is.
    knownOptions(this.getClassName(), Object.fromEntries(given), [
      ...Object.keys(make.definition.params),
      ...AUGMENTATION_ARGS,
      ...LAYER_ARGS,
    ]);
    this.layout = layoutOf(this.getClassName(), args.dataFormat);
    this.dataFormat = args.dataFormat;
    this.options = options;
    this.step = args.step ?? 0;
    if (!Number.isSafeInteger(this.step) || this.step < 0) {
      throw new ParameterError(this.getClassName(), 'step', 'an integer >= 0', args.step);
    }
    this.strategy = make(options as never); // validates now, at model-building time
    if (this.strategy.mixesLabels) {
      // A layer sees the images only: a strategy that mixes labels would leave them wrong.
      throw new ParameterError(
        this.getClassName(),
        'source',
        "'self' in a layer, which sees no labels to mix (use the augmenter with labels)",
        options.source,
      );
    }
    this.augmenter = asCall(this.getClassName(), () =>
      createAugmenter<tf.Tensor>({
        backend: tfjsBackend(),
        ...(args.seed === undefined ? {} : { seed: args.seed }),
      }),
    );
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || (Array.isArray(inputs) && inputs.length !== 1)) {
      throw new InputError(`${this.getClassName()}: expected exactly one input tensor`);
    }
    if (!kwargs?.training) return x;
    const out = this.augmenter.runSync(this.strategy, x, { step: this.step, layout: this.layout });
    this.step++; // only a call that ran takes a step, as with the augmenter
    return out;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...(this.options as tf.serialization.ConfigDict),
      seed: this.augmenter.seed,
      step: this.step,
      ...(this.dataFormat === undefined ? {} : { dataFormat: this.dataFormat }),
      ...super.getConfig(),
    };
  }

  /** As Layer's, with the string values tfjs's saving changed put back (`snakeCaseValues`). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(snakeCaseValues(config));
  }
}

type OptionsOfFactory<F> = F extends (options?: infer O) => unknown ? O : never;

/** A layer class for one strategy: it takes the strategy's options, `seed` and tfjs's layer arguments. */
export interface AugmentationLayerClass<F> {
  new (args?: AugmentationLayerArgs & OptionsOfFactory<F>): AugmentationLayer;
  readonly className: string;
}

function layerFor<F extends StrategyFactory<any>>(
  className: string,
  make: F,
): AugmentationLayerClass<F> {
  return class extends AugmentationLayer {
    static className = className;
    constructor(args?: AugmentationLayerArgs & OptionsOfFactory<F>) {
      super(make, args);
    }
  };
}

export const RandomCutout = layerFor('RandomCutout', cutout);
export const RandomErasing = layerFor('RandomErasing', randomErasing);
export const RandomHideAndSeek = layerFor('RandomHideAndSeek', hideAndSeek);
export const RandomGridMask = layerFor('RandomGridMask', gridMask);
export const RandomCutBlur = layerFor('RandomCutBlur', cutBlur);
export const RandomCutThumbnail = layerFor('RandomCutThumbnail', cutThumbnail);
export const RandomCutPaste = layerFor('RandomCutPaste', cutPaste);
export const RandomCutSwap = layerFor('RandomCutSwap', cutSwap);
export type RandomCutout = InstanceType<typeof RandomCutout>;
export type RandomErasing = InstanceType<typeof RandomErasing>;
export type RandomHideAndSeek = InstanceType<typeof RandomHideAndSeek>;
export type RandomGridMask = InstanceType<typeof RandomGridMask>;
export type RandomCutBlur = InstanceType<typeof RandomCutBlur>;
export type RandomCutThumbnail = InstanceType<typeof RandomCutThumbnail>;
export type RandomCutPaste = InstanceType<typeof RandomCutPaste>;
export type RandomCutSwap = InstanceType<typeof RandomCutSwap>;

/** The eight layers, registered so that models containing them save and load. */
export const AUGMENTATION_LAYERS = [
  RandomCutout,
  RandomErasing,
  RandomHideAndSeek,
  RandomGridMask,
  RandomCutBlur,
  RandomCutThumbnail,
  RandomCutPaste,
  RandomCutSwap,
] as const;

/**
 * Registers the eight layers with tfjs's serialization, so that `loadLayersModel` can
 * rebuild a model containing them. Importing a layer class already does it; an app that
 * loads such a model without naming any layer class must call it when it is bundled:
 * @aug/tfjs declares every module but its entry free of side effects, so a bundler drops the unused
 * layers, registration included. Calling it again is harmless.
 */
export function registerLayers(): void {
  for (const layer of AUGMENTATION_LAYERS) {
    // Each class inherits Layer's static fromConfig, which registerClass needs.
    tf.serialization.registerClass(
      layer as unknown as tf.serialization.SerializableConstructor<AugmentationLayer>,
    );
  }
}

registerLayers();
