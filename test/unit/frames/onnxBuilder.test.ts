/**
 * The small ONNX builder behind models/frames/convert-onnx.ts: TF 'SAME' padding arithmetic and
 * deterministic encoding. (The converted models themselves are checked against tfjs in
 * test/integration/frames/onnxParity.test.ts.)
 */
import { onnx } from 'onnx-proto';
import { OnnxGraph, attr, convOut, samePad } from '../../../models/frames/onnxBuilder';

describe('samePad (TF SAME: extra pixel after)', () => {
  it.each([
    // size, kernel, stride, pads, out
    [224, 3, 2, [0, 1], 112],
    [225, 3, 2, [1, 1], 113],
    [112, 3, 1, [1, 1], 112],
    [128, 5, 2, [1, 2], 64],
    [16, 2, 2, [0, 0], 8],
    [15, 2, 2, [0, 1], 8],
    [7, 1, 1, [0, 0], 7],
  ] as [number, number, number, [number, number], number][])('size %i kernel %i stride %i', (size, k, s, pads, out) => {
    expect(samePad(size, k, s)).toEqual(pads);
    expect(convOut(size, k, s, samePad(size, k, s))).toBe(out);
    expect(out).toBe(Math.ceil(size / s));
  });
});

describe('OnnxGraph', () => {
  const build = (): Uint8Array => {
    const g = new OnnxGraph('t');
    g.input('x', 'float', [1, 2, 4, 4]);
    const w = g.float('w', [2, 1, 3, 3], new Float32Array(18).fill(0.5));
    g.node('Conv', ['x', w], ['y'], { strides: attr.ints([1, 1]), pads: attr.ints([1, 1, 1, 1]), group: attr.int(2), kernel_shape: attr.ints([3, 3]) });
    g.node('Pad', ['y', g.int64('p', [8], [0, 1, 0, 0, 0, 1, 0, 0])], ['z'], { mode: attr.string('constant') });
    g.output('z', 'float', [1, 4, 4, 4]);
    return g.encode({ producer: 'test', doc: 'd', props: { b: '2', a: '1' } });
  };

  it('encodes the same bytes every time', () => {
    expect(Buffer.from(build()).equals(Buffer.from(build()))).toBe(true);
  });

  it('round-trips through the ONNX protobuf', () => {
    const m = onnx.ModelProto.decode(build());
    expect(Number(m.irVersion)).toBe(8);
    expect(m.opsetImport[0].version).toBeDefined();
    const graph = m.graph as onnx.GraphProto;
    expect(graph.node.map((n) => n.opType)).toEqual(['Conv', 'Pad']);
    const conv = graph.node[0] as onnx.NodeProto;
    // attributes sorted by name (determinism)
    expect(conv.attribute.map((a) => a.name)).toEqual(['group', 'kernel_shape', 'pads', 'strides']);
    const raw = (name: string): ArrayBuffer => new Uint8Array((graph.initializer.find((t) => t.name === name) as onnx.TensorProto).rawData).buffer;
    expect(new Float32Array(raw('w'))[0]).toBe(0.5);
    expect(Array.from(new BigInt64Array(raw('p'))).map(Number)).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
    expect(m.metadataProps.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('rejects a wrong initializer size and duplicates', () => {
    const g = new OnnxGraph('t');
    expect(() => g.float('a', [2, 2], [1, 2, 3])).toThrow(/3 values/);
    g.float('b', [1], [1]);
    expect(() => g.float('b', [1], [1])).toThrow(/duplicate/);
  });
});
