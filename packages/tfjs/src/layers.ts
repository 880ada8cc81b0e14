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
  randomErasing,
  type Strategy,
} from '@aug/core';
import * as tf from '@tensorflow/tfjs-core';
import { layers, type Shape } from '@tensorflow/tfjs-layers';
import { tfjsBackend } from './backend.js';

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

/** What every augmentation layer takes besides its strategy's options. */
export interface AugmentationLayerArgs extends LayerArgs {
  /** Seed of the layer's random numbers (saved with the model). Default: random. */
  seed?: number;
}

/**
 * A Keras-style preprocessing layer around one image-only strategy. It augments only
 * while training (`model.fit`, or `apply(x, { training: true })`); in `predict` and
 * `evaluate` it is the identity, unlike the seed's TF layers, which augmented at
 * inference too. Each training call draws new numbers (a step counter), reproducibly for
 * a given seed.
 */
export abstract class AugmentationLayer extends layers.Layer {
  private readonly options: Record<string, unknown>;
  private readonly strategy: Strategy<any>;
  private readonly augmenter: Augmenter<tf.Tensor>;
  private step = 0;

  protected constructor(make: (options: never) => Strategy<any>, args: AugmentationLayerArgs = {}) {
    const layerArgs: Record<string, unknown> = {};
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(args)) {
      // tfjs's deserialisation adds these to the saved config; they are not ours.
      if (key === 'seed' || key === 'customObjects' || key === 'fastWeightInit') continue;
      if ((LAYER_ARGS as readonly string[]).includes(key)) layerArgs[key] = value;
      else options[key] = value;
    }
    super(layerArgs as LayerArgs);
    this.options = options;
    this.strategy = make(options as never); // validates now, at model-building time
    this.augmenter = createAugmenter<tf.Tensor>({
      backend: tfjsBackend(),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x || (Array.isArray(inputs) && inputs.length !== 1)) {
      throw new Error(`${this.getClassName()}: expected exactly one input tensor`);
    }
    if (!kwargs?.training) return x;
    return this.augmenter.runSync(this.strategy, x, { step: this.step++ });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...(this.options as tf.serialization.ConfigDict),
      seed: this.augmenter.seed,
      ...super.getConfig(),
    };
  }
}

type OptionsOfFactory<F> = F extends (options?: infer O) => unknown ? O : never;
type Args<F> = AugmentationLayerArgs & OptionsOfFactory<F>;

export class RandomCutout extends AugmentationLayer {
  static className = 'RandomCutout';
  constructor(args?: Args<typeof cutout>) {
    super(cutout, args);
  }
}
export class RandomErasing extends AugmentationLayer {
  static className = 'RandomErasing';
  constructor(args?: Args<typeof randomErasing>) {
    super(randomErasing, args);
  }
}
export class RandomHideAndSeek extends AugmentationLayer {
  static className = 'RandomHideAndSeek';
  constructor(args?: Args<typeof hideAndSeek>) {
    super(hideAndSeek, args);
  }
}
export class RandomGridMask extends AugmentationLayer {
  static className = 'RandomGridMask';
  constructor(args?: Args<typeof gridMask>) {
    super(gridMask, args);
  }
}
export class RandomCutBlur extends AugmentationLayer {
  static className = 'RandomCutBlur';
  constructor(args?: Args<typeof cutBlur>) {
    super(cutBlur, args);
  }
}
export class RandomCutThumbnail extends AugmentationLayer {
  static className = 'RandomCutThumbnail';
  constructor(args?: Args<typeof cutThumbnail>) {
    super(cutThumbnail, args);
  }
}
export class RandomCutPaste extends AugmentationLayer {
  static className = 'RandomCutPaste';
  constructor(args?: Args<typeof cutPaste>) {
    super(cutPaste, args);
  }
}
export class RandomCutSwap extends AugmentationLayer {
  static className = 'RandomCutSwap';
  constructor(args?: Args<typeof cutSwap>) {
    super(cutSwap, args);
  }
}

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

for (const layer of AUGMENTATION_LAYERS) tf.serialization.registerClass(layer);
