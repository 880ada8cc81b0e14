/** Base class of every error @aug throws, so callers can tell ours from others. */
export class AugError extends Error {
  override name = 'AugError';
}

/**
 * An option or argument that breaks its rule: a strategy's parameter, or an option of a
 * call (`createAugmenter`, `run`, an adapter). The message names the strategy or call
 * (`strategy`), the parameter, the rule and the value received, e.g.
 * `cutout: "patchArea" must be a number > 0 and < 1; received 1.5`, then `hint` if
 * given (what to do about it).
 */
export class ParameterError extends AugError {
  override name = 'ParameterError';
  constructor(
    readonly strategy: string,
    readonly parameter: string,
    readonly rule: string,
    readonly received: unknown,
    readonly hint?: string,
  ) {
    const message = `${strategy}: "${parameter}" must be ${rule}; received ${formatValue(received)}`;
    super(hint ? `${message}. ${hint}` : message);
  }
}

/** Input (images, labels, shapes, layouts) that cannot be augmented as given. */
export class InputError extends AugError {
  override name = 'InputError';
}

/** Renders a received value for an error message: NaN, Infinity, arrays and strings stay readable. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${(value as Uint8Array).length})`;
  if (typeof value === 'function') return 'a function';
  const augmentation = augmentationName(value);
  if (augmentation) return augmentation;
  // A class instance or a module says what it is; a plain object shows its contents.
  if (typeof value === 'object' && Object.getPrototypeOf(value) !== Object.prototype) {
    return describeValue(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A strategy, pipeline or plan, named (`a strategy (cutout)`, `a pipeline (compose)`,
 * `a plan (cutout)`) rather than shown: its JSON would print every parameter's
 * documentation, or every number of the plan.
 */
function augmentationName(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { kind, name, type, strategy, info } = x as Record<string, unknown>;
  if (kind === 'strategy' && typeof name === 'string') return `a strategy (${name})`;
  if (kind === 'pipeline' && typeof type === 'string') return `a pipeline (${type})`;
  if (typeof kind === 'string' && typeof strategy === 'string' && typeof info === 'object')
    return `a plan (${strategy})`;
  return undefined;
}

/**
 * What a wrong input is, briefly, for "expected X; received ..." messages: a value as
 * `formatValue` renders it, an array's length, an object's class (`a Float64Array`,
 * `a GPUDevice`) or, for a plain object, its first keys.
 */
export function describeValue(x: unknown): string {
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x !== 'object' || x === null) return formatValue(x);
  const augmentation = augmentationName(x);
  if (augmentation) return augmentation;
  const tensor = tensorName(x);
  if (tensor) return tensor;
  const name: unknown = x.constructor?.name;
  const named = typeof name === 'string' && name !== 'Object' && name !== '';
  // A name of one or two letters may be a minifier's (a bundled library's class), which
  // says nothing alone: the keys come first then.
  if (named && name.length > 2) return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
  const keys = Object.keys(x);
  const shown = keys.slice(0, 8).join(', ');
  const what =
    keys.length === 0
      ? 'an empty object'
      : `an object with keys { ${shown}${keys.length > 8 ? ', ...' : ''} }`;
  return named ? `${what} (class ${name})` : what;
}

/**
 * The tensors of the libraries @aug's backends take, recognised by their fields rather
 * than their class names, which a production bundle minifies (`a k`).
 */
function tensorName(x: object): string | undefined {
  // The same fields the adapters' own tests read (isOrtTensor, isGpuTensor), so that a
  // message never says "expected a GpuTensor; received a GpuTensor".
  const t = x as Record<string, unknown>;
  const shape = (dims: unknown) => (Array.isArray(dims) ? ` [${dims.join(', ')}]` : '');
  try {
    if ('dataId' in t && Array.isArray(t.shape) && typeof t.dtype === 'string') {
      return `a tfjs Tensor (${t.dtype}${shape(t.shape)})`;
    }
    if (Array.isArray(t.dims) && typeof t.type === 'string' && typeof t.dispose === 'function') {
      return `an ort.Tensor (${t.type}${shape(t.dims)})`;
    }
    const buffer = t.buffer as Record<string, unknown> | undefined;
    if (
      typeof buffer === 'object' &&
      buffer !== null &&
      typeof buffer.size === 'number' &&
      Array.isArray(t.shape) &&
      typeof t.dtype === 'string'
    ) {
      return `a GpuTensor (${t.dtype}${shape(t.shape)})`;
    }
    if (
      typeof t.usage === 'number' &&
      typeof t.size === 'number' &&
      typeof t.mapState === 'string'
    ) {
      return 'a GPUBuffer';
    }
  } catch {
    // A getter that throws: describe the object by its keys instead.
  }
  return undefined;
}

/**
 * An option that is one of a few strings: its value, or `fallback` when undefined; any
 * other value is a `ParameterError` naming `where`, the option and the choices.
 */
export function choiceOption<C extends string>(
  where: string,
  option: string,
  value: unknown,
  choices: readonly C[],
  fallback: C,
): C {
  if (value === undefined) return fallback;
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new ParameterError(
      where,
      option,
      `one of ${choices.map((c) => `'${c}'`).join(', ')}`,
      value,
    );
  }
  return value as C;
}

/**
 * An options object with only the `known` keys (a typo must not silently fall back to a
 * default): `undefined` is `{}`; a value that is not an object (or is an array or null),
 * or an unknown own key, is a `ParameterError` naming `where`. `noun` names the keys in
 * that error ('a known parameter' for a strategy's options).
 */
export function knownOptions(
  where: string,
  options: unknown,
  known: readonly string[],
  noun: 'option' | 'parameter' = 'option',
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ParameterError(where, 'options', 'an object', options);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      throw new ParameterError(where, key, `a known ${noun} (${known.join(', ')})`, value);
    }
  }
  return options as Record<string, unknown>;
}
