import type { Backend, ImageBatch, LabelBatch, LabelMix, Plan, TensorDescription } from '@aug/core';
import type { Page } from 'playwright-core';
import { openBuiltPage } from './browser.js';
import type {
  RemoteCall,
  RemoteReply,
  RemoteRequest,
  RemoteStats,
  RemoteStatus,
} from './remote-host.js';

export type { RemoteStats } from './remote-host.js';

/** A backend in a page, and its leak count (after the disposals sent so far). */
export interface RemoteBackend extends Backend<RemoteTensor> {
  stats(): Promise<RemoteStats>;
}

/**
 * A tensor that lives in a browser page (see `remoteBackend`): its id there, and the
 * shape and dtype that `describe` must answer without a round trip.
 */
export class RemoteTensor {
  disposed = false;
  constructor(
    readonly id: number,
    readonly description: TensorDescription,
  ) {}
}

/**
 * A backend whose tensors live in a browser page: each call is forwarded to the backend
 * that the page installed with `hostBackend` (a tfjs backend on WebGL, say), so the whole
 * conformance suite runs there from Node. Plans, batches and results cross as structured
 * data (playwright carries typed arrays as such).
 *
 * `dispose` and `clone` must answer at once, so they are queued and sent ahead of the
 * next call; the page runs them in order, before it. Errors thrown in the page are
 * thrown here with the page's name and message.
 */
export function remoteBackend(page: Page, name: string): RemoteBackend {
  let nextId = 1;
  let queued: RemoteRequest['queued'] = [];

  const live = (x: RemoteTensor, what = 'tensor'): RemoteTensor => {
    if (!(x instanceof RemoteTensor)) throw new TypeError(`${name}: ${what} is not a tensor`);
    if (x.disposed) throw new Error(`${name}: ${what} was disposed`);
    return x;
  };

  async function call(request: RemoteCall): Promise<RemoteReply> {
    const message: RemoteRequest = { ...request, queued };
    queued = [];
    const reply = await page.evaluate(
      (m) =>
        (
          globalThis as unknown as { augRemote: (m: RemoteRequest) => Promise<RemoteReply> }
        ).augRemote(m),
      message,
    );
    if ('error' in reply) {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      throw error;
    }
    return reply;
  }

  async function made(request: RemoteCall & { into: number }): Promise<RemoteTensor> {
    const reply = await call(request);
    if (!('description' in reply)) throw new Error(`${name}: the page returned no tensor`);
    return new RemoteTensor(request.into, reply.description);
  }

  return {
    name,
    synchronous: false,
    isTensor: (x: unknown): x is RemoteTensor => x instanceof RemoteTensor,
    describe: (x, what) => live(x, what).description,
    upload: (batch: ImageBatch | LabelBatch) => made({ method: 'upload', batch, into: nextId++ }),
    apply: (plan: Plan, images) =>
      made({ method: 'apply', plan, id: live(images, 'images').id, into: nextId++ }),
    mixLabels: (mix: LabelMix, labels, strategy) =>
      made({
        method: 'mixLabels',
        mix,
        strategy,
        id: live(labels, 'labels').id,
        into: nextId++,
      }),
    async download(x) {
      const reply = await call({ method: 'download', id: live(x).id });
      if (!('data' in reply)) throw new Error(`${name}: the page returned no data`);
      return reply.data;
    },
    async stats() {
      const reply = await call({ method: 'stats' });
      if (!('stats' in reply)) throw new Error(`${name}: the page returned no stats`);
      return reply.stats;
    },
    dispose(x) {
      live(x).disposed = true;
      queued.push({ op: 'dispose', id: x.id });
    },
    clone(x) {
      const into = nextId++;
      queued.push({ op: 'clone', id: live(x).id, into });
      return new RemoteTensor(into, x.description);
    },
  };
}

export interface RemotePage {
  /** The forwarding backend, for `runConformance`, named as the backend in the page. */
  readonly backend: RemoteBackend;
  /** Closes the browser and the server, and removes the build. */
  close(): Promise<void>;
}

/**
 * Builds a page (`build(outDir)`, e.g. a vite build of a folder whose script calls
 * `hostBackend`), opens it in headless Chromium and waits until its backend is ready:
 * `runConformance({ backend: async () => (page = await openRemoteBackend(...)).backend })`,
 * and `page.close()` after the tests. The backend is named as the page's (its `name`). A
 * page that fails to start its backend is an error naming the page's reason.
 */
export async function openRemoteBackend(
  build: (outDir: string) => Promise<void>,
): Promise<RemotePage> {
  const built = await openBuiltPage(build);
  try {
    await built.page.goto(built.url);
    const handle = await built.page.waitForFunction(
      () => (globalThis as unknown as { augRemoteStatus?: RemoteStatus }).augRemoteStatus,
    );
    const status = (await handle.jsonValue()) as RemoteStatus;
    if (!status.ready) throw new Error(`the page could not start its backend: ${status.error}`);
    if (built.pageErrors.length > 0)
      throw new Error(`the page threw: ${built.pageErrors.join('; ')}`);
    return { backend: remoteBackend(built.page, status.backend), close: built.close };
  } catch (error) {
    await built.close();
    throw error;
  }
}
