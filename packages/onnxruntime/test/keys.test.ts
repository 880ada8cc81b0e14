import { describe, expect, it } from 'vitest';
import { type GraphKey, keyString } from '../src/graphs/index.js';

/** One key of each kind (and each fill region), every field set. */
const keys: GraphKey[] = [
  { kind: 'fill', dtype: 'float32', view: 'NHWC', region: 'masks', count: 3, fill: 'perRegion' },
  { kind: 'fill', dtype: 'uint8', view: 'NCHW', region: 'cells', count: 1, fill: 'constant' },
  { kind: 'fill', dtype: 'uint8', view: 'gray', region: 'rotated', count: 1, fill: 'mean' },
  { kind: 'composite', dtype: 'uint8', view: 'NCHW', rects: 2, sampler: 'resample', staged: true },
  { kind: 'blend', dtype: 'float32', view: 'NHWC', all: false },
  { kind: 'labels' },
];

/** Another value of the same type. */
function other(value: unknown): unknown {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}_`;
  throw new Error(`no other value for ${JSON.stringify(value)}`);
}

describe('keyString', () => {
  it('is the same for the same fields in any order', () => {
    for (const key of keys) {
      const reversed = Object.fromEntries(Object.entries(key).reverse()) as GraphKey;
      expect(keyString(reversed)).toBe(keyString(key));
    }
  });

  it('changes with every field of every key kind', () => {
    const seen = new Set(keys.map(keyString));
    expect(seen.size).toBe(keys.length);
    for (const key of keys) {
      for (const [field, value] of Object.entries(key)) {
        const changed = { ...key, [field]: other(value) } as GraphKey;
        expect(keyString(changed), `${key.kind}.${field}`).not.toBe(keyString(key));
      }
    }
  });

  it('includes nested fields (a key field holding an object or array)', () => {
    // No key has one today; a nested field added later must still tell graphs apart.
    const nested = (inner: unknown) =>
      ({ kind: 'blend', dtype: 'uint8', view: 'NHWC', all: true, extra: inner }) as GraphKey;
    expect(keyString(nested({ a: 1, b: 2 }))).not.toBe(keyString(nested({ a: 1, b: 3 })));
    expect(keyString(nested({ a: 1, b: 2 }))).toBe(keyString(nested({ b: 2, a: 1 })));
    expect(keyString(nested([{ a: 1 }]))).not.toBe(keyString(nested([{ a: 2 }])));
    expect(keyString(nested({ a: { b: 1 } }))).toBe(
      '{"all":true,"dtype":"uint8","extra":{"a":{"b":1}},"kind":"blend","view":"NHWC"}',
    );
  });
});
