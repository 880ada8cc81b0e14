import type { Backend, ImageBatch, LabelBatch, LabelMix, Plan, TensorDescription } from '@aug/core';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { openBuiltPage } from './browser.js';
import type {
  RemoteCall,
  RemoteReply,
  RemoteRequest,
  RemoteStats,
  RemoteStatus,
} from './remote-host.js';

import { type ConformanceOptions, runConformance } from './suite.js';

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
 * next call; the page runs them in order, before it. The remote backend behaves as the
 * page's would in Node. With `clone` (`options.clone`, as its `RemoteStatus` says), a
 * result is never an input, and a disposed handle is refused here. Without it, core
 * hands inputs back as results, so a disposed handle goes on reaching the page's
 * backend, which decides: the reference backend, whose disposing frees nothing, reads it
 * as before; a backend that frees fails there, as it does in Node (such a backend needs
 * `clone`). Errors thrown by a call in the page are
 * thrown here with the page's name and message; an uncaught error the page throws
 * meanwhile fails the next call.
 */
export function remoteBackend(
  page: Page,
  name: string,
  options: { clone: boolean },
): RemoteBackend {
  let nextId = 1;
  let queued: RemoteRequest['queued'] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const live = (x: RemoteTensor, what = 'tensor'): RemoteTensor => {
    if (!(x instanceof RemoteTensor)) throw new TypeError(`${name}: ${what} is not a tensor`);
    if (x.disposed && options.clone) throw new Error(`${name}: ${what} was disposed`);
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
    const uncaught =
      pageErrors.length > 0 ? `${name}: the page threw: ${pageErrors.splice(0).join('; ')}` : '';
    if ('error' in reply) {
      const error = new Error(
        uncaught ? `${reply.error.message} (${uncaught})` : reply.error.message,
      );
      error.name = reply.error.name;
      throw error;
    }
    if (uncaught) throw new Error(uncaught);
    return reply;
  }

  async function made(request: RemoteCall & { into: number }): Promise<RemoteTensor> {
    const reply = await call(request);
    if (!('description' in reply)) throw new Error(`${name}: the page returned no tensor`);
    return new RemoteTensor(request.into, reply.description);
  }

  const backend: RemoteBackend = {
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
  };
  if (options.clone) {
    backend.clone = (x) => {
      const into = nextId++;
      queued.push({ op: 'clone', id: live(x).id, into });
      return new RemoteTensor(into, x.description);
    };
  }
  return backend;
}

export interface RemotePage {
  /** The forwarding backend, for `runConformance`, named as the backend in the page. */
  readonly backend: RemoteBackend;
  /** Closes the browser and the server, and removes the build. */
  close(): Promise<void>;
}

/**
 * A page's build for `openBuiltPage` and `openRemoteBackend`: vite bundles the folder
 * `root` (its index.html and the scripts it loads) with no config file (yours is not
 * read), resolving packages with `conditions` first, e.g. a workspace's source condition.
 */
export function viteBuild(
  root: string,
  conditions: readonly string[] = [],
): (outDir: string) => Promise<void> {
  return async (outDir) => {
    const { build, defaultClientConditions } = await import('vite');
    await build({
      root,
      logLevel: 'warn',
      configFile: false,
      resolve: { conditions: [...conditions, ...defaultClientConditions] },
      build: { outDir, emptyOutDir: true, target: 'esnext' },
    });
  };
}

/**
 * Builds a page (`build(outDir)`, e.g. a vite build of a folder whose script calls
 * `hostBackend`), opens it in headless Chromium and waits until its backend is ready:
 * `runConformance({ backend: async () => (page = await openRemoteBackend(...)).backend })`,
 * and `page.close()` after the tests. The backend is named as the page's (its `name`). A
 * page that fails to start its backend within `timeout` ms is an error naming the page's
 * reason (and everything opened is closed).
 */
export async function openRemoteBackend(
  build: (outDir: string) => Promise<void>,
  timeout = 30_000,
): Promise<RemotePage> {
  const built = await openBuiltPage(build);
  try {
    await built.page.goto(built.url, { timeout });
    const handle = await built.page.waitForFunction(
      () => (globalThis as unknown as { augRemoteStatus?: RemoteStatus }).augRemoteStatus,
      undefined,
      { timeout },
    );
    const status = (await handle.jsonValue()) as RemoteStatus;
    if (!status.ready) throw new Error(`the page could not start its backend: ${status.error}`);
    if (built.pageErrors.length > 0) throw new Error('uncaught');
    const backend = remoteBackend(built.page, status.backend, { clone: status.clone });
    return { backend, close: built.close };
  } catch (error) {
    await built.close();
    // A page that never says it is ready has usually thrown: say what.
    if (built.pageErrors.length === 0) throw error;
    throw new Error(`the page threw: ${built.pageErrors.join('; ')}`, { cause: error });
  }
}

export interface ChromiumConformanceOptions {
  /** Shown in test names, e.g. 'tfjs-webgl (Chromium)'. */
  readonly name: string;
  /** The test page's folder: an index.html whose script calls `hostBackend`. */
  readonly root: string;
  /** What the page must load beside it (onnxruntime's .wasm files), copied into the build. */
  readonly afterBuild?: (outDir: string) => Promise<void>;
  /** The name the page's backend must have (an execution provider that was really chosen). */
  readonly backend?: string;
  /**
   * After the suite, a test that the backend's runtime counts no more tensors than the
   * page still holds for the tests (the page must give `hostBackend` a `live` count).
   */
  readonly leakCheck?: boolean;
  /** As `runConformance`'s. */
  readonly nonFiniteResampling?: boolean;
  /** As `runConformance`'s; default both. */
  readonly dtypes?: ConformanceOptions<RemoteTensor>['dtypes'];
  /** As `runConformance`'s; default 'quick' (every batch crosses the DevTools protocol). */
  readonly matrix?: ConformanceOptions<RemoteTensor>['matrix'];
  /**
   * Export conditions for vite to resolve packages with, before its defaults: this
   * repository's tests pass its source condition. The page is built with no vite config
   * file (yours is not read).
   */
  readonly conditions?: readonly string[];
}

/**
 * The conformance suite (by default every variant and edge shape, one seed) on a backend that runs
 * only in a browser: the page in `root` is bundled by vite, served, opened in headless
 * Chromium, and every call of the suite is forwarded to it. Software GPUs are slow and
 * every batch crosses the DevTools protocol, so setup and tests get two minutes each.
 */
export function runConformanceInChromium(options: ChromiumConformanceOptions): void {
  let page: RemotePage | undefined;
  afterAll(() => page?.close());

  runConformance({
    name: options.name,
    matrix: options.matrix ?? 'quick',
    setupTimeout: 120_000,
    testTimeout: 120_000,
    ...(options.nonFiniteResampling === undefined
      ? {}
      : { nonFiniteResampling: options.nonFiniteResampling }),
    ...(options.dtypes === undefined ? {} : { dtypes: options.dtypes }),
    backend: async () => {
      const build = viteBuild(options.root, options.conditions);
      page = await openRemoteBackend(async (outDir) => {
        await build(outDir);
        await options.afterBuild?.(outDir);
      }, 60_000);
      if (options.backend !== undefined) expect(page.backend.name).toBe(options.backend);
      return page.backend;
    },
  });

  // Runs after the suite's tests (vitest keeps the order of definition): an uncaught error
  // the page threw after the last call fails here, and with `leakCheck` so do leaks.
  const leaks = options.leakCheck ? ' and no leaked tensor' : '';
  it(`${options.name}: the page ends with no uncaught error${leaks}`, async () => {
    if (!page) throw new Error('the page did not open');
    const { held, live } = await page.backend.stats();
    if (options.leakCheck) {
      expect(live, 'the page gave hostBackend no live count').toBeDefined();
      expect(live).toBe(held);
    }
  });
}
