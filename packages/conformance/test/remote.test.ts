import { type Backend, referenceBackend } from '@aug/core';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { runConformance } from '../src/index.js';
import { RemoteTensor, remoteBackend } from '../src/remote.js';
import { hostBackend } from '../src/remote-host.js';

/**
 * A stand-in for a playwright page: the "page" is this process (hostBackend installs
 * `augRemote` on globalThis), and every message is structured-cloned on the way in and
 * out, as a real page's would be.
 */
async function inProcessPage(
  backend: Backend<unknown>,
  log: string[] = [],
  live?: () => number,
): Promise<Page> {
  const scope = globalThis as { augRemote?: unknown; augRemoteStatus?: unknown };
  scope.augRemoteStatus = undefined;
  hostBackend(() => backend, { live });
  await vi.waitFor(() =>
    expect(scope.augRemoteStatus).toEqual({ ready: true, backend: backend.name }),
  );
  const host = scope.augRemote; // each stand-in keeps its own host, as each page would
  const page = {
    async evaluate(fn: (arg: unknown) => unknown, arg: unknown) {
      scope.augRemote = host;
      const message = structuredClone(arg) as { method: string; queued: { op: string }[] };
      log.push([...message.queued.map((q) => q.op), message.method].join(' '));
      return structuredClone(await fn(message));
    },
  };
  return page as unknown as Page;
}

/** Counts what the hosted backend still holds: made by upload, apply, mixLabels or clone. */
function counting(backend: Backend<unknown>) {
  const live = new Set<unknown>();
  const counted: Backend<unknown> = {
    ...backend,
    upload: async (b) => track(await backend.upload(b)),
    apply: async (p, x) => track(await backend.apply(p, x)),
    mixLabels: async (m, x, s) => track(await backend.mixLabels(m, x, s)),
    clone: (x) => track(backend.clone ? backend.clone(x) : structuredClone(x)),
    dispose: (x) => {
      live.delete(x);
      backend.dispose(x);
    },
  };
  function track<T>(x: T): T {
    live.add(x);
    return x;
  }
  return { backend: counted, live };
}

// The whole suite through the forwarding layer, onto the reference backend: what the
// remote runs (tfjs-webgl in Chromium) rely on, checked without a browser.
runConformance({
  name: 'remote (in-process page, reference backend)',
  matrix: 'quick',
  backend: async () => remoteBackend(await inProcessPage(referenceBackend()), 'remote'),
});

describe('remoteBackend', () => {
  it('sends disposals and clones ahead of the next call, and frees what the page held', async () => {
    const log: string[] = [];
    const { backend: hosted, live } = counting(referenceBackend());
    const remote = remoteBackend(await inProcessPage(hosted, log, () => live.size), 'remote');
    const images = await remote.upload({ data: Float32Array.of(1, 2, 3, 4), shape: [1, 2, 2, 1] });
    expect(remote.describe(images)).toEqual({ shape: [1, 2, 2, 1], dtype: 'float32' });
    const copy = remote.clone!(images);
    expect(copy).toBeInstanceOf(RemoteTensor);
    expect(remote.describe(copy)).toEqual(remote.describe(images));
    remote.dispose(images);
    // The clone outlives the original it was made from.
    expect(Array.from(await remote.download(copy))).toEqual([1, 2, 3, 4]);
    remote.dispose(copy);
    expect(() => remote.describe(copy)).toThrow(/remote: tensor was disposed/);
    await expect(remote.download(copy)).rejects.toThrow(/disposed/);
    const last = await remote.upload({ data: Float32Array.of(0), shape: [1] });
    remote.dispose(last);
    expect(log).toEqual(['upload', 'clone dispose download', 'dispose upload']);
    // The last disposal waits for a next call, and is then carried out.
    expect(live.size).toBe(1);
    await remote.download(await remote.upload({ data: Float32Array.of(0), shape: [1] }));
    expect(log.at(-2)).toBe('dispose upload');
    expect(live.size).toBe(1);
    expect(await remote.stats()).toEqual({ held: 1, live: 1 });
  });

  it("throws the page's errors with their name and message", async () => {
    class InputError extends Error {
      override name = 'InputError';
    }
    const refusing: Backend<unknown> = {
      ...referenceBackend(),
      upload: () => {
        throw new InputError('upload: shape [3] holds 3 values, got 2');
      },
    };
    const remote = remoteBackend(await inProcessPage(refusing), 'remote');
    const error = await Promise.resolve(
      remote.upload({ data: Float32Array.of(1, 2), shape: [3] }),
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(/shape/);
    expect(() => remote.describe({} as RemoteTensor)).toThrow(/not a tensor/);
  });

  it('runs calls one at a time, in order, as a slow call left running would need', async () => {
    const order: string[] = [];
    const reference = referenceBackend();
    const slow: Backend<unknown> = {
      ...reference,
      upload: async (batch) => {
        order.push(`start ${batch.data[0]}`);
        await new Promise((resolve) => setTimeout(resolve, batch.data[0] === 1 ? 50 : 0));
        order.push(`end ${batch.data[0]}`);
        return reference.upload(batch);
      },
    };
    const remote = remoteBackend(await inProcessPage(slow), 'remote');
    const send = (v: number) => remote.upload({ data: Float32Array.of(v), shape: [1] });
    await Promise.all([send(1), send(2)]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('reports a page that could not start its backend', async () => {
    const scope = globalThis as { augRemoteStatus?: unknown };
    scope.augRemoteStatus = undefined;
    hostBackend(async () => {
      throw new Error('no WebGPU adapter');
    });
    await vi.waitFor(() =>
      expect(scope.augRemoteStatus).toEqual({ ready: false, error: 'Error: no WebGPU adapter' }),
    );
  });
});
