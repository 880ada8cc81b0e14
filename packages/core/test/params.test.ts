import { describe, expect, it } from 'vitest';
import { type ParamControl, ParameterError, type ParamSpec, strategies } from '../src/index.js';

/** Values that break a parameter's rule, derived from its control description. */
function invalidValues(control: ParamControl): unknown[] {
  const common = [Number.NaN, Number.POSITIVE_INFINITY, 'x', null, {}, true];
  const outside = (c: {
    min?: { value: number; inclusive: boolean };
    max?: { value: number; inclusive: boolean };
    integer: boolean;
  }) => {
    const out: number[] = [];
    if (c.min) out.push(c.min.inclusive ? c.min.value - 0.5 : c.min.value);
    if (c.max) out.push(c.max.inclusive ? c.max.value + 0.5 : c.max.value);
    if (c.integer) out.push((c.min?.value ?? 0) + 1.5);
    return out;
  };
  switch (control.type) {
    case 'number':
      return [...common.filter((v) => v !== true), ...outside(control), [0.1, 0.2]];
    case 'range': {
      const bad = outside(control);
      const lo = control.min ? control.min.value + (control.integer ? 1 : 0.01) : 0;
      const hi = control.max ? control.max.value - (control.integer ? 0 : 0.01) : lo + 3;
      return [
        ...common,
        0.5,
        [lo],
        [lo, hi, hi],
        [lo, Number.NaN],
        ...bad.map((b) => [lo, b]),
        ...bad.map((b) => [b, hi]),
      ];
    }
    case 'numberOrRange': {
      const bad = outside(control);
      return [...common, ...bad, ...bad.map((b) => [b, b]), [0.2, 0.1]];
    }
    case 'choice':
      return ['nope', 3, null, control.choices[0]!.toUpperCase()];
    case 'boolean':
      return [0, 1, 'true', null];
    case 'fill':
      // 1e39 is finite in JS and Infinity in a float32 image.
      return ['blue', Number.NaN, [], [0.5, Number.NaN], {}, null, 1e39, [0, -1e39]];
    case 'pixelsRange':
      return [
        [1, 0],
        [0, 0],
        [0],
        [0, Number.POSITIVE_INFINITY],
        255,
        'x',
        [0, 1e39],
        [-3e38, 3e38], // each fits float32, their span does not
      ];
  }
}

describe('parameter validation', () => {
  for (const [name, factory] of Object.entries(strategies)) {
    const params = factory.definition.params as Record<string, ParamSpec<unknown, unknown>>;
    for (const [param, spec] of Object.entries(params)) {
      it(`${name}: "${param}" refuses every value that breaks "${spec.rule}"`, () => {
        for (const value of invalidValues(spec.control)) {
          let error: unknown;
          try {
            (factory as (o: object) => unknown)({ [param]: value });
          } catch (e) {
            error = e;
          }
          expect(error, `${name}.${param} = ${JSON.stringify(value)} was accepted`).toBeInstanceOf(
            ParameterError,
          );
          const e = error as ParameterError;
          expect(e.message).toContain(`${name}: "${param}" must be`);
          expect(e.message).toContain('received');
          expect(e).toMatchObject({ strategy: name, parameter: param });
          expect(e.received).toBe(value);
        }
      });
      if (spec.default === undefined) continue;
      it(`${name}: "${param}" accepts its documented default`, () => {
        const made = (factory as (o: object) => { params: Record<string, unknown> })({
          [param]: spec.default,
        });
        expect(made.params[param]).toBeDefined();
      });
    }
  }

  it('messages name the strategy, the parameter, the rule and the value', () => {
    expect(() => strategies.cutout({ patchArea: 1.5 })).toThrow(
      'cutout: "patchArea" must be a number > 0 and < 1; received 1.5',
    );
    expect(() => strategies.randomErasing({ patchArea: [0.3, 0.1] })).toThrow(
      'randomErasing: "patchArea" must be a number > 0 and < 1, or a pair [min, max] of such numbers with min <= max; received [0.3, 0.1]',
    );
    expect(() => strategies.hideAndSeek({ gridSize: [0, 4] })).toThrow(
      'hideAndSeek: "gridSize" must be a pair [rows, cols] of integers >= 1; received [0, 4]',
    );
    expect(() => strategies.mixup({ alpha: 0 })).toThrow(
      'mixup: "alpha" must be a number > 0; received 0',
    );
    expect(() => strategies.cutThumbnail({ resizeMethod: 'cubic' as never })).toThrow(
      /one of 'bilinear', 'nearest'.*received "cubic"/,
    );
  });

  it('takes fills and ranges up to float32 limits', () => {
    expect(strategies.cutout({ fillMethod: -3.4e38 }).params.fillMethod).toBe(-3.4e38);
    expect(strategies.cutout({ pixelsRange: [-1.7e38, 1.7e38] }).params.pixelsRange).toEqual([
      -1.7e38, 1.7e38,
    ]);
    expect(() => strategies.cutout({ fillMethod: [0, 1e39] })).toThrow(
      "cutout: \"fillMethod\" must be one of 'black', 'gray', 'white', 'mean_per_channel', 'random', 'noise', a number, or an array of numbers (one per channel), within float32's range (|x| <= 3.4e38); received [0, 1e+39]",
    );
  });

  it('refuses unknown parameters (a typo must not fall back to a default)', () => {
    expect(() => strategies.cutout({ patchAreas: 0.2 } as never)).toThrow(
      /cutout: "patchAreas" must be a known parameter \(patchArea, fillMethod.*\); received 0.2/,
    );
    expect(() => strategies.cutout(5 as never)).toThrow(/"options" must be an object/);
  });

  it('normalises numbers to ranges and keeps the defaults of STRATEGIES.md', () => {
    const e = strategies.randomErasing();
    expect(e.params).toMatchObject({
      patchArea: [0.05, 0.3],
      patchAspectRatio: [0.3, 3],
      fillMethod: 'black',
      augmentationRatio: 1,
      bernoulliMix: false,
      numPatches: 1,
    });
    expect(strategies.randomErasing({ patchArea: 0.2 }).params.patchArea).toEqual([0.2, 0.2]);
    expect(strategies.cutout().params.patchArea).toBe(0.1);
    expect(strategies.hideAndSeek().params).toMatchObject({
      gridSize: [8, 8],
      erasedPatches: [0, 5],
    });
    expect(strategies.gridMask().params).toMatchObject({
      unitLength: [0.2, 0.4],
      maskedRatio: 0.5,
      rotate: undefined,
    });
    expect(strategies.cutMix().params).toMatchObject({
      alpha: 1,
      labelSmoothing: 0,
      numClasses: undefined,
    });
    expect(strategies.cutBlur().params.blurFactor).toBe(0.1);
    expect(strategies.cutThumbnail().params).toMatchObject({
      thumbnailArea: 0.1,
      resizeMethod: 'bilinear',
      source: 'self',
    });
  });

  it('accepts per-channel fills and freezes parameters', () => {
    const s = strategies.cutout({ fillMethod: [0.1, 0.2, 0.3] });
    expect(s.params.fillMethod).toEqual([0.1, 0.2, 0.3]);
    expect(Object.isFrozen(s.params)).toBe(true);
  });
});

describe('parameter bounds, as STRATEGIES.md states them', () => {
  // Written out from the spec rather than derived from the specs' own `control`, so that
  // a bound made inclusive (or exclusive) by mistake, docs regenerated, still fails here.
  const make = (name: string, options: object) => () =>
    (strategies[name as keyof typeof strategies] as (o: object) => unknown)(options);
  const refused: [string, object][] = [
    ['cutout', { patchArea: 0 }],
    ['cutout', { patchArea: 1 }],
    ['cutout', { numPatches: 0 }],
    ['randomErasing', { patchArea: [0, 0.2] }],
    ['randomErasing', { patchArea: [0.2, 1] }],
    ['randomErasing', { patchAspectRatio: 0 }],
    ['hideAndSeek', { gridSize: [0, 2] }],
    ['hideAndSeek', { erasedPatches: [-1, 2] }],
    ['gridMask', { unitLength: [0, 0.2] }],
    ['gridMask', { unitLength: [0.2, 1] }],
    ['gridMask', { maskedRatio: 0 }],
    ['gridMask', { maskedRatio: 1 }],
    ['gridMask', { rotate: [0, 361] }],
    ['cutMix', { alpha: 0 }],
    ['cutMix', { labelSmoothing: 1 }],
    ['cutMix', { labelSmoothing: -0.1 }],
    ['mixup', { labelSmoothing: 1 }],
    ['cutBlur', { blurFactor: 0 }],
    ['cutBlur', { blurFactor: 1 }],
    ['cutThumbnail', { thumbnailArea: 0 }],
    ['cutThumbnail', { thumbnailArea: 1 }],
    ['cutThumbnail', { source: 'other', labelSmoothing: 1 }],
    ['cutPaste', { augmentationRatio: 1.01 }],
    ['cutSwap', { augmentationRatio: -0.01 }],
  ];
  const accepted: [string, object][] = [
    ['cutout', { augmentationRatio: 0 }],
    ['cutout', { augmentationRatio: 1 }],
    ['hideAndSeek', { erasedPatches: [0, 0] }],
    ['gridMask', { rotate: [-360, 360] }],
    ['cutMix', { labelSmoothing: 0, alpha: 1e-3 }],
    ['mixup', { labelSmoothing: 0.999 }],
    ['cutThumbnail', { source: 'other', labelSmoothing: 0.5 }],
  ];

  it.each(refused)('%s refuses %j', (name, options) => {
    expect(make(name, options)).toThrow(ParameterError);
  });
  it.each(accepted)('%s accepts %j', (name, options) => {
    expect(make(name, options)).not.toThrow();
  });

  it('every [min, max] parameter takes min == max and refuses min > max', () => {
    const pairs: [string, string, readonly [number, number]][] = [
      ['gridMask', 'rotate', [-10, 20]],
    ];
    for (const [name, factory] of Object.entries(strategies)) {
      const params = factory.definition.params as Record<string, ParamSpec<unknown, unknown>>;
      for (const [param, spec] of Object.entries(params)) {
        const d = spec.default;
        if (spec.rule.includes('min <= max') && Array.isArray(d))
          pairs.push([name, param, d as never]);
      }
    }
    // patchArea, patchAspectRatio (five strategies each), erasedPatches, unitLength, rotate.
    expect(pairs.length).toBe(13);
    for (const [name, param, [lo, hi]] of pairs) {
      expect(lo, `${name}.${param}`).toBeLessThan(hi);
      for (const v of [lo, hi]) {
        expect(make(name, { [param]: [v, v] }), `${name}.${param} [${v}, ${v}]`).not.toThrow();
      }
      expect(make(name, { [param]: [hi, lo] }), `${name}.${param} [${hi}, ${lo}]`).toThrow(
        `${name}: "${param}" must be`,
      );
    }
  });
});
