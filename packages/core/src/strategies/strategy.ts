import type { BatchInfo } from '../batch.js';
import { type OptionsOf, type ParamSpecs, type ParamsOf, parseOptions } from '../params/spec.js';
import type { Plan } from '../plan.js';
import type { Random } from '../random/random.js';

/** What a strategy needs to plan one batch. */
export interface PlanContext {
  readonly info: BatchInfo;
  /** This strategy's key for this call: derived from the seed, stream, step and pipeline position. */
  readonly rng: Random;
  /** Images a pipeline lets through (1) or holds back (0); absent = all. */
  readonly gate?: Uint8Array;
}

/** A strategy's definition: its name, documentation, parameters and planner. */
export interface StrategyDefinition<S extends ParamSpecs> {
  /** camelCase name, e.g. 'randomErasing'. */
  readonly name: string;
  /** Human title, e.g. 'Random Erasing'. */
  readonly title: string;
  /** The seed's Python names (TF layer or function, PyTorch transform). */
  readonly seedName: string;
  readonly summary: string;
  readonly params: S;
  // Methods, not function-valued properties: their parameters are then bivariant, so any
  // configured strategy is a plain `Strategy` (a function parameter's type, say).
  /** True when the strategy can change labels (CutMix, Mixup, Cut-Thumbnail from another image). */
  mixesLabels(params: ParamsOf<S>): boolean;
  /** Rules between parameters, beyond each one's own: throws a ParameterError. */
  check?(params: ParamsOf<S>): void;
  plan(params: ParamsOf<S>, ctx: PlanContext): Plan;
}

/** A configured strategy: validated parameters plus its definition. Immutable. */
export interface Strategy<S extends ParamSpecs = ParamSpecs> {
  readonly kind: 'strategy';
  readonly name: string;
  readonly params: ParamsOf<S>;
  readonly definition: StrategyDefinition<S>;
  plan(ctx: PlanContext): Plan;
  readonly mixesLabels: boolean;
}

/** A strategy factory, e.g. `cutout`, with its definition attached for docs and UIs. */
export interface StrategyFactory<S extends ParamSpecs> {
  (options?: OptionsOf<S>): Strategy<S>;
  readonly definition: StrategyDefinition<S>;
}

/**
 * Makes a strategy factory. The factory validates every parameter when the strategy is
 * created, so a bad value fails at the line that wrote it, not inside a training step.
 */
export function defineStrategy<S extends ParamSpecs>(
  definition: StrategyDefinition<S>,
): StrategyFactory<S> {
  const nameKey = fnv1a(definition.name);
  const factory = (options?: OptionsOf<S>): Strategy<S> => {
    const params = parseOptions(definition.name, definition.params, options);
    definition.check?.(params);
    return Object.freeze({
      kind: 'strategy' as const,
      name: definition.name,
      params,
      definition,
      mixesLabels: definition.mixesLabels(params),
      // The name is part of the key: two strategies run with the same seed and step (two
      // layers, say) still pick different images and places.
      plan: (ctx: PlanContext) => definition.plan(params, { ...ctx, rng: ctx.rng.derive(nameKey) }),
    });
  };
  return Object.assign(factory, { definition });
}

/** FNV-1a hash of a string: a stable 32-bit number per strategy name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++)
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
