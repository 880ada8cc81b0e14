import { cutout, type ParamSpec, randomErasing, strategies } from '@aug/core';
import { describe, expect, it } from 'vitest';
import {
  CONSTANT_FILL,
  defaultState,
  type FieldState,
  optionsOf,
  optionValue,
  sliderOf,
} from './fields.js';

type AnySpec = ParamSpec<unknown, unknown>;
const paramsOf = (name: keyof typeof strategies) =>
  strategies[name].definition.params as Record<string, AnySpec>;

describe('fields', () => {
  it('start every strategy at exactly the library defaults', () => {
    for (const [name, factory] of Object.entries(strategies)) {
      const states = new Map(
        Object.entries(paramsOf(name as keyof typeof strategies)).map(([param, spec]) => [
          param,
          defaultState(spec),
        ]),
      );
      // The options the untouched controls stand for make the same strategy as no options.
      const made = (factory as (options: unknown) => { params: unknown })(optionsOf(states));
      expect(made.params, name).toEqual((factory as () => { params: unknown })().params);
    }
  });

  it('show a number or a pair as core would take it', () => {
    const cutoutParams = paramsOf('cutout');
    expect(defaultState(cutoutParams.patchArea!)).toEqual({ type: 'number', text: '0.1' });
    expect(defaultState(paramsOf('randomErasing').patchArea!)).toEqual({
      type: 'numberOrRange',
      mode: 'range',
      min: '0.05',
      max: '0.3',
    });
    expect(defaultState(cutoutParams.fillMethod!)).toEqual({
      type: 'fill',
      choice: 'black',
      text: '',
    });
    expect(defaultState(cutoutParams.pixelsRange!)).toEqual({
      type: 'pixelsRange',
      min: '',
      max: '',
    });
  });

  it('turn text into values without judging them: core does', () => {
    const value = (state: FieldState) => optionValue(state);
    expect(value({ type: 'number', text: ' 0.25 ' })).toBe(0.25);
    expect(value({ type: 'number', text: '' })).toBeUndefined();
    expect(value({ type: 'number', text: 'abc' })).toBeNaN();
    expect(value({ type: 'range', min: '', max: '' })).toBeUndefined();
    expect(value({ type: 'range', min: '1', max: '' })).toEqual([1, Number.NaN]);
    expect(value({ type: 'numberOrRange', mode: 'number', min: '0.2', max: '0.9' })).toBe(0.2);
    expect(value({ type: 'numberOrRange', mode: 'range', min: '0.2', max: '0.9' })).toEqual([
      0.2, 0.9,
    ]);
    expect(value({ type: 'fill', choice: 'noise', text: '7' })).toBe('noise');
    expect(value({ type: 'fill', choice: CONSTANT_FILL, text: '200' })).toBe(200);
    expect(value({ type: 'fill', choice: CONSTANT_FILL, text: '255, 0,255' })).toEqual([
      255, 0, 255,
    ]);
    expect(value({ type: 'boolean', checked: true })).toBe(true);
  });

  it("leave invalid text to core's own message", () => {
    const options = optionsOf(new Map([['patchArea', { type: 'number', text: 'abc' } as const]]));
    expect(() => cutout(options)).toThrow(
      'cutout: "patchArea" must be a number > 0 and < 1; received NaN',
    );
    const range = optionsOf(
      new Map([
        ['patchArea', { type: 'numberOrRange', mode: 'range', min: '0.5', max: '0.1' } as const],
      ]),
    );
    expect(() => randomErasing(range)).toThrow(/received \[0\.5, 0\.1\]$/);
  });

  it('give sliders to numbers with both bounds only', () => {
    const params = paramsOf('cutout');
    expect(sliderOf(params.patchArea!.control)).toEqual({ min: 0, max: 1, step: 0.01 });
    expect(sliderOf(params.numPatches!.control)).toBeUndefined();
    expect(sliderOf(params.fillMethod!.control)).toBeUndefined();
  });
});
