import {
  type AttributeValue,
  ELEMENT_TYPES,
  type ElementType,
  encodeModel,
  type Initializer,
  type Node,
  type TensorDataOf,
  type ValueInfo,
} from '../proto/onnx.js';
import { VERSION } from '../version.js';

/**
 * The IR version and default-domain opset every graph declares: onnxruntime 1.19, the
 * oldest this package supports (ort.ts MIN_VERSION), runs them.
 */
export const IR_VERSION = 9;
export const OPSET_VERSION = 19;

/** The name of a tensor inside a graph under construction. */
export type Value = string & { readonly __graphValue: unique symbol };

const TYPED: { [E in ElementType]: (values: readonly number[]) => TensorDataOf[E] } = {
  float32: (v) => Float32Array.from(v),
  uint8: (v) => Uint8Array.from(v),
  int32: (v) => Int32Array.from(v),
  int64: (v) => BigInt64Array.from(v, (x) => BigInt(x)),
  bool: (v) => Uint8Array.from(v, (x) => (x ? 1 : 0)),
};

/**
 * Builds one ONNX graph: typed inputs and outputs, initializers, and nodes named in
 * order. Methods for the ops the graphs use keep graph code readable (`g.add(a, b)`);
 * anything else goes through `op`.
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private counter = 0;

  constructor(
    readonly name: string,
    private readonly doc: string,
  ) {}

  private fresh(hint: string): Value {
    return `${hint}_${this.counter++}` as Value;
  }

  input(info: ValueInfo): Value {
    this.inputs.push(info);
    return info.name as Value;
  }

  /** Makes `value` a graph output under `info.name` (the producing node's output is renamed). */
  output(value: Value, info: ValueInfo): void {
    const rename = (n: string) => (n === value ? info.name : n);
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      this.nodes[i] = { ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) };
    }
    if (!this.nodes.some((n) => n.outputs.includes(info.name))) {
      // An input or initializer passed straight through still needs a node to be an output.
      this.nodes.push({
        opType: 'Identity',
        inputs: [value],
        outputs: [info.name],
        name: `n${this.counter++}`,
      });
    }
    this.outputs.push(info);
  }

  /** One node with one output. An empty string is an omitted optional input. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
  ): Value {
    const output = this.fresh(opType.toLowerCase());
    this.nodes.push({
      opType,
      inputs,
      outputs: [output],
      name: `n${this.counter++}_${opType}`,
      ...(attributes ? { attributes } : {}),
    });
    return output;
  }

  /** A constant tensor (an initializer). */
  constant<E extends ElementType>(
    type: E,
    dims: readonly number[],
    values: readonly number[],
  ): Value {
    const name = this.fresh('const');
    this.initializers.push({ name, type, dims, data: TYPED[type](values) } as Initializer);
    return name;
  }

  /** A 1-D int64 constant: shapes, axes, starts and ends. */
  int64s(values: readonly number[]): Value {
    return this.constant('int64', [values.length], values);
  }

  /** A rank-0 constant. */
  scalar(type: ElementType, value: number): Value {
    return this.constant(type, [], [value]);
  }

  add = (a: Value, b: Value) => this.op('Add', [a, b]);
  sub = (a: Value, b: Value) => this.op('Sub', [a, b]);
  mul = (a: Value, b: Value) => this.op('Mul', [a, b]);
  div = (a: Value, b: Value) => this.op('Div', [a, b]);
  /** Integer floor modulo (the sign of the divisor, fmod = 0). */
  mod = (a: Value, b: Value) => this.op('Mod', [a, b]);
  and = (a: Value, b: Value) => this.op('And', [a, b]);
  or = (a: Value, b: Value) => this.op('Or', [a, b]);
  less = (a: Value, b: Value) => this.op('Less', [a, b]);
  greater = (a: Value, b: Value) => this.op('Greater', [a, b]);
  equal = (a: Value, b: Value) => this.op('Equal', [a, b]);
  /**
   * onnxruntime's CPU Where (and the wasm build's) returns +0 for a -0 taken from `a`,
   * and from `b` where `b` is broadcast (microsoft/onnxruntime#32191): values that must
   * come through bit for bit, as the pixels a plan leaves alone, go in `b`, at the
   * output's full shape. Don't swap the branches by negating the condition: the
   * optimiser rewrites Where(Not(c), a, b) into Where(c, b, a).
   */
  where = (condition: Value, a: Value, b: Value) => this.op('Where', [condition, a, b]);
  matMul = (a: Value, b: Value) => this.op('MatMul', [a, b]);
  cast = (x: Value, to: ElementType) =>
    this.op('Cast', [x], {
      to: { int: ELEMENT_TYPES[to] },
    });
  gather = (x: Value, indices: Value, axis = 0) =>
    this.op('Gather', [x, indices], { axis: { int: axis } });
  reshape = (x: Value, shape: Value) => this.op('Reshape', [x, shape]);
  /** Dimensions [start, end) of x's shape, as a 1-D int64 tensor. */
  shape = (x: Value, start?: number, end?: number) =>
    this.op('Shape', [x], {
      ...(start === undefined ? {} : { start: { int: start } }),
      ...(end === undefined ? {} : { end: { int: end } }),
    });
  concat = (values: readonly Value[], axis = 0) =>
    this.op('Concat', values, { axis: { int: axis } });
  reduceSum = (x: Value, axes: readonly number[], keepdims = true) =>
    this.op('ReduceSum', [x, this.int64s(axes)], { keepdims: { int: keepdims ? 1 : 0 } });
  reduceMean = (x: Value, axes: readonly number[], keepdims = true) =>
    this.op('ReduceMean', [x, this.int64s(axes)], { keepdims: { int: keepdims ? 1 : 0 } });
  /** Product of a 1-D int64 tensor's entries, kept 1-D. */
  reduceProd = (x: Value) => this.op('ReduceProd', [x, this.int64s([0])], { keepdims: { int: 1 } });
  unsqueeze = (x: Value, axes: readonly number[]) => this.op('Unsqueeze', [x, this.int64s(axes)]);
  expand = (x: Value, shape: Value) => this.op('Expand', [x, shape]);

  /** The model: IR 9, opset 19, with the inputs' and outputs' documentation. */
  build(metadata: Readonly<Record<string, string>> = {}): Uint8Array {
    return encodeModel({
      irVersion: IR_VERSION,
      opsetVersion: OPSET_VERSION,
      producerName: '@aug/onnxruntime',
      producerVersion: VERSION,
      doc: this.doc,
      metadata,
      graph: {
        name: this.name,
        doc: this.doc,
        nodes: this.nodes,
        initializers: this.initializers,
        inputs: this.inputs,
        outputs: this.outputs,
      },
    });
  }

  /** The declared inputs and outputs (for documentation and feeds checks). */
  signature(): { inputs: readonly ValueInfo[]; outputs: readonly ValueInfo[] } {
    return { inputs: [...this.inputs], outputs: [...this.outputs] };
  }
}
