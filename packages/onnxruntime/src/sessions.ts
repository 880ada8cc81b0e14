import { AugError } from '@aug/core';
import type { InferenceSession } from 'onnxruntime-common';
import { type BuiltGraph, buildGraph, type GraphKey, keyString } from './graphs/index.js';
import { type OrtModule, providerName } from './ort.js';

export interface GraphSession {
  readonly graph: BuiltGraph;
  readonly session: InferenceSession;
}

/** A cached session, and the calls running on it now. */
interface Entry {
  readonly session: Promise<GraphSession>;
  running: number;
  /** Set by `release` while calls are running: resolves when the last one ends. */
  drained?: () => void;
}

/**
 * One InferenceSession per graph key, created on first use and kept until `release`.
 * Concurrent first uses share one creation; a failed creation is not cached. A session
 * is released only once no call is running on it.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ort: OrtModule,
    private readonly options: InferenceSession.SessionOptions,
    private readonly backendName: string,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Runs `f` on the session of a graph key, which stays alive until `f` settles. */
  async use<R>(key: GraphKey, f: (session: GraphSession) => Promise<R>): Promise<R> {
    const entry = this.entry(key);
    entry.running++;
    try {
      return await f(await entry.session);
    } finally {
      entry.running--;
      if (entry.running === 0) entry.drained?.();
    }
  }

  private entry(key: GraphKey): Entry {
    const id = keyString(key);
    let entry = this.entries.get(id);
    if (!entry) {
      const created: Entry = { session: this.create(key), running: 0 };
      this.entries.set(id, created);
      created.session.catch(() => {
        if (this.entries.get(id) === created) this.entries.delete(id);
      });
      entry = created;
    }
    return entry;
  }

  private async create(key: GraphKey): Promise<GraphSession> {
    const graph = buildGraph(key);
    let session: InferenceSession;
    try {
      session = await this.ort.InferenceSession.create(graph.model, this.options);
    } catch (error) {
      const providers = (this.options.executionProviders ?? []).map(providerName).join(', ');
      throw new AugError(
        `${this.backendName}: could not create a session for graph '${graph.name}' with execution providers [${providers}]: ${(error as Error).message ?? error}`,
        { cause: error },
      );
    }
    return { graph, session };
  }

  /**
   * Releases every session once the calls running on it have ended (calls in flight
   * finish normally); calls made from now on create new sessions.
   */
  async release(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      entries.map(async (entry) => {
        const made = await entry.session.catch(() => undefined);
        if (entry.running > 0) {
          await new Promise<void>((resolve) => {
            entry.drained = resolve;
          });
        }
        await made?.session.release();
      }),
    );
  }
}
