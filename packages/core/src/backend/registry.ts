import { AugError, formatValue } from '../errors.js';
import type { ReferenceTensor } from '../reference/backend.js';
import { referenceBackend } from '../reference/backend.js';
import { type Backend, checkBackend } from './backend.js';

/**
 * The tensor type of each backend registered by name. An adapter package adds its own by
 * declaration merging, so that `createAugmenter({ backend: 'tfjs' })` is typed
 * `Augmenter<tf.Tensor>`:
 *
 * ```ts
 * declare module '@aug/core' {
 *   interface BackendTensorTypes { tfjs: tf.Tensor }
 * }
 * ```
 */
export interface BackendTensorTypes {
  reference: ReferenceTensor;
}

interface Entry {
  readonly factory: () => Backend<any>;
  readonly priority: number;
  instance?: Backend<any>;
}

// The reference backend is always there, at the lowest priority: every adapter beats it.
const registry = new Map<string, Entry>([
  ['reference', { factory: referenceBackend, priority: -1 }],
]);

/**
 * Makes a backend available by name, as onnxruntime-common's `registerBackend` does.
 * Higher `priority` wins when an augmenter asks for the best backend. The factory runs
 * once, on first use.
 */
export function registerBackend(name: string, factory: () => Backend<any>, priority = 0): void {
  if (typeof name !== 'string' || name === '') {
    throw new AugError(
      `registerBackend: name must be a non-empty string; received ${String(name)}`,
    );
  }
  if (typeof factory !== 'function') {
    throw new AugError(
      `registerBackend: factory must be a function that makes the backend; received ${formatValue(factory)}`,
    );
  }
  if (typeof priority !== 'number' || Number.isNaN(priority)) {
    throw new AugError(
      `registerBackend: priority must be a number; received ${formatValue(priority)}`,
    );
  }
  registry.set(name, { factory, priority });
}

/** Names of the registered backends, best first. */
export function listBackends(): string[] {
  return [...registry.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([n]) => n);
}

/** The backend registered under `name`, or the best registered one when `name` is omitted. */
export function getBackend<N extends keyof BackendTensorTypes>(
  name: N,
): Backend<BackendTensorTypes[N]>;
export function getBackend(name?: string): Backend<any>;
export function getBackend(name?: string): Backend<any> {
  const chosen = name ?? listBackends()[0];
  const entry = chosen === undefined ? undefined : registry.get(chosen);
  if (!entry) {
    throw new AugError(
      `no backend named '${String(name)}' is registered; registered: ${listBackends().join(', ') || 'none'}. Import the adapter package that provides it (e.g. @aug/tfjs) first; if you did, it registered with another copy of @aug/core (\`npm ls @aug/core\` lists them: keep one).`,
    );
  }
  entry.instance ??= checkBackend(entry.factory(), `backend '${chosen}'`);
  return entry.instance;
}
