import type { ParamSpec, ParamSpecs } from '@aug/core';
import { formatValue } from '@aug/core/backend';
import { h } from './dom.js';
import { CONSTANT_FILL, defaultState, type FieldState, optionsOf, sliderOf } from './fields.js';

type AnySpec = ParamSpec<unknown, unknown>;

/** A parameter's inputs, and how to read them back. */
interface Field {
  readonly element: HTMLElement;
  read(): FieldState;
}

export interface ParamControls {
  readonly element: HTMLElement;
  /** The strategy's options as the inputs stand (see fields.ts: no checks here). */
  options(): Record<string, unknown>;
  /** Highlights the parameter core refused (undefined: none). */
  markInvalid(parameter: string | undefined): void;
}

/**
 * The inputs of a strategy's parameters, generated from its specs: each shows its
 * default, its rule in words and its documentation; `onChange` runs on every edit.
 * Parameters in `skip` are set by the page itself (numClasses).
 */
export function paramControls(
  params: ParamSpecs,
  skip: ReadonlySet<string>,
  onChange: () => void,
): ParamControls {
  const fields = new Map<string, Field>();
  const element = h('div', { class: 'params' });
  for (const [name, spec] of Object.entries(params as Record<string, AnySpec>)) {
    if (skip.has(name)) continue;
    const field = fieldFor(name, spec);
    fields.set(name, field);
    element.append(field.element);
  }
  // Every input and select reports here: 'input' for typing and sliders, 'change' for the rest.
  element.addEventListener('input', onChange);
  element.addEventListener('change', onChange);
  return {
    element,
    options: () => optionsOf(new Map([...fields].map(([name, field]) => [name, field.read()]))),
    markInvalid(parameter) {
      for (const [name, field] of fields)
        field.element.classList.toggle('invalid', name === parameter);
    },
  };
}

function fieldFor(name: string, spec: AnySpec): Field {
  const initial = defaultState(spec);
  const inputs = inputsFor(name, spec, initial);
  const element = h('div', { class: 'field', 'data-param': name, title: spec.doc }, [
    h('label', { class: 'name', for: `param-${name}`, text: name }),
    inputs.element,
    h('p', { class: 'rule', text: ruleText(spec) }),
  ]);
  return { element, read: inputs.read };
}

/** The rule and the default, as a hint under the inputs. */
function ruleText(spec: AnySpec): string {
  const shown = spec.default === undefined ? 'none' : formatValue(spec.default);
  return `${spec.rule}. Default: ${shown}.`;
}

function inputsFor(name: string, spec: AnySpec, initial: FieldState): Field {
  const id = `param-${name}`;
  switch (initial.type) {
    case 'number': {
      const box = textBox(id, initial.text, spec.control.type === 'number' && spec.control.integer);
      const bounds = sliderOf(spec.control);
      if (!bounds) return { element: box, read: () => ({ type: 'number', text: box.value }) };
      // The slider and the box show one value: moving either updates the other.
      const slider = h('input', {
        type: 'range',
        ...bounds,
        value: initial.text,
        'aria-label': name,
      });
      slider.addEventListener('input', () => {
        box.value = slider.value;
      });
      box.addEventListener('input', () => {
        slider.value = box.value;
      });
      return {
        element: h('div', { class: 'inputs' }, [slider, box]),
        read: () => ({ type: 'number', text: box.value }),
      };
    }
    case 'range':
    case 'pixelsRange': {
      const integer = spec.control.type === 'range' && spec.control.integer;
      const min = textBox(id, initial.min, integer, 'min');
      const max = textBox(`${id}-max`, initial.max, integer, 'max');
      return {
        element: h('div', { class: 'inputs' }, [min, h('span', { text: 'to' }), max]),
        read: () => ({ type: initial.type, min: min.value, max: max.value }),
      };
    }
    case 'numberOrRange': {
      const integer = spec.control.type === 'numberOrRange' && spec.control.integer;
      const mode = select(`${id}-mode`, ['number', 'range'], initial.mode);
      const min = textBox(id, initial.min, integer);
      const to = h('span', { text: 'to' });
      const max = textBox(`${id}-max`, initial.max, integer, 'max');
      const show = () => {
        to.hidden = max.hidden = mode.value !== 'range';
      };
      mode.addEventListener('change', show);
      show();
      return {
        element: h('div', { class: 'inputs' }, [mode, min, to, max]),
        read: () => ({
          type: 'numberOrRange',
          mode: mode.value === 'range' ? 'range' : 'number',
          min: min.value,
          max: max.value,
        }),
      };
    }
    case 'choice': {
      const choices = spec.control.type === 'choice' ? spec.control.choices : [];
      const box = select(id, choices, initial.choice);
      return { element: box, read: () => ({ type: 'choice', choice: box.value }) };
    }
    case 'boolean': {
      const box = h('input', { type: 'checkbox', id, checked: initial.checked });
      return { element: box, read: () => ({ type: 'boolean', checked: box.checked }) };
    }
    case 'fill': {
      const choices = spec.control.type === 'fill' ? spec.control.choices : [];
      const method = select(id, [...choices, CONSTANT_FILL], initial.choice);
      const values = textBox(`${id}-values`, initial.text, false, 'e.g. 255, 0, 255');
      const show = () => {
        values.hidden = method.value !== CONSTANT_FILL;
      };
      method.addEventListener('change', show);
      show();
      return {
        element: h('div', { class: 'inputs' }, [method, values]),
        read: () => ({ type: 'fill', choice: method.value, text: values.value }),
      };
    }
  }
}

/** A text box, not type=number: the browser must not drop text that core should refuse. */
function textBox(id: string, value: string, integer: boolean, placeholder?: string) {
  return h('input', {
    type: 'text',
    id,
    value,
    inputmode: integer ? 'numeric' : 'decimal',
    placeholder,
    spellcheck: 'false',
  });
}

function select(id: string, choices: readonly string[], value: string): HTMLSelectElement {
  const box = h(
    'select',
    { id },
    choices.map((choice) => h('option', { value: choice, text: choice })),
  );
  box.value = value;
  return box;
}
