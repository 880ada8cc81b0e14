import { ProtoWriter } from './writer.js';

/**
 * The subset of ONNX's protobuf schema (onnx/onnx.proto) that graphs built here use,
 * as plain typed objects, and its encoding. Field numbers are the schema's.
 */

/** ONNX TensorProto.DataType codes of the element types we use. */
export const ELEMENT_TYPES = {
  float32: 1,
  uint8: 2,
  int32: 6,
  int64: 7,
  bool: 9,
} as const;

export type ElementType = keyof typeof ELEMENT_TYPES;

/** Data of a tensor of each element type (bool as 0/1 bytes). */
export interface TensorDataOf {
  float32: Float32Array;
  uint8: Uint8Array;
  int32: Int32Array;
  int64: BigInt64Array;
  bool: Uint8Array;
}

export interface TensorValue<E extends ElementType = ElementType> {
  readonly type: E;
  readonly dims: readonly number[];
  readonly data: TensorDataOf[E];
}

/** An initializer: a named constant tensor. */
export interface Initializer extends TensorValue {
  readonly name: string;
}

/** A dimension: a fixed size, or a symbolic name such as 'batch'. */
export type Dim = number | string;

export interface ValueInfo {
  readonly name: string;
  readonly type: ElementType;
  /** Omitted: any rank. */
  readonly shape?: readonly Dim[];
  readonly doc?: string;
}

export type AttributeValue = { readonly int: number } | { readonly ints: readonly number[] };

export interface Node {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface Graph {
  readonly name: string;
  readonly doc?: string;
  readonly nodes: readonly Node[];
  readonly initializers: readonly Initializer[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

export interface Model {
  readonly irVersion: number;
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly doc?: string;
  readonly graph: Graph;
  readonly metadata?: Readonly<Record<string, string>>;
}

function rawBytes(t: TensorValue): Uint8Array {
  const d = t.data;
  // Typed arrays are little-endian on every platform onnxruntime runs on, as raw_data is.
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
}

function writeTensor(w: ProtoWriter, t: TensorValue, name?: string): void {
  w.packedVarints(1, t.dims).varint(2, ELEMENT_TYPES[t.type]);
  if (name !== undefined) w.string(8, name);
  w.bytes(9, rawBytes(t));
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, ELEMENT_TYPES[v.type]);
      if (v.shape) {
        tensor.message(2, (shape) => {
          for (const d of v.shape!) {
            shape.message(1, (dim) =>
              typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d),
            );
          }
        });
      }
    }),
  );
  if (v.doc) w.string(3, v.doc);
}

/** AttributeProto.AttributeType codes. */
const ATTRIBUTE_TYPES = { int: 2, ints: 7 } as const;

function writeAttribute(w: ProtoWriter, name: string, a: AttributeValue): void {
  w.string(1, name);
  if ('int' in a) w.varint(3, a.int).varint(20, ATTRIBUTE_TYPES.int);
  else w.packedVarints(8, a.ints).varint(20, ATTRIBUTE_TYPES.ints);
}

function writeNode(w: ProtoWriter, n: Node): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const [name, value] of Object.entries(n.attributes ?? {})) {
    w.message(5, (a) => writeAttribute(a, name, value));
  }
}

function writeGraph(w: ProtoWriter, g: Graph): void {
  for (const n of g.nodes) w.message(1, (m) => writeNode(m, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (m) => writeTensor(m, t, t.name));
  if (g.doc) w.string(10, g.doc);
  for (const v of g.inputs) w.message(11, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) w.message(12, (m) => writeValueInfo(m, v));
}

/** Encodes a model as ONNX protobuf bytes (what InferenceSession.create and onnx.load read). */
export function encodeModel(model: Model): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, model.irVersion).string(2, model.producerName).string(3, model.producerVersion);
  if (model.doc) w.string(6, model.doc);
  w.message(7, (g) => writeGraph(g, model.graph));
  w.message(8, (o) => o.string(1, '').varint(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.message(14, (m) => m.string(1, key).string(2, value));
  }
  return w.finish();
}
