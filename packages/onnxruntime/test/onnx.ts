import onnxProto from 'onnx-proto';

/** What the tests read of a decoded model (onnx-proto's types make every field optional). */
export interface DecodedValueInfo {
  name: string;
  docString: string;
  type: {
    tensorType: { elemType: number; shape?: { dim: { dimValue: number; dimParam: string }[] } };
  };
}
export interface DecodedTensor {
  name: string;
  dataType: number;
  dims: number[];
  rawData: Uint8Array;
}
export interface DecodedNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: { name: string; i: number; ints: number[] }[];
}
export interface DecodedModel {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImport: { domain: string; version: number }[];
  metadataProps: { key: string; value: string }[];
  graph: {
    name: string;
    node: DecodedNode[];
    initializer: DecodedTensor[];
    input: DecodedValueInfo[];
    output: DecodedValueInfo[];
  };
}

/** Decodes model bytes with onnx-proto (ONNX's own schema), every field present, longs as numbers. */
export function decodeModel(bytes: Uint8Array): DecodedModel {
  const { onnx } = onnxProto;
  const message = onnx.ModelProto.decode(bytes);
  return onnx.ModelProto.toObject(message, {
    defaults: true,
    arrays: true,
    longs: Number,
    bytes: Array,
  }) as unknown as DecodedModel;
}
