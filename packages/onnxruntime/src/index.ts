export type { OnnxruntimeBackend, OnnxruntimeBackendOptions } from './backend.js';
export { onnxruntimeBackend } from './backend.js';
export type { ExportedModel, ExportedStrategy, ExportOptions } from './export.js';
export { exportOnnx, feedsToJson } from './export.js';
export type { Feed, Feeds } from './graphs/index.js';
export { identityModel } from './identity.js';
export type { ExecutionProvider, ExecutionProviderName, OrtModule } from './ort.js';
export type { Dim, ElementType, ValueInfo } from './proto/onnx.js';
