import { ParameterError } from '../errors.js';
import { philox4x32 } from './philox.js';

const TWO_POW_32 = 0x1_0000_0000;
const DERIVE_TAG = 0x5eed_d1ce;

/** Refuses a lane number that the counter would silently truncate (1.5, -1, 2^32, '7'). */
function checkLane(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value < TWO_POW_32)) {
    throw new ParameterError('Random.stream', name, 'an integer >= 0 and < 2^32', value);
  }
}

/**
 * A key of the counter-based generator. Keys form a tree: `derive(i)` gives an
 * independent child key, so a worker, a training step, a pipeline node and an image
 * each get their own numbers, whatever else was drawn before.
 */
export class Random {
  private constructor(
    readonly k0: number,
    readonly k1: number,
  ) {}

  /** A key from a seed: an integer in [0, 2^53). `where` names the caller in the error. */
  static fromSeed(seed: number, where = 'Random.fromSeed'): Random {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ParameterError(where, 'seed', 'an integer >= 0 and < 2^53', seed);
    }
    const low = seed % TWO_POW_32;
    const high = Math.floor(seed / TWO_POW_32);
    // Hash the raw seed once so that nearby seeds (1, 2, 3) give unrelated keys.
    const out = philox4x32([low, high, DERIVE_TAG, 0], 0x243f6a88, 0x85a308d3, new Uint32Array(4));
    return new Random(out[0]!, out[1]!);
  }

  /** A child key, a pure function of this key and the path of non-negative integers. */
  derive(...path: number[]): Random {
    const out = new Uint32Array(4);
    let k0 = this.k0;
    let k1 = this.k1;
    for (const id of path) {
      if (!Number.isSafeInteger(id) || id < 0) {
        throw new ParameterError('Random.derive', 'id', 'an integer >= 0 and < 2^53', id);
      }
      philox4x32([id % TWO_POW_32, Math.floor(id / TWO_POW_32), DERIVE_TAG, 1], k0, k1, out);
      k0 = out[0]!;
      k1 = out[1]!;
    }
    return new Random(k0, k1);
  }

  /**
   * A sequential stream of numbers for (purpose, index), e.g. (Lane.image, b): two
   * integers in [0, 2^32), which pick one lane of this key's numbers each.
   */
  stream(purpose: number, index = 0): Stream {
    checkLane('purpose', purpose);
    checkLane('index', index);
    return new Stream(this.k0, this.k1, purpose, index);
  }
}

/**
 * Sequential draws from one counter lane: block n of lane (purpose, index) is
 * Philox(counter = [n, 0, index, purpose], key). Cheap to create; meant for O(1)..O(B)
 * draws on the host, never per pixel.
 */
export class Stream {
  private readonly counter = new Uint32Array(4);
  private readonly block = new Uint32Array(4);
  private used = 4;

  constructor(
    private readonly k0: number,
    private readonly k1: number,
    purpose: number,
    index: number,
  ) {
    this.counter[2] = index >>> 0;
    this.counter[3] = purpose >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    if (this.used === 4) {
      philox4x32(this.counter, this.k0, this.k1, this.block);
      this.counter[0] = (this.counter[0]! + 1) >>> 0;
      if (this.counter[0] === 0) this.counter[1] = (this.counter[1]! + 1) >>> 0;
      this.used = 0;
    }
    return this.block[this.used++]!;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [low, high], both inclusive. */
  int(low: number, high: number): number {
    return low + Math.min(high - low, Math.floor(this.uniform() * (high - low + 1)));
  }

  /** exp of a uniform in [log low, log high): balanced between ratios below and above 1. */
  logUniform(low: number, high: number): number {
    if (low === high) return low;
    return Math.exp(this.between(Math.log(low), Math.log(high)));
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.uniform(); // (0, 1]: log(u) is finite
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * log of a Gamma(shape, 1) variate (Marsaglia and Tsang). Returned in log space so
   * that Beta stays exact for tiny shapes, where the variates themselves underflow.
   */
  logGamma(shape: number): number {
    if (shape < 1) {
      const u = 1 - this.uniform();
      return this.logGamma(shape + 1) + Math.log(u) / shape;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = 1 - this.uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d * v);
    }
  }

  /** Beta(a, b) in [0, 1], for any a, b > 0. */
  beta(a: number, b: number): number {
    const x = this.logGamma(a);
    const y = this.logGamma(b);
    // Shapes so small (subnormal) that both logs underflow to -Infinity: Beta(a, b) is
    // then 0 or 1, 1 with probability a / (a + b).
    if (x === -Infinity && y === -Infinity) return this.uniform() * (a + b) < a ? 1 : 0;
    return 1 / (1 + Math.exp(y - x));
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /**
   * A uniformly random derangement of 0..n-1 (no i maps to itself) for n >= 2, by
   * rejection: a random permutation has no fixed point with probability ~1/e, so this
   * costs about e permutations. For n < 2 the identity.
   */
  derangement(n: number): Int32Array {
    if (n < 2) return this.permutation(n);
    for (;;) {
      const p = this.permutation(n);
      let ok = true;
      for (let i = 0; i < n && ok; i++) ok = p[i] !== i;
      if (ok) return p;
    }
  }

  /** k distinct indices drawn uniformly from `from` (partial Fisher-Yates); `from` is not modified. */
  sample(from: ArrayLike<number>, k: number): Int32Array {
    const pool = Int32Array.from(from);
    const n = pool.length;
    const count = Math.min(k, n);
    for (let i = 0; i < count; i++) {
      const j = this.int(i, n - 1);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    return pool.slice(0, count);
  }
}
