import { describe, expect, it } from 'vitest';
import { latestOnly } from './schedule.js';

/** A task whose calls end when the test says so. */
function controlledTask() {
  const ends: (() => void)[] = [];
  let running = 0;
  let overlapped = false;
  const task = () =>
    new Promise<void>((resolve) => {
      running++;
      overlapped ||= running > 1;
      ends.push(() => {
        running--;
        resolve();
      });
    });
  return { task, ends, overlapped: () => overlapped };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('latestOnly', () => {
  it('runs one call at a time, and one more for any requests made meanwhile', async () => {
    const { task, ends, overlapped } = controlledTask();
    let idle = 0;
    const request = latestOnly(task, { onIdle: () => idle++, onError: () => {} });
    request();
    request();
    request();
    await tick();
    expect(ends).toHaveLength(1);
    ends[0]!();
    await tick();
    expect(ends).toHaveLength(2); // the three requests made while the first ran became one
    expect(idle).toBe(0);
    ends[1]!();
    await tick();
    expect(idle).toBe(1);
    expect(overlapped()).toBe(false);
  });

  it('hands on what a call throws and keeps serving requests', async () => {
    let calls = 0;
    let idle = 0;
    const errors: unknown[] = [];
    const request = latestOnly(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      { onIdle: () => idle++, onError: (error) => errors.push(error) },
    );
    request();
    await tick();
    request();
    await tick();
    expect(calls).toBe(2);
    expect(idle).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });
});
