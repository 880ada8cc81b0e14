import { describe, expect, it } from 'vitest';
import { measure, median } from './measure.js';

/** A clock that moves only when a fake workload says it took time. */
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([7])).toBe(7);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('measure', () => {
  it('repeats until the minimum time has passed', async () => {
    const clock = fakeClock();
    const result = await measure(() => clock.advance(10), {
      minTimeMs: 95,
      minIterations: 1,
      now: clock.now,
    });
    // 9 calls make 90 ms < 95 ms; the 10th reaches 100 ms.
    expect(result.iterations).toBe(10);
    expect(result.medianMs).toBe(10);
  });

  it('repeats at least the minimum number of times, however slow the call', async () => {
    const clock = fakeClock();
    const result = await measure(() => clock.advance(500), {
      minTimeMs: 100,
      minIterations: 3,
      now: clock.now,
    });
    expect(result.iterations).toBe(3);
  });

  it('leaves the warm-up out and reports the median, not the mean', async () => {
    const clock = fakeClock();
    const durations = [1000, 4, 1, 100, 2, 3];
    const result = await measure((i) => clock.advance(durations[i]!), {
      minTimeMs: 0,
      minIterations: 5,
      now: clock.now,
    });
    expect(result.samplesMs).toEqual([4, 1, 100, 2, 3]);
    expect(result.medianMs).toBe(3);
  });

  it('numbers the calls 0 (warm-up), 1, 2, ...', async () => {
    const seen: number[] = [];
    await measure((i) => seen.push(i), { minTimeMs: 0, minIterations: 4 });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('awaits a returned promise inside the timing', async () => {
    const clock = fakeClock();
    const result = await measure(
      async () => {
        await Promise.resolve();
        clock.advance(7);
      },
      { minTimeMs: 0, minIterations: 3, now: clock.now },
    );
    expect(result.samplesMs).toEqual([7, 7, 7]);
  });

  it('hands every result, warm-up included, to discard outside the timing', async () => {
    const clock = fakeClock();
    const discarded: number[] = [];
    const result = await measure(
      (i) => {
        clock.advance(2);
        return i;
      },
      {
        minTimeMs: 0,
        minIterations: 3,
        now: clock.now,
        discard: (i) => {
          discarded.push(i);
          clock.advance(50);
        },
      },
    );
    expect(discarded).toEqual([0, 1, 2, 3]);
    expect(result.samplesMs).toEqual([2, 2, 2]);
  });

  it('times a real workload with the real clock', async () => {
    const data = new Float32Array(1 << 16);
    const result = await measure(() => data.slice(), { minTimeMs: 5, minIterations: 3 });
    expect(result.iterations).toBeGreaterThanOrEqual(3);
    expect(result.medianMs).toBeGreaterThan(0);
    expect(Number.isFinite(result.medianMs)).toBe(true);
  });
});
