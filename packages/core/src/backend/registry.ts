import { ParameterError } from '../errors.js';
import type { ReferenceTensor } from '../reference/backend.js';
import { referenceBackend } from '../reference/backend.js';
import { BACKEND_RULE, type Backend, checkBackend } from './backend.js';

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
    throw new ParameterError('registerBackend', 'name', 'a non-empty string', name);
  }
  if (typeof factory !== 'function') {
    throw new ParameterError(
      'registerBackend',
      'factory',
      'a function that makes the backend',
      factory,
    );
  }
  if (typeof priority !== 'number' || Number.isNaN(priority)) {
    throw new ParameterError('registerBackend', 'priority', 'a number', priority);
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
  return registered(name, 'getBackend', 'name', 'the name of a registered backend');
}

/**
 * What `createAugmenter`'s `backend` option names: the backend object itself, the one
 * registered under a name, or (undefined) the best registered one.
 */
export function resolveBackend<T>(
  backend: Backend<T> | string | undefined,
  where: string,
): Backend<T> {
  if (typeof backend === 'object' && backend !== null) return checkBackend(backend, where);
  if (backend !== undefined && typeof backend !== 'string') {
    const hint =
      typeof backend === 'function'
        ? 'Did you pass the factory? Call it: e.g. referenceBackend(), not referenceBackend'
        : undefined;
    throw new ParameterError(where, 'backend', BACKEND_RULE, backend, hint);
  }
  return registered(backend, where, 'backend', BACKEND_RULE);
}

function registered(name: string | undefined, where: string, parameter: string, rule: string) {
  const chosen = name ?? listBackends()[0];
  const entry = chosen === undefined ? undefined : registry.get(chosen);
  if (!entry) {
    throw new ParameterError(
      where,
      parameter,
      `${rule} (registered: ${listBackends().join(', ') || 'none'})`,
      name,
      'Import the adapter package that registers it (e.g. @aug/tfjs) first; if you did, it registered with another copy of @aug/core (`npm ls @aug/core` lists them: keep one)',
    );
  }
  entry.instance ??= checkBackend(
    entry.factory(),
    `registerBackend('${chosen}')`,
    'factory',
    'a function that makes a Backend object (the value received is what it made)',
  );
  return entry.instance;
}
