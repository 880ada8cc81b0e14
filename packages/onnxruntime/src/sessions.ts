import { AugError } from '@aug/core';
import type { InferenceSession } from 'onnxruntime-common';
import { type BuiltGraph, buildGraph, type GraphKey, keyString } from './graphs/index.js';
import type { OrtModule } from './ort.js';

export interface GraphSession {
  readonly graph: BuiltGraph;
  readonly session: InferenceSession;
}

/**
 * One InferenceSession per graph key, created on first use and kept until `release`.
 * Concurrent first uses share one creation; a failed creation is not cached.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<GraphSession>>();

  constructor(
    private readonly ort: OrtModule,
    private readonly options: InferenceSession.SessionOptions,
    private readonly backendName: string,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(key: GraphKey): Promise<GraphSession> {
    const id = keyString(key);
    let entry = this.sessions.get(id);
    if (!entry) {
      entry = this.create(key);
      this.sessions.set(id, entry);
      entry.catch(() => this.sessions.delete(id));
    }
    return entry;
  }

  private async create(key: GraphKey): Promise<GraphSession> {
    const graph = buildGraph(key);
    let session: InferenceSession;
    try {
      session = await this.ort.InferenceSession.create(graph.model, this.options);
    } catch (error) {
      const providers = (this.options.executionProviders ?? [])
        .map((p) => (typeof p === 'string' ? p : p.name))
        .join(', ');
      throw new AugError(
        `${this.backendName}: could not create a session for graph '${graph.name}' with execution providers [${providers}]: ${(error as Error).message ?? error}`,
        { cause: error },
      );
    }
    return { graph, session };
  }

  /** Releases every session; later calls create new ones. */
  async release(): Promise<void> {
    const entries = [...this.sessions.values()];
    this.sessions.clear();
    const settled = await Promise.allSettled(entries);
    await Promise.all(
      settled.map((s) => (s.status === 'fulfilled' ? s.value.session.release() : undefined)),
    );
  }
}
