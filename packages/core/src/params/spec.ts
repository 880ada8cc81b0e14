import { knownOptions, ParameterError } from '../errors.js';

/** Where a value is being checked, for error messages. */
export interface Where {
  readonly strategy: string;
  readonly parameter: string;
}

/** A bound of a numeric rule. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** What a gallery, a form or a docs page needs to know about a parameter. */
export type ParamControl =
  | {
      readonly type: 'number';
      readonly min?: Bound;
      readonly max?: Bound;
      readonly integer: boolean;
    }
  | {
      readonly type: 'range';
      readonly min?: Bound;
      readonly max?: Bound;
      readonly integer: boolean;
    }
  | {
      readonly type: 'numberOrRange';
      readonly min?: Bound;
      readonly max?: Bound;
      readonly integer: boolean;
    }
  | { readonly type: 'choice'; readonly choices: readonly string[] }
  | { readonly type: 'boolean' }
  | { readonly type: 'fill'; readonly choices: readonly string[] }
  | { readonly type: 'pixelsRange' };

/**
 * One parameter of a strategy: its rule, default and documentation, and `parse`, which
 * checks a user value (or the default when the user gave none) and normalises it.
 * `In` is what users may pass; `Out` what the strategy works with.
 */
export interface ParamSpec<In, Out> {
  readonly doc: string;
  /** The default, as a user would write it; undefined where the default depends on the input (say so in `doc`). */
  readonly default: In | undefined;
  /** The rule in words, as error messages and docs print it. */
  readonly rule: string;
  readonly control: ParamControl;
  parse(value: unknown, where: Where): Out;
  /** Phantom field for type inference only. */
  readonly __in?: In;
}

export type AnyParamSpec = ParamSpec<any, any>;
export type ParamSpecs = Readonly<Record<string, AnyParamSpec>>;

/** The options object a user passes: every parameter optional. */
export type OptionsOf<S extends ParamSpecs> = {
  [K in keyof S]?: S[K] extends ParamSpec<infer In, any> ? In : never;
};

/** The parameters after validation and normalisation, every one present. */
export type ParamsOf<S extends ParamSpecs> = {
  readonly [K in keyof S]: S[K] extends ParamSpec<any, infer Out> ? Out : never;
};

export type Range = readonly [number, number];

interface NumberRule {
  /** Lower bound (inclusive unless `minExclusive`). */
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

function bounds(rule: NumberRule): { min?: Bound; max?: Bound } {
  return {
    ...(rule.min === undefined ? {} : { min: { value: rule.min, inclusive: !rule.minExclusive } }),
    ...(rule.max === undefined ? {} : { max: { value: rule.max, inclusive: !rule.maxExclusive } }),
  };
}

function describeNumber(rule: NumberRule, noun = rule.integer ? 'an integer' : 'a number'): string {
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.minExclusive ? '>' : '>='} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`${rule.maxExclusive ? '<' : '<='} ${rule.max}`);
  return parts.length ? `${noun} ${parts.join(' and ')}` : `a finite ${noun.replace(/^an? /, '')}`;
}

function satisfies(value: unknown, rule: NumberRule): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min))
    return false;
  if (rule.max !== undefined && (rule.maxExclusive ? value >= rule.max : value > rule.max))
    return false;
  return true;
}

function isPair(value: unknown): value is readonly [unknown, unknown] {
  return Array.isArray(value) && value.length === 2;
}

function fail(where: Where, rule: string, received: unknown): never {
  throw new ParameterError(where.strategy, where.parameter, rule, received);
}

/** The same parameter with a strategy's own note added to its documentation. */
export function withNote<In, Out>(spec: ParamSpec<In, Out>, note: string): ParamSpec<In, Out> {
  return { ...spec, doc: `${spec.doc} ${note}` };
}

/** A single number. */
export function numberParam(
  rule: NumberRule & { default: number; doc: string },
): ParamSpec<number, number> {
  const text = describeNumber(rule);
  return {
    doc: rule.doc,
    default: rule.default,
    rule: text,
    control: { type: 'number', ...bounds(rule), integer: !!rule.integer },
    parse(value, where) {
      const v = value === undefined ? rule.default : value;
      if (!satisfies(v, rule)) fail(where, text, value);
      return v;
    },
  };
}

/** A pair [min, max] with min <= max. */
export function rangeParam(
  rule: NumberRule & { default: Range; doc: string },
): ParamSpec<Range, Range> {
  const each = describeNumber(rule, rule.integer ? 'integers' : 'numbers').replace(/^an? /, '');
  const text = `a pair [min, max] of ${each} with min <= max`;
  return {
    doc: rule.doc,
    default: rule.default,
    rule: text,
    control: { type: 'range', ...bounds(rule), integer: !!rule.integer },
    parse(value, where) {
      const v = value === undefined ? rule.default : value;
      if (!isPair(v) || !satisfies(v[0], rule) || !satisfies(v[1], rule) || v[0] > v[1]) {
        fail(where, text, value);
      }
      return [v[0], v[1]] as const;
    },
  };
}

/** A number (fixed) or a pair [min, max] (sampled per image); normalised to a pair. */
export function numberOrRangeParam(
  rule: NumberRule & { default: number | Range; doc: string },
): ParamSpec<number | Range, Range> {
  const one = describeNumber(rule);
  const text = `${one}, or a pair [min, max] of such numbers with min <= max`;
  return {
    doc: rule.doc,
    default: rule.default,
    rule: text,
    control: { type: 'numberOrRange', ...bounds(rule), integer: !!rule.integer },
    parse(value, where) {
      const v = value === undefined ? rule.default : value;
      if (satisfies(v, rule)) return [v, v] as const;
      if (isPair(v) && satisfies(v[0], rule) && satisfies(v[1], rule) && v[0] <= v[1]) {
        return [v[0], v[1]] as const;
      }
      fail(where, text, value);
    },
  };
}

/** One of a fixed set of strings. */
export function choiceParam<const C extends string>(rule: {
  choices: readonly C[];
  default: C;
  doc: string;
}): ParamSpec<C, C> {
  const text = `one of ${rule.choices.map((c) => `'${c}'`).join(', ')}`;
  return {
    doc: rule.doc,
    default: rule.default,
    rule: text,
    control: { type: 'choice', choices: rule.choices },
    parse(value, where) {
      const v = value === undefined ? rule.default : value;
      if (!(rule.choices as readonly unknown[]).includes(v)) fail(where, text, value);
      return v as C;
    },
  };
}

export function booleanParam(rule: { default: boolean; doc: string }): ParamSpec<boolean, boolean> {
  return {
    doc: rule.doc,
    default: rule.default,
    rule: 'true or false',
    control: { type: 'boolean' },
    parse(value, where) {
      const v = value === undefined ? rule.default : value;
      if (typeof v !== 'boolean') fail(where, 'true or false', value);
      return v;
    },
  };
}

/**
 * Checks a whole options object against specs: unknown names are refused (a typo must
 * not silently fall back to a default), then every parameter is parsed.
 */
export function parseOptions<S extends ParamSpecs>(
  strategy: string,
  specs: S,
  options: unknown,
): ParamsOf<S> {
  const given = knownOptions(strategy, options, Object.keys(specs), 'parameter');
  const out: Record<string, unknown> = {};
  for (const [parameter, spec] of Object.entries(specs)) {
    out[parameter] = spec.parse(given[parameter], { strategy, parameter });
  }
  return Object.freeze(out) as ParamsOf<S>;
}

/** A pair [a, b] of values each satisfying the rule, in no particular order (e.g. [rows, cols]). */
export function pairParam(
  rule: NumberRule & { default: Range; doc: string; names: string },
): ParamSpec<Range, Range> {
  const each = describeNumber(rule, rule.integer ? 'integers' : 'numbers').replace(/^an? /, '');
  const text = `a pair ${rule.names} of ${each}`;
  return {
    doc: rule.doc,
    default: rule.default,
    rule: text,
    control: { type: 'range', ...bounds(rule), integer: !!rule.integer },
    parse(value, where) {
      const v = value === undefined ? rule.default : value;
      if (!isPair(v) || !satisfies(v[0], rule) || !satisfies(v[1], rule)) fail(where, text, value);
      return [v[0], v[1]] as const;
    },
  };
}

/** Makes a parameter optional: absent means "not used", with no default value. */
export function optionalParam<In, Out>(
  spec: ParamSpec<In, Out>,
  doc: string,
): ParamSpec<In, Out | undefined> {
  return {
    ...spec,
    doc,
    default: undefined,
    rule: spec.rule,
    parse(value, where) {
      return value === undefined ? undefined : spec.parse(value, where);
    },
  };
}
