import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, IR_VERSION, OPSET_VERSION } from '../src/graph/builder.js';
import { buildGraph, type GraphKey } from '../src/graphs/index.js';
import { ProtoWriter, utf8 } from '../src/proto/writer.js';
import { VERSION } from '../src/version.js';
import { decodeModel } from './onnx.js';

const raw = (bytes: ArrayLike<number>) => Uint8Array.from(bytes).buffer;

describe('ProtoWriter', () => {
  it("writes varints as protobuf does, negatives as 10-byte two's complement", () => {
    const bytes = (v: number) => Array.from(new ProtoWriter().varint(1, v).finish());
    expect(bytes(0)).toEqual([8, 0]);
    expect(bytes(150)).toEqual([8, 0x96, 0x01]);
    expect(bytes(2 ** 40)).toEqual([8, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    expect(bytes(-1)).toEqual([8, ...Array(9).fill(0xff), 0x01]);
  });

  it('encodes strings as UTF-8', () => {
    for (const text of ['images', 'é', '€ x', '𝔸 [B, H, W*C]']) {
      expect(Array.from(utf8(text))).toEqual(Array.from(Buffer.from(text, 'utf8')));
    }
  });

  it('writes floats little-endian and nests messages with their length', () => {
    const w = new ProtoWriter().float(2, 1.5).message(3, (m) => m.string(1, 'ab'));
    expect(Array.from(w.finish())).toEqual([0x15, 0, 0, 0xc0, 0x3f, 0x1a, 4, 0x0a, 2, 97, 98]);
  });
});

describe('model encoding', () => {
  // Exported models name the version that made them; `pnpm version-packages` keeps it.
  it("names this package's version as the producer's", () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(manifest.version);
  });

  it('decodes with the ONNX schema: IR, opset, typed inputs with docs, attributes, initializers', () => {
    const g = new GraphBuilder('probe', 'a probe graph');
    const x = g.input({ name: 'x', type: 'float32', shape: ['batch', 3], doc: 'the input' });
    const y = g.op('ReduceSum', [x, g.int64s([-1])], { keepdims: { int: 0 } });
    g.output(g.mul(y, g.scalar('float32', 2.5)), { name: 'y', type: 'float32', shape: ['batch'] });
    const model = decodeModel(g.build({ kind: 'probe' }));
    expect(model.irVersion).toBe(IR_VERSION);
    expect(model.opsetImport.map((o) => [o.domain, o.version])).toEqual([['', OPSET_VERSION]]);
    expect(model.producerName).toBe('@aug/onnxruntime');
    expect(model.producerVersion).toBe(VERSION);
    expect(model.metadataProps.map((p) => [p.key, p.value])).toEqual([['kind', 'probe']]);
    const graph = model.graph;
    expect(graph.input.map((i) => [i.name, i.docString])).toEqual([['x', 'the input']]);
    const dims = graph.input[0]!.type.tensorType.shape!.dim;
    expect(dims.map((d) => d.dimParam || d.dimValue)).toEqual(['batch', 3]);
    expect(graph.input[0]!.type.tensorType.elemType).toBe(1);
    expect(graph.node.map((n) => n.opType)).toEqual(['ReduceSum', 'Mul']);
    expect(graph.node[1]!.output).toEqual(['y']);
    expect(graph.node[0]!.attribute[0]!.i).toBe(0);
    const axes = graph.initializer.find((t) => t.name === graph.node[0]!.input[1]);
    expect(axes!.dataType).toBe(7);
    expect(Array.from(new BigInt64Array(raw(axes!.rawData)))).toEqual([-1n]);
    const two = graph.initializer.find((t) => t.name === graph.node[1]!.input[1]);
    expect(new Float32Array(raw(two!.rawData))[0]).toBe(2.5);
  });

  const keys: GraphKey[] = [
    { kind: 'fill', dtype: 'float32', view: 'NHWC', region: 'masks', count: 3, fill: 'perRegion' },
    { kind: 'fill', dtype: 'uint8', view: 'NCHW', region: 'cells', count: 1, fill: 'perRegion' },
    { kind: 'fill', dtype: 'uint8', view: 'gray', region: 'rotated', count: 1, fill: 'mean' },
    { kind: 'fill', dtype: 'float32', view: 'NHWC', region: 'masks', count: 1, fill: 'noise' },
    {
      kind: 'composite',
      dtype: 'uint8',
      view: 'NCHW',
      rects: 2,
      sampler: 'resample',
      staged: false,
    },
    {
      kind: 'composite',
      dtype: 'float32',
      view: 'gray',
      rects: 1,
      sampler: 'resample',
      staged: true,
    },
    { kind: 'blend', dtype: 'uint8', view: 'NHWC', all: false },
    { kind: 'labels' },
  ];
  for (const key of keys) {
    it(`builds a valid ${key.kind} graph (${JSON.stringify(key)})`, () => {
      const built = buildGraph(key);
      const model = decodeModel(built.model);
      const graph = model.graph;
      expect(graph.name).toBe(built.name);
      // The graph says what it is: exported models are told apart by their `kind`.
      expect(model.metadataProps.map((p) => [p.key, p.value])).toEqual([['kind', key.kind]]);
      expect(graph.input.map((i) => i.name)).toEqual(built.inputs.map((i) => i.name));
      expect(graph.output.map((o) => o.name)).toEqual(['output']);
      for (const input of graph.input) expect(input.docString).not.toBe('');
      // Every node input is a graph input, an initializer, or an earlier node's output.
      const known = new Set([
        ...graph.input.map((i) => i.name),
        ...graph.initializer.map((t) => t.name),
      ]);
      for (const node of graph.node) {
        for (const i of node.input)
          expect(known.has(i) || i === '', `${node.name} reads ${i}`).toBe(true);
        for (const o of node.output) known.add(o);
      }
      expect(known.has('output')).toBe(true);
      // The batch axis is dynamic: a symbol, never a number.
      const images = graph.input[0]!.type.tensorType.shape!.dim;
      expect(images[0]!.dimParam).toBe('batch');
    });
  }
});
