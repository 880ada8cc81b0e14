import { ParameterError } from '@aug/core';
import { formatValue } from '@aug/core/backend';
import type { InferenceSession, Tensor } from 'onnxruntime-common';

/**
 * What we use of the `ort` module the user passes (onnxruntime-web or onnxruntime-node;
 * both implement onnxruntime-common's API). Taken as a parameter, never imported, so the
 * user's copy and version is the one that runs.
 */
export interface OrtModule {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
  };
  readonly Tensor: TensorConstructor;
  readonly env: {
    readonly versions?: Readonly<Record<string, string | undefined>>;
    /** onnxruntime-web: `proxy` runs sessions in a worker. */
    readonly wasm?: { readonly proxy?: boolean };
  };
  /** onnxruntime-node lists its execution providers. */
  readonly listSupportedBackends?: () => readonly { name: string; bundled: boolean }[];
}

export type TensorConstructor = (new (
  type: Tensor.Type,
  data: Tensor.DataType,
  dims?: readonly number[],
) => Tensor) &
  // onnxruntime-web: a tensor over a GPUBuffer (without `dispose`, it never destroys it).
  Partial<Pick<typeof Tensor, 'fromGpuBuffer'>>;

/** The onnxruntime versions we support: graphs are IR 9 / opset 19, which 1.19 runs. */
export const MIN_VERSION: readonly [number, number] = [1, 19];

/** Which runtime a module is, and its version. */
export interface OrtRuntime {
  readonly flavour: 'web' | 'node';
  readonly version: string;
}

/** Checks that `ort` is a supported onnxruntime module; says which one it is. */
export function checkOrt(ort: unknown): OrtRuntime {
  const m = ort as Partial<OrtModule> | undefined;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.InferenceSession?.create !== 'function' ||
    typeof m.Tensor !== 'function'
  ) {
    throw new ParameterError(
      'onnxruntimeBackend',
      'ort',
      "the onnxruntime-web or onnxruntime-node module (import * as ort from 'onnxruntime-web')",
      ort,
    );
  }
  const versions = m.env?.versions ?? {};
  const version = versions.common;
  const parts = /^(\d+)\.(\d+)\./.exec(version ?? '');
  const [major, minor] = parts ? [Number(parts[1]), Number(parts[2])] : [Number.NaN, Number.NaN];
  const [minMajor, minMinor] = MIN_VERSION;
  if (!(major === minMajor && minor >= minMinor)) {
    throw new ParameterError(
      'onnxruntimeBackend',
      'ort',
      `onnxruntime-web or onnxruntime-node >= ${minMajor}.${minMinor} and < ${minMajor + 1} (by its ort.env.versions.common)`,
      version,
    );
  }
  return { flavour: versions.node ? 'node' : 'web', version: version! };
}

/**
 * Execution providers onnxruntime-web has in one of its bundles (it cannot list them, as
 * onnxruntime-node does): webgl only in `onnxruntime-web/webgl` and `/all`.
 */
const WEB_PROVIDERS = ['cpu', 'wasm', 'webgpu', 'webgl', 'webnn'] as const;

/** Execution providers onnxruntime knows by name (web and native). */
const KNOWN_PROVIDERS = [
  ...WEB_PROVIDERS,
  'xnnpack',
  'cuda',
  'tensorrt',
  'dml',
  'coreml',
  'qnn',
  'nnapi',
  'openvino',
  'migraphx',
  'rocm',
] as const;

/**
 * An execution provider onnxruntime knows by name: the names `executionProviders` accepts,
 * web and native (more than onnxruntime-common's `InferenceSession.ExecutionProviderName`,
 * which lists fewer native ones).
 */
export type ExecutionProviderName = (typeof KNOWN_PROVIDERS)[number];

/**
 * An execution provider, by name or with its options (`{ name: 'webgpu', ... }`):
 * onnxruntime's own type, less the names it does not know (which it takes as `string`).
 */
export type ExecutionProvider =
  | ExecutionProviderName
  | (Exclude<InferenceSession.ExecutionProviderConfig, string> & {
      readonly name: ExecutionProviderName;
    });

export function providerName(p: InferenceSession.ExecutionProviderConfig): string {
  return typeof p === 'string' ? p : p.name;
}

/**
 * The execution providers to use (the runtime's default when none is given), refusing
 * names onnxruntime does not know and, where the module can say (onnxruntime-node),
 * providers it does not have.
 */
export function checkProviders(
  ort: OrtModule,
  runtime: OrtRuntime,
  providers: readonly ExecutionProvider[] | undefined,
): readonly ExecutionProvider[] {
  if (providers === undefined) return [runtime.flavour === 'node' ? 'cpu' : 'wasm'];
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new ParameterError(
      'onnxruntimeBackend',
      'executionProviders',
      "a non-empty array such as ['wasm']",
      providers,
    );
  }
  const listed =
    ort.listSupportedBackends?.() ??
    (runtime.flavour === 'web' ? WEB_PROVIDERS.map((name) => ({ name })) : undefined);
  for (const p of providers) {
    const name =
      typeof p === 'string' || (typeof p === 'object' && p !== null) ? providerName(p) : p;
    if (typeof name !== 'string' || !(KNOWN_PROVIDERS as readonly string[]).includes(name)) {
      throw new ParameterError(
        'onnxruntimeBackend',
        'executionProviders',
        `known providers (${KNOWN_PROVIDERS.join(', ')}); ${formatValue(name)} is not one`,
        providers,
      );
    }
    if (listed && !listed.some((b) => b.name === name)) {
      throw new ParameterError(
        'onnxruntimeBackend',
        'executionProviders',
        `providers that onnxruntime-${runtime.flavour} ${runtime.version} has (${listed.map((b) => b.name).join(', ')}); ${formatValue(name)} is not one`,
        providers,
      );
    }
  }
  return providers;
}
