/**
 * WebGPU's flag values, fixed by the specification. Used instead of the GPUBufferUsage
 * etc. globals so the package can be imported where WebGPU is not installed yet (Node
 * before the `webgpu` package's globals, a worker that never touches the GPU).
 */
export const BufferUsage = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  STORAGE: 0x80,
} as const;

/** What every tensor buffer the backend makes allows: binding, downloading, writing. */
export const TENSOR_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

export const MAP_MODE_READ = 0x1;
export const SHADER_STAGE_COMPUTE = 0x4;
