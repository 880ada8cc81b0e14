/**
 * Records the WebAssembly memories that modules instantiate from now on, so a test can
 * read onnxruntime-web's wasm heap size (it exposes none). Import before the first
 * session is created.
 */

// The WebAssembly global is in neither ES2023's lib nor @types/node 20: what we use of it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  instantiate: (...args: unknown[]) => Promise<unknown>;
  Memory: new (descriptor: unknown) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const memories: WasmMemory[] = [];
const isMemory = (x: unknown): x is WasmMemory => x instanceof wasm.Memory;

const instantiate = wasm.instantiate;
wasm.instantiate = async function (this: unknown, ...args: unknown[]) {
  const result = await instantiate.apply(this, args);
  const instance = (result as { instance?: unknown }).instance ?? result;
  const memory = (instance as { exports?: { memory?: unknown } }).exports?.memory;
  if (isMemory(memory)) memories.push(memory);
  return result;
};

wasm.Memory = new Proxy(wasm.Memory, {
  construct(target, args: [unknown]) {
    const memory = new target(...args);
    memories.push(memory);
    return memory as object;
  },
});

/** Bytes of every recorded wasm memory (a wasm heap only grows: growth is what was kept). */
export function wasmHeapBytes(): number {
  return memories.reduce((sum, m) => sum + m.buffer.byteLength, 0);
}
