/**
 * A minimal ONNX graph builder over the `onnx-proto` protobuf definitions (used by convert-onnx.ts).
 * Only what the two frame models need: float32 / int64 initializers, nodes with int, ints, float and
 * string attributes, typed graph inputs and outputs. The encoding is deterministic: the same calls
 * give the same bytes (no timestamps, no map iteration over unordered keys).
 */
import { onnx } from 'onnx-proto';

type Attr = { kind: 'int'; v: number } | { kind: 'ints'; v: number[] } | { kind: 'float'; v: number } | { kind: 'string'; v: string };

export const attr = {
  int: (v: number): Attr => ({ kind: 'int', v }),
  ints: (v: number[]): Attr => ({ kind: 'ints', v }),
  float: (v: number): Attr => ({ kind: 'float', v }),
  string: (v: string): Attr => ({ kind: 'string', v }),
};

const ELEM = { float: onnx.TensorProto.DataType.FLOAT, uint8: onnx.TensorProto.DataType.UINT8, int64: onnx.TensorProto.DataType.INT64 } as const;
export type ElemType = keyof typeof ELEM;

function encodeAttr(name: string, a: Attr): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.v };
    case 'ints':
      return { name, type: T.INTS, ints: a.v };
    case 'float':
      return { name, type: T.FLOAT, f: a.v };
    case 'string':
      return { name, type: T.STRING, s: Buffer.from(a.v, 'utf8') };
  }
}

function valueInfo(name: string, elem: ElemType, dims: number[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: ELEM[elem], shape: { dim: dims.map((d) => ({ dimValue: d })) } } } };
}

export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly initNames = new Set<string>();
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  constructor(readonly name: string) {}

  /** A fresh tensor name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}__${this.counter++}`;
  }

  input(name: string, elem: ElemType, dims: number[]): string {
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  output(name: string, elem: ElemType, dims: number[]): void {
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /** A float32 initializer; data is copied (little-endian raw bytes). */
  float(name: string, dims: number[], data: Float32Array | number[]): string {
    const f = data instanceof Float32Array ? data : Float32Array.from(data);
    const n = dims.reduce((a, b) => a * b, 1);
    if (f.length !== n) throw new Error(`initializer ${name}: ${f.length} values for dims ${dims.join('x')}`);
    return this.addInit(name, dims, ELEM.float, Buffer.from(f.buffer, f.byteOffset, f.byteLength));
  }

  int64(name: string, dims: number[], data: number[]): string {
    const b = BigInt64Array.from(data.map((v) => BigInt(v)));
    return this.addInit(name, dims, ELEM.int64, Buffer.from(b.buffer));
  }

  private addInit(name: string, dims: number[], dataType: number, raw: Buffer): string {
    if (this.initNames.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.initNames.add(name);
    // Buffer.from(copy) so later mutation of the source cannot change what is written.
    this.inits.push({ name, dims, dataType, rawData: Buffer.from(raw) });
    return name;
  }

  node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, name?: string): string {
    this.nodes.push({
      name: name ?? outputs[0],
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.keys(attrs)
        .sort()
        .map((k) => encodeAttr(k, attrs[k])),
    });
    return outputs[0];
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  opCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of this.nodes) out[n.opType!] = (out[n.opType!] ?? 0) + 1;
    return out;
  }

  /** Serialise as an ONNX model (IR 8, default-domain opset 13). */
  encode(meta: { producer: string; doc: string; props: Record<string, string> }): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      producerName: meta.producer,
      producerVersion: '1',
      docString: meta.doc,
      graph: { name: this.name, node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
      metadataProps: Object.keys(meta.props)
        .sort()
        .map((key) => ({ key, value: meta.props[key] })),
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}

/** TF 'SAME' padding for one spatial axis: [before, after] (extra pixel after, like TF). */
export function samePad(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

export function convOut(size: number, kernel: number, stride: number, pads: [number, number]): number {
  return Math.floor((size + pads[0] + pads[1] - kernel) / stride) + 1;
}
