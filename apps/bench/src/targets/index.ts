import type { BenchTarget } from '../target.js';
import { onnxruntimeTarget } from './onnxruntime.js';
import { referenceTarget } from './reference.js';
import { tfjsTarget } from './tfjs.js';

/**
 * Every target the harness knows, in table order. An adapter adds its target here (and
 * reports itself unavailable where its runtime is missing); nothing else changes.
 */
export function allTargets(): BenchTarget<any>[] {
  return [
    referenceTarget(),
    tfjsTarget('cpu'),
    tfjsTarget('cpu', 'ops'),
    tfjsTarget('wasm'),
    tfjsTarget('wasm', 'ops'),
    tfjsTarget('webgpu'),
    tfjsTarget('webgpu', 'fused'),
    onnxruntimeTarget('node'),
    onnxruntimeTarget('node', 'graphs'),
    onnxruntimeTarget('web'),
    onnxruntimeTarget('web', 'graphs'),
  ];
}

/** The targets with these names, in the order given; all of them when `names` is omitted. */
export function selectTargets(names?: readonly string[]): BenchTarget<any>[] {
  const known = allTargets();
  if (names === undefined) return known;
  return names.map((name) => {
    const target = known.find((t) => t.name === name);
    if (!target) {
      throw new Error(
        `unknown target '${name}'; known targets: ${known.map((t) => t.name).join(', ')}`,
      );
    }
    return target;
  });
}
