import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../src/errors.js';
import { mulhi32, philox4x32 } from '../src/random/philox.js';
import { Random } from '../src/random/random.js';

const hex = (s: string) => s.split(' ').map((w) => Number.parseInt(w, 16));

describe('Philox4x32-10', () => {
  // Known-answer vectors of Random123 (kat_vectors): counter, key, expected output.
  const KAT: [string, string, string][] = [
    [
      '00000000 00000000 00000000 00000000',
      '00000000 00000000',
      '6627e8d5 e169c58d bc57ac4c 9b00dbd8',
    ],
    [
      'ffffffff ffffffff ffffffff ffffffff',
      'ffffffff ffffffff',
      '408f276d 41c83b0e a20bc7c6 6d5451fd',
    ],
    [
      '243f6a88 85a308d3 13198a2e 03707344',
      'a4093822 299f31d0',
      'd16cfe09 94fdcceb 5001e420 24126ea1',
    ],
  ];
  it.each(KAT)('counter %s key %s gives %s', (ctr, key, want) => {
    const [k0, k1] = hex(key) as [number, number];
    expect(Array.from(philox4x32(hex(ctr), k0, k1, new Uint32Array(4)))).toEqual(hex(want));
  });

  it('mulhi32 is the high word of the exact 64-bit product', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (a, b) => {
        expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
      }),
    );
  });
});

describe('Random', () => {
  it('is a pure function of seed, path and lane', () => {
    const draw = (seed: number) => Random.fromSeed(seed).derive(3, 7).stream(2, 5).uniform();
    expect(draw(42)).toBe(draw(42));
    expect(draw(42)).not.toBe(draw(43));
    const r = Random.fromSeed(1);
    expect(r.derive(1).stream(1).uniform()).not.toBe(r.derive(2).stream(1).uniform());
    expect(r.stream(1, 0).uniform()).not.toBe(r.stream(1, 1).uniform());
    expect(r.stream(1, 0).uniform()).not.toBe(r.stream(2, 0).uniform());
  });

  it('refuses derive ids that are not integers in [0, 2^53), naming Random.derive', () => {
    const r = Random.fromSeed(1);
    expect(() => r.derive(2, -1)).toThrow(ParameterError);
    expect(() => r.derive(0.5)).toThrow(
      'Random.derive: "id" must be an integer >= 0 and < 2^53; received 0.5',
    );
  });

  it('refuses stream lanes that are not integers in [0, 2^32), which the counter would truncate', () => {
    const r = Random.fromSeed(3);
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 32, '7' as never]) {
      expect(() => r.stream(bad)).toThrow(
        `Random.stream: "purpose" must be an integer >= 0 and < 2^32; received ${typeof bad === 'string' ? '"7"' : String(bad)}`,
      );
      expect(() => r.stream(1, bad)).toThrow(/Random.stream: "index" must be an integer/);
    }
    expect(r.stream(2 ** 32 - 1, 2 ** 32 - 1).uniform()).not.toBe(r.stream(0, 0).uniform());
  });

  it('refuses seeds that are not integers in [0, 2^53)', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => Random.fromSeed(bad)).toThrow(/seed.*received/);
    }
  });

  it('uniform draws lie in [0, 1), ints in [low, high], with the right mean', () => {
    const s = Random.fromSeed(5).stream(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = s.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 50 }),
        fc.nat(40),
        fc.nat(1000),
        (low, span, seed) => {
          const v = Random.fromSeed(seed)
            .stream(1)
            .int(low, low + span);
          return Number.isInteger(v) && v >= low && v <= low + span;
        },
      ),
    );
  });

  it('logUniform is balanced between ratios below and above 1', () => {
    const s = Random.fromSeed(2).stream(1);
    let below = 0;
    for (let i = 0; i < 4000; i++) {
      const r = s.logUniform(0.3, 1 / 0.3);
      expect(r >= 0.3 && r <= 1 / 0.3).toBe(true);
      if (r < 1) below++;
    }
    expect(below / 4000).toBeGreaterThan(0.45);
    expect(below / 4000).toBeLessThan(0.55);
  });

  it('Beta(a, b) is finite and in [0, 1] for any a, b > 0, with mean a / (a + b)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.nat(1000),
        (a, b, seed) => {
          const s = Random.fromSeed(seed).stream(1);
          for (let i = 0; i < 20; i++) {
            const x = s.beta(a, b);
            if (!(Number.isFinite(x) && x >= 0 && x <= 1)) return false;
          }
          return true;
        },
      ),
    );
    for (const [a, b] of [
      [1, 1],
      [0.2, 0.2],
      [2, 5],
      [50, 10],
    ] as const) {
      const s = Random.fromSeed(9).stream(1);
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += s.beta(a, b);
      expect(sum / 20000).toBeCloseTo(a / (a + b), 1);
    }
  });

  it('Beta(0.2, 0.2) piles up near 0 and 1, as Mixup with a small alpha needs', () => {
    const s = Random.fromSeed(3).stream(1);
    let extremes = 0;
    for (let i = 0; i < 5000; i++) {
      const x = s.beta(0.2, 0.2);
      if (x < 0.1 || x > 0.9) extremes++;
    }
    expect(extremes / 5000).toBeGreaterThan(0.55);
  });

  it('permutations, derangements and samples are what they say', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(1000), (n, seed) => {
        const s = Random.fromSeed(seed).stream(1);
        const p = s.permutation(n);
        expect([...p].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        const d = s.derangement(n);
        expect([...d].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        if (n >= 2) expect(d.every((v, i) => v !== i)).toBe(true);
        const k = Math.floor(n / 2);
        const pick = s.sample(
          [...Array(n).keys()].map((i) => i * 10),
          k,
        );
        expect(pick.length).toBe(k);
        expect(new Set(pick).size).toBe(k);
        expect(pick.every((v) => v % 10 === 0 && v < n * 10)).toBe(true);
      }),
    );
  });

  it('derangements of 3 are uniform over the two possible ones', () => {
    const s = Random.fromSeed(4).stream(1);
    let first = 0;
    for (let i = 0; i < 2000; i++) if (s.derangement(3)[0] === 1) first++;
    expect(first / 2000).toBeGreaterThan(0.45);
    expect(first / 2000).toBeLessThan(0.55);
  });
});

describe('Random, uniformity of the draws plans are made of', () => {
  it('keys from seeds that differ only in their high 32 bits differ', () => {
    const draw = (seed: number) => Random.fromSeed(seed).stream(1).nextUint32();
    expect(draw(1 + 2 ** 32)).not.toBe(draw(1));
    expect(draw(2 ** 40)).not.toBe(draw(0));
  });

  it('int(low, high) gives every value, both ends included, equally often', () => {
    const s = Random.fromSeed(6).stream(1);
    const tally = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) tally[s.int(0, 3)]!++;
    for (const n of tally) {
      expect(n / 8000).toBeGreaterThan(0.22);
      expect(n / 8000).toBeLessThan(0.28);
    }
  });
});
