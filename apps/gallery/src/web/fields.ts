import type { ParamControl, ParamSpec } from '@aug/core';

/**
 * What a parameter's inputs hold, as text: the page keeps no rules of its own. Text is
 * turned into the value a user would write in code (see optionValue), and core's parse
 * is the only judge, so an invalid value shows the library's own error message.
 */
export type FieldState =
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'range'; readonly min: string; readonly max: string }
  | {
      readonly type: 'numberOrRange';
      readonly mode: 'number' | 'range';
      readonly min: string;
      readonly max: string;
    }
  | { readonly type: 'choice'; readonly choice: string }
  | { readonly type: 'boolean'; readonly checked: boolean }
  | { readonly type: 'fill'; readonly choice: string; readonly text: string }
  | { readonly type: 'pixelsRange'; readonly min: string; readonly max: string };

/** The fill select's entry that reveals a box for a number or one number per channel. */
export const CONSTANT_FILL = 'constant';

type AnySpec = ParamSpec<unknown, unknown>;

/** The inputs' state that shows a parameter's default. */
export function defaultState(spec: AnySpec): FieldState {
  const { control } = spec;
  const value = spec.default;
  switch (control.type) {
    case 'number':
      return { type: 'number', text: value === undefined ? '' : String(value) };
    case 'range':
    case 'pixelsRange': {
      const [min, max] = Array.isArray(value) ? value.map(String) : ['', ''];
      return { type: control.type, min: min ?? '', max: max ?? '' };
    }
    case 'numberOrRange':
      return Array.isArray(value)
        ? { type: 'numberOrRange', mode: 'range', min: String(value[0]), max: String(value[1]) }
        : {
            type: 'numberOrRange',
            mode: 'number',
            min: value === undefined ? '' : String(value),
            max: '',
          };
    case 'choice':
      return { type: 'choice', choice: String(value ?? control.choices[0] ?? '') };
    case 'boolean':
      return { type: 'boolean', checked: value === true };
    case 'fill':
      return typeof value === 'string'
        ? { type: 'fill', choice: value, text: '' }
        : { type: 'fill', choice: CONSTANT_FILL, text: numbersText(value) };
  }
}

/**
 * The option value the inputs stand for, or undefined for "not given" (core then uses
 * the default). Nothing is checked here: text that is not a number becomes NaN, which
 * core refuses with its rule.
 */
export function optionValue(state: FieldState): unknown {
  switch (state.type) {
    case 'number':
      return numberOrUndefined(state.text);
    case 'range':
    case 'pixelsRange':
      return pair(state.min, state.max);
    case 'numberOrRange':
      return state.mode === 'number' ? numberOrUndefined(state.min) : pair(state.min, state.max);
    case 'choice':
      return state.choice;
    case 'boolean':
      return state.checked;
    case 'fill': {
      if (state.choice !== CONSTANT_FILL) return state.choice;
      const numbers = state.text
        .split(/[\s,]+/)
        .filter((t) => t !== '')
        .map(Number);
      // One number fills every channel; several are one per channel, as in core.
      return numbers.length === 1 ? numbers[0] : numbers;
    }
  }
}

/** The options object for a strategy: only the parameters whose inputs say something. */
export function optionsOf(states: ReadonlyMap<string, FieldState>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [name, state] of states) {
    const value = optionValue(state);
    if (value !== undefined) options[name] = value;
  }
  return options;
}

/** A slider's bounds for a number with both bounds (exclusive ones included: core says no). */
export function sliderOf(
  control: ParamControl,
): { readonly min: number; readonly max: number; readonly step: number } | undefined {
  if (control.type !== 'number' || !control.min || !control.max) return undefined;
  const { min, max } = { min: control.min.value, max: control.max.value };
  return { min, max, step: control.integer ? 1 : (max - min) / 100 };
}

function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** Both boxes empty: not given. One empty: NaN there, for core to refuse. */
function pair(min: string, max: string): readonly [number, number] | undefined {
  if (min.trim() === '' && max.trim() === '') return undefined;
  return [
    min.trim() === '' ? Number.NaN : Number(min),
    max.trim() === '' ? Number.NaN : Number(max),
  ];
}

function numbersText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
}
