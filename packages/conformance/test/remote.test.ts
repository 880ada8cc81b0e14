import { type Backend, type ImageBatch, referenceBackend } from '@aug/core';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { runConformance } from '../src/index.js';
import { type RemoteBackend, RemoteTensor, remoteBackend } from '../src/remote.js';
import { hostBackend, type RemoteStatus } from '../src/remote-host.js';

interface StandIn {
  readonly remote: RemoteBackend;
  /** Each message the page got: its queued ops, then its method. */
  readonly log: string[];
  /** An uncaught error in the page, as playwright reports it. */
  throwInPage(message: string): void;
}

/**
 * `hostBackend` and `remoteBackend` joined through a stand-in for a playwright page: the
 * "page" is this process, and every message is copied (`structuredClone`) on the way in
 * and out, as a real page's are serialised. Connected as `openRemoteBackend` does, from
 * the status the page reports.
 */
async function connect(backend: Backend<unknown>, live?: () => number): Promise<StandIn> {
  const scope = globalThis as { augRemote?: unknown; augRemoteStatus?: RemoteStatus };
  scope.augRemoteStatus = undefined;
  hostBackend(() => backend, { live });
  await vi.waitFor(() => expect(scope.augRemoteStatus).toBeDefined());
  const status = scope.augRemoteStatus!;
  if (!status.ready) throw new Error(status.error);
  const host = scope.augRemote; // each stand-in keeps its own host, as each page would
  const log: string[] = [];
  let onPageError: ((error: Error) => void) | undefined;
  const page = {
    on(event: string, handler: (error: Error) => void) {
      if (event === 'pageerror') onPageError = handler;
      return page;
    },
    async evaluate(fn: (arg: unknown) => unknown, arg: unknown) {
      scope.augRemote = host;
      const message = structuredClone(arg) as { method: string; queued: { op: string }[] };
      log.push([...message.queued.map((q) => q.op), message.method].join(' '));
      return structuredClone(await fn(message));
    },
  };
  const remote = remoteBackend(page as unknown as Page, status.backend, { clone: status.clone });
  return { remote, log, throwInPage: (message) => onPageError?.(new Error(message)) };
}

interface Box {
  readonly batch: ImageBatch;
  dead: boolean;
}

/**
 * A hosted backend whose `dispose` really frees (a freed tensor cannot be read), which
 * counts what it holds, and whose `dispose` throws for a batch starting with 13.
 */
function boxes(options: { clone: boolean }) {
  const live = new Set<Box>();
  const make = (batch: ImageBatch): Box => {
    const box = { batch: { ...batch, data: batch.data.slice() }, dead: false };
    live.add(box);
    return box;
  };
  const backend: Backend<Box> = {
    name: 'boxes',
    synchronous: true,
    isTensor: (x): x is Box => typeof x === 'object' && x !== null && 'dead' in x,
    describe: (x) => ({ shape: x.batch.shape, dtype: 'float32' }),
    upload: (batch) => make(batch as ImageBatch),
    apply: () => {
      throw new Error('not used');
    },
    mixLabels: () => {
      throw new Error('not used');
    },
    async download(x) {
      if (x.dead) throw new Error('read after dispose');
      return x.batch.data;
    },
    dispose(x) {
      if (x.batch.data[0] === 13) throw new Error('cannot free 13');
      x.dead = true;
      live.delete(x);
    },
  };
  if (options.clone) backend.clone = (x) => make(x.batch);
  return { backend: backend as Backend<unknown>, live };
}

const batchOf = (...values: number[]): ImageBatch => ({
  data: Float32Array.from(values),
  shape: [values.length],
});

// The whole suite through the forwarding layer, onto the reference backend: what the
// remote runs (tfjs-webgl in Chromium) rely on, checked without a browser. The reference
// backend has no `clone`, so core hands inputs back, disposed or not, as it does in Node.
runConformance({
  name: 'remote (in-process page, reference backend)',
  matrix: 'quick',
  backend: async () => (await connect(referenceBackend())).remote,
});

describe('remoteBackend', () => {
  it('sends disposals and clones ahead of the next call; a clone outlives its original', async () => {
    const { backend, live } = boxes({ clone: true });
    const { remote, log } = await connect(backend, () => live.size);
    const images = await remote.upload(batchOf(1, 2, 3, 4));
    expect(remote.describe(images)).toEqual({ shape: [4], dtype: 'float32' });
    const copy = remote.clone!(images);
    expect(copy).toBeInstanceOf(RemoteTensor);
    expect(remote.describe(copy)).toEqual(remote.describe(images));
    remote.dispose(images);
    expect(Array.from(await remote.download(copy))).toEqual([1, 2, 3, 4]);
    expect(live.size).toBe(1);
    remote.dispose(copy);
    expect(() => remote.describe(copy)).toThrow(/boxes: tensor was disposed/);
    await expect(remote.download(copy)).rejects.toThrow(/disposed/);
    const last = await remote.upload(batchOf(0));
    remote.dispose(last);
    expect(log).toEqual(['upload', 'clone dispose download', 'dispose upload']);
    // The last disposal waits for a next call, and is then carried out.
    expect(live.size).toBe(1);
    expect(await remote.stats()).toEqual({ held: 0, live: 0 });
    expect(log.at(-1)).toBe('dispose stats');
  });

  it("without the page backend's clone it offers none, and a disposed handle reaches the page's backend, as in Node", async () => {
    const { backend, live } = boxes({ clone: false });
    const { remote, log } = await connect(backend, () => live.size);
    expect(remote.clone).toBeUndefined();
    const images = await remote.upload(batchOf(5, 6));
    remote.dispose(images);
    // The page's backend frees on dispose: reading fails there, as it would in Node
    // (core hands inputs back as results when a backend has no clone).
    await expect(remote.download(images)).rejects.toThrow('read after dispose');
    expect(log).toEqual(['upload', 'dispose download']);
    expect(await remote.stats()).toEqual({ held: 0, live: 0 });
    // The reference backend frees nothing: a disposed handle still reads.
    const reference = (await connect(referenceBackend())).remote;
    const kept = await reference.upload(batchOf(7));
    reference.dispose(kept);
    expect(Array.from(await reference.download(kept))).toEqual([7]);
    expect(await reference.stats()).toEqual({ held: 0 });
  });

  it('runs every queued op even when one fails, and fails the next call naming it', async () => {
    const { remote } = await connect(boxes({ clone: true }).backend);
    const bad = await remote.upload(batchOf(13));
    const good = await remote.upload(batchOf(7));
    remote.dispose(bad);
    const copy = remote.clone!(good);
    await expect(remote.download(good)).rejects.toThrow(
      `remote: queued dispose of tensor ${bad.id}: cannot free 13`,
    );
    expect(Array.from(await remote.download(copy))).toEqual([7]);
  });

  it('fails the next call once the page has thrown an uncaught error', async () => {
    const { remote, throwInPage } = await connect(boxes({ clone: false }).backend);
    const t = await remote.upload(batchOf(1));
    throwInPage('boom');
    await expect(remote.download(t)).rejects.toThrow('boxes: the page threw: boom');
    expect(Array.from(await remote.download(t))).toEqual([1]);
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
    const { remote } = await connect(refusing);
    const error = await Promise.resolve(remote.upload(batchOf(1, 2))).then(
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
    const { remote } = await connect(slow);
    await Promise.all([remote.upload(batchOf(1)), remote.upload(batchOf(2))]);
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
