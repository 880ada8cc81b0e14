import type { Backend, ImageBatch, LabelBatch, LabelMix, Plan, TensorDescription } from '@aug/core';

/** One call that `remoteBackend` forwards; the new tensor, if any, gets the id `into`. */
export type RemoteCall =
  | { method: 'upload'; batch: ImageBatch | LabelBatch; into: number }
  | { method: 'apply'; plan: Plan; id: number; into: number }
  | { method: 'mixLabels'; mix: LabelMix; strategy: string; id: number; into: number }
  | { method: 'download'; id: number }
  | { method: 'stats' };

/** A call, with the disposals and clones made since the last one, to run first. */
export type RemoteRequest = RemoteCall & {
  queued: ({ op: 'dispose'; id: number } | { op: 'clone'; id: number; into: number })[];
};

export type RemoteReply =
  | { description: TensorDescription }
  | { data: ImageBatch['data'] | LabelBatch['data'] }
  | { stats: RemoteStats }
  | { error: { name: string; message: string } };

/**
 * For leak checks: `held`, the tensors the page keeps for the Node side (not yet
 * disposed); `live`, what the backend's own runtime counts (`tf.memory().numTensors`),
 * when the page gave `hostBackend` a way to count.
 */
export interface RemoteStats {
  readonly held: number;
  readonly live?: number;
}

/**
 * What a page tells the Node side once `hostBackend` has started (or failed to): the
 * backend's name, and whether it has `clone` (the remote one then has it too; see
 * `remoteBackend` for what happens without).
 */
export type RemoteStatus =
  | { ready: true; backend: string; clone: boolean }
  | { ready: false; error: string };

/**
 * The page side of `remoteBackend` (in `@aug/conformance/remote`): makes the backend with
 * `start` (choosing a tfjs backend, requesting a device...), then installs
 * `globalThis.augRemote`, which runs each forwarded call on it and keeps its tensors by id
 * until they are disposed. `globalThis.augRemoteStatus` says when it is ready, or why it
 * failed. `options.live` counts the tensors the backend's runtime holds, for
 * `RemoteBackend.stats`. Bundle it into a test page beside the backend.
 */
export function hostBackend<T>(
  start: () => Backend<T> | Promise<Backend<T>>,
  options: { live?: () => number } = {},
): void {
  const scope = globalThis as unknown as { augRemoteStatus?: RemoteStatus };
  Promise.resolve()
    .then(start)
    .then(
      (backend) => {
        serve(backend, options.live);
        scope.augRemoteStatus = {
          ready: true,
          backend: backend.name,
          clone: backend.clone !== undefined,
        };
      },
      (error: unknown) => {
        scope.augRemoteStatus = { ready: false, error: String(error) };
      },
    );
}

function serve<T>(backend: Backend<T>, live: (() => number) | undefined): void {
  const tensors = new Map<number, T>();
  // Without `clone`, core hands inputs back as results: a disposed tensor stays reachable,
  // as the object itself does in Node, and the backend decides what reading it does.
  const disposed = new Set<number>();
  const get = (id: number): T => {
    const t = tensors.get(id);
    if (t === undefined) throw new Error(`remote: no tensor ${id} in the page`);
    return t;
  };
  const queuedOp = (q: RemoteRequest['queued'][number]) => {
    const t = get(q.id);
    if (q.op === 'clone') {
      if (!backend.clone) throw new Error(`remote: ${backend.name} has no clone`);
      tensors.set(q.into, backend.clone(t));
    } else {
      if (backend.clone) tensors.delete(q.id);
      else disposed.add(q.id);
      backend.dispose(t);
    }
  };

  async function run(request: RemoteRequest): Promise<RemoteReply> {
    // Every queued op runs even if one fails (a later one may be unrelated); the failures
    // are then this call's error.
    const failed: string[] = [];
    for (const q of request.queued) {
      try {
        queuedOp(q);
      } catch (e) {
        failed.push(`${q.op} of tensor ${q.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (failed.length > 0) throw new Error(`remote: queued ${failed.join('; ')}`);
    const keep = (into: number, t: T): RemoteReply => {
      tensors.set(into, t);
      return { description: backend.describe(t) };
    };
    switch (request.method) {
      case 'upload':
        return keep(request.into, await backend.upload(request.batch));
      case 'apply':
        return keep(request.into, await backend.apply(request.plan, get(request.id)));
      case 'mixLabels':
        return keep(
          request.into,
          await backend.mixLabels(request.mix, get(request.id), request.strategy),
        );
      case 'download':
        return { data: await backend.download(get(request.id)) };
      case 'stats': {
        const held = new Set([...tensors].filter(([id]) => !disposed.has(id)).map(([, t]) => t))
          .size;
        return { stats: live ? { held, live: live() } : { held } };
      }
    }
  }

  // One call at a time, in the order they came: a call that a timed-out test left running
  // must not overlap the next test's (onnxruntime sessions refuse concurrent runs).
  let last: Promise<unknown> = Promise.resolve();
  (globalThis as unknown as { augRemote: typeof run }).augRemote = (request) => {
    const reply = last.then(
      () => run(request),
      () => run(request),
    );
    last = reply;
    return reply.catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      return { error: { name: error.name, message: error.message } };
    });
  };
}
