/**
 * Converts both frame models to ONNX for the onnxruntime-node backend (server/safeguarding/frames/models.ts):
 *
 *   node --import tsx models/frames/convert-onnx.ts            # writes models/frames/*.onnx
 *   node --import tsx models/frames/convert-onnx.ts --check    # exit 1 unless the committed files are what it makes
 *   node --import tsx models/frames/convert-onnx.ts --out DIR  # write elsewhere
 *
 * Sources (installed npm packages, never the network):
 * - nsfwjs 4.4.0 MobileNetV2 (Keras LayersModel, uint8-quantised weights dequantised by tfjs on load),
 *   taken through foldedLayers.ts's foldPlan(): batch norm folded into the convolutions (on tfjs's
 *   'cpu' backend, so the folded float32 weights are the same bits on every run), ReLU(max 6) as Clip,
 *   ZeroPadding2D [[0,1],[0,1]] + 'valid' stride-2 conv as the conv's own asymmetric pads, Add,
 *   AveragePooling2D, Flatten, Dense as Gemm (+ Relu / Softmax), Dropout dropped.
 *   -> nsfw-mobilenetv2.onnx
 * - BlazeFace "back" from @vladmandic/human/models/blazeface.json + .bin (a tfjs GraphModel, float32):
 *   _FusedConv2D (BiasAdd[, Relu]) -> Conv[+Relu], DepthwiseConv2dNative -> grouped Conv, AddV2 -> Add,
 *   Relu, MaxPool, Pad (channel padding) -> Pad, Reshape (after a transpose back to NHWC so the element
 *   order is TF's), Identity -> alias. TF 'SAME' padding becomes explicit (asymmetric) pads.
 *   -> blazeface.onnx
 *
 * Layout: both ONNX models take the frame as sharp delivers it - uint8 RGB, NHWC [1, H, W, 3] - and do
 * the normalisation (x/255 for nsfwjs, x/127.5 - 1 for BlazeFace, as the tfjs path does) and the
 * NHWC -> NCHW transpose inside the graph; everything after runs NCHW (ONNX's native conv layout).
 * Outputs: nsfw `probs` [1, 5] (Drawing, Hentai, Neutral, Porn, Sexy, softmax); BlazeFace `rows`
 * [1, 896, 17] (per anchor: score logit, cx, cy, w, h, 6 landmarks x 2; the 512 16x16-grid anchors
 * first, then the 384 8x8-grid ones), exactly the rows models.ts decodes for the tfjs path.
 *
 * fp32 throughout: dynamic int8 quantisation was slower and wrong, static int8 drifted ~0.2 (issue 4).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxGraph, attr, convOut, samePad } from './onnxBuilder';
import { foldPlan } from '../../server/safeguarding/frames/foldedLayers';
import { humanModelsDir, initTf } from '../../server/safeguarding/frames/models';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

export const ONNX_DIR = __dirname;
export const NSFW_ONNX = 'nsfw-mobilenetv2.onnx';
export const BLAZEFACE_ONNX = 'blazeface.onnx';

function pkgVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function humanVersion(): string {
  try {
    const p = join(humanModelsDir(), '..', 'package.json');
    return (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** NCHW shape of a tensor (batch 1 implied), or a plain shape for non-image tensors. */
type Shape = { kind: 'nchw'; c: number; h: number; w: number } | { kind: 'plain'; dims: number[] };

// ---------------------------------------------------------------------------------------------
// nsfwjs MobileNetV2

async function loadNsfwModel(): Promise<LayersModel> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nsfwjs = require('nsfwjs') as typeof import('nsfwjs');
  const info = console.info;
  console.info = () => undefined;
  try {
    return (await nsfwjs.load('MobileNetV2', { size: 224 })).model as LayersModel;
  } finally {
    console.info = info;
  }
}

export function nsfwToOnnx(tf: Tf, model: LayersModel): Uint8Array {
  const plan = foldPlan(tf, model);
  const g = new OnnxGraph('nsfwjs_mobilenetv2');
  const inShape = model.inputs[0].shape; // [null, 224, 224, 3]
  const [H, W, C] = [inShape[1] as number, inShape[2] as number, inShape[3] as number];
  const names = new Map<string, string>(); // Keras tensor (layer) name -> ONNX tensor name
  const shapes = new Map<string, Shape>();

  g.input('input', 'uint8', [1, H, W, C]);
  const f = g.node('Cast', ['input'], ['input_f32'], { to: attr.int(1) });
  const scaled = g.node('Div', [f, g.float('const_255', [], [255])], ['input_scaled']);
  const nchw = g.node('Transpose', [scaled], [plan.inputName], { perm: attr.ints([0, 3, 1, 2]) });
  names.set(plan.inputName, nchw);
  shapes.set(nchw, { kind: 'nchw', c: C, h: H, w: W });
  const clipMin = g.float('const_clip_min', [], [0]);
  const clipMax = g.float('const_clip_max', [], [6]);

  const data = (t: Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);
  const nameOf = (k: string): string => {
    const n = names.get(k);
    if (!n) throw new Error(`nsfw: no ONNX tensor for ${k}`);
    return n;
  };
  const shapeOf = (n: string): Shape => shapes.get(n)!;

  for (const s of plan.steps) {
    if (s.kind === 'alias') {
      names.set(s.output, nameOf(s.inputs[0]));
      continue;
    }
    if (s.kind === 'conv' || s.kind === 'dw') {
      const x = nameOf(s.inputs[0]);
      const sh = shapeOf(x);
      if (sh.kind !== 'nchw') throw new Error(`nsfw: ${s.output} input is not an image tensor`);
      const [kh, kw, inC, outOrMult] = s.filter.shape as number[];
      let wName: string;
      let outC: number;
      let group = 1;
      if (s.kind === 'conv') {
        outC = outOrMult;
        const t = tf.transpose(s.filter, [3, 2, 0, 1]); // [kh,kw,in,out] -> [out,in,kh,kw]
        wName = g.float(`${s.output}/W`, [outC, inC, kh, kw], data(t));
        t.dispose();
      } else {
        outC = inC * outOrMult;
        group = inC;
        const t = tf.transpose(s.filter, [2, 3, 0, 1]); // [kh,kw,C,m] -> [C,m,kh,kw] == [C*m,1,kh,kw]
        wName = g.float(`${s.output}/W`, [outC, 1, kh, kw], data(t));
        t.dispose();
      }
      const bName = g.float(`${s.output}/B`, [outC], data(s.bias));
      const ph: [number, number] = s.pad === 'same' ? samePad(sh.h, kh, s.strides[0]) : [0, 0];
      const pw: [number, number] = s.pad === 'same' ? samePad(sh.w, kw, s.strides[1]) : [0, 0];
      const convName = s.activation === 'linear' ? s.output : `${s.output}/conv`;
      g.node('Conv', [x, wName, bName], [convName], {
        kernel_shape: attr.ints([kh, kw]),
        strides: attr.ints([s.strides[0], s.strides[1]]),
        pads: attr.ints([ph[0], pw[0], ph[1], pw[1]]),
        dilations: attr.ints([1, 1]),
        group: attr.int(group),
      });
      let out = convName;
      if (s.activation === 'relu6') out = g.node('Clip', [convName, clipMin, clipMax], [s.output]);
      else if (s.activation === 'relu') out = g.node('Relu', [convName], [s.output]);
      names.set(s.output, out);
      shapes.set(out, { kind: 'nchw', c: outC, h: convOut(sh.h, kh, s.strides[0], ph), w: convOut(sh.w, kw, s.strides[1], pw) });
      continue;
    }
    // A remaining Keras layer.
    if (s.kind !== 'layer') throw new Error(`nsfw: unexpected step ${s.kind}`);
    const layer = s.layer;
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    const ins = s.inputs.map(nameOf);
    if (cls === 'Add') {
      const out = g.node('Add', ins, [s.output]);
      names.set(s.output, out);
      shapes.set(out, shapeOf(ins[0]));
    } else if (cls === 'AveragePooling2D') {
      const sh = shapeOf(ins[0]);
      if (sh.kind !== 'nchw' || cfg.padding !== 'valid') throw new Error(`nsfw: unsupported ${cls} ${JSON.stringify(cfg)}`);
      const [kh, kw] = cfg.poolSize as number[];
      const [sh0, sw0] = (cfg.strides as number[] | null) ?? [kh, kw];
      const out = g.node('AveragePool', ins, [s.output], { kernel_shape: attr.ints([kh, kw]), strides: attr.ints([sh0, sw0]), pads: attr.ints([0, 0, 0, 0]) });
      names.set(s.output, out);
      shapes.set(out, { kind: 'nchw', c: sh.c, h: convOut(sh.h, kh, sh0, [0, 0]), w: convOut(sh.w, kw, sw0, [0, 0]) });
    } else if (cls === 'Flatten') {
      const sh = shapeOf(ins[0]);
      if (sh.kind !== 'nchw') throw new Error('nsfw: Flatten of a non-image tensor');
      // Keras flattens NHWC; with a 1x1 map the NCHW order is the same, otherwise transpose back first.
      const src = sh.h * sh.w === 1 ? ins[0] : g.node('Transpose', ins, [`${s.output}/nhwc`], { perm: attr.ints([0, 2, 3, 1]) });
      const out = g.node('Flatten', [src], [s.output], { axis: attr.int(1) });
      names.set(s.output, out);
      shapes.set(out, { kind: 'plain', dims: [1, sh.c * sh.h * sh.w] });
    } else if (cls === 'Dense') {
      const [kernel, bias] = layer.getWeights();
      const [inF, outF] = kernel.shape as number[];
      const act = (cfg.activation as string) ?? 'linear';
      const gemmOut = act === 'linear' ? s.output : `${s.output}/gemm`;
      const gemmIns = [ins[0], g.float(`${s.output}/W`, [inF, outF], data(kernel))];
      if (cfg.useBias !== false) gemmIns.push(g.float(`${s.output}/B`, [outF], data(bias)));
      g.node('Gemm', gemmIns, [gemmOut], {
        alpha: attr.float(1),
        beta: attr.float(1),
        transA: attr.int(0),
        transB: attr.int(0),
      });
      let out = gemmOut;
      if (act === 'relu') out = g.node('Relu', [gemmOut], [s.output]);
      else if (act === 'softmax') out = g.node('Softmax', [gemmOut], [s.output], { axis: attr.int(-1) });
      else if (act !== 'linear') throw new Error(`nsfw: unsupported Dense activation ${act}`);
      names.set(s.output, out);
      shapes.set(out, { kind: 'plain', dims: [1, outF] });
    } else {
      throw new Error(`nsfw: unsupported layer ${cls} (${layer.name})`);
    }
  }
  const last = nameOf(plan.outputName);
  const outShape = shapeOf(last);
  if (outShape.kind !== 'plain' || outShape.dims[1] !== 5) throw new Error(`nsfw: unexpected output shape ${JSON.stringify(outShape)}`);
  g.node('Identity', [last], ['probs']);
  g.output('probs', 'float', [1, 5]);
  for (const t of plan.owned) t.dispose();
  return g.encode({
    producer: 'chaperone/models/frames/convert-onnx.ts',
    doc: 'nsfwjs MobileNetV2 (224x224), batch norm folded. Input uint8 RGB NHWC [1,224,224,3]; output probs [1,5] = Drawing, Hentai, Neutral, Porn, Sexy.',
    props: { source: `nsfwjs@${pkgVersion('nsfwjs')} MobileNetV2`, classes: 'Drawing,Hentai,Neutral,Porn,Sexy', input: 'uint8 RGB NHWC [1,224,224,3], scaled x/255 in-graph' },
  });
}

// ---------------------------------------------------------------------------------------------
// BlazeFace (tfjs GraphModel)

interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { s?: string; i?: string; f?: number; b?: boolean; list?: { i?: string[]; s?: string[] }; type?: string; shape?: unknown; dtype?: string }>;
}

interface GraphJson {
  modelTopology: { node: TfNode[] };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[] }[];
}

const PREFIX = 'StatefulPartitionedCall/functional_1/';
const short = (n: string): string => (n.startsWith(PREFIX) ? n.slice(PREFIX.length) : n);
const b64 = (s: string | undefined): string => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

export function blazefaceToOnnx(jsonPath = join(humanModelsDir(), 'blazeface.json')): Uint8Array {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as GraphJson;
  const dir = join(jsonPath, '..');

  // Weights: concatenated bins, entries in manifest order, float32 / int32, no quantisation.
  const bin = Buffer.concat(json.weightsManifest.flatMap((m) => m.paths.map((p) => readFileSync(join(dir, p)))));
  const consts = new Map<string, { shape: number[]; dtype: string; data: Float32Array | Int32Array }>();
  let off = 0;
  for (const w of json.weightsManifest.flatMap((m) => m.weights)) {
    if (w.quantization) throw new Error(`blazeface: quantised weight ${w.name} not supported`);
    const n = w.shape.reduce((a, b) => a * b, 1);
    const bytes = bin.subarray(off, off + n * 4);
    const copy = new Uint8Array(bytes).buffer;
    if (w.dtype === 'float32') consts.set(w.name, { shape: w.shape, dtype: w.dtype, data: new Float32Array(copy) });
    else if (w.dtype === 'int32') consts.set(w.name, { shape: w.shape, dtype: w.dtype, data: new Int32Array(copy) });
    else throw new Error(`blazeface: weight dtype ${w.dtype} not supported`);
    off += n * 4;
  }
  if (off !== bin.length) throw new Error(`blazeface: weights use ${off} of ${bin.length} bytes`);

  const nodes = new Map(json.modelTopology.node.map((n) => [n.name, n]));
  const inputsOf = (n: TfNode): string[] => (n.input ?? []).filter((i) => !i.startsWith('^')).map((i) => i.replace(/:0$/, ''));
  for (const n of nodes.values()) for (const i of inputsOf(n)) if (i.includes(':')) throw new Error(`blazeface: multi-output input ${i} not supported`);

  const placeholder = [...nodes.values()].find((n) => n.op === 'Placeholder');
  if (!placeholder) throw new Error('blazeface: no Placeholder');
  const dims = ((placeholder.attr?.shape as { shape?: { dim?: { size: string }[] } } | undefined)?.shape?.dim ?? []).map((d) => Number(d.size));
  const [, H, W, C] = dims;
  if (!(H > 0 && W > 0 && C === 3)) throw new Error(`blazeface: input shape ${dims}`);

  // Graph outputs: the Identity nodes nobody consumes.
  const consumed = new Set([...nodes.values()].flatMap(inputsOf));
  const outputs = [...nodes.values()].filter((n) => !consumed.has(n.name) && n.op !== 'Const').map((n) => n.name).sort();

  // Topological order (DFS from the outputs; the JSON's node order is not topological).
  const order: TfNode[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (name: string): void => {
    const st = state.get(name);
    if (st === 2) return;
    if (st === 1) throw new Error(`blazeface: cycle at ${name}`);
    state.set(name, 1);
    const n = nodes.get(name);
    if (!n) throw new Error(`blazeface: missing node ${name}`);
    for (const i of inputsOf(n)) visit(i);
    state.set(name, 2);
    order.push(n);
  };
  for (const o of outputs) visit(o);

  const g = new OnnxGraph('blazeface_back');
  const names = new Map<string, string>();
  const shapes = new Map<string, Shape>();
  const nameOf = (tfName: string): string => {
    const n = names.get(tfName);
    if (!n) throw new Error(`blazeface: no ONNX tensor for ${tfName}`);
    return n;
  };
  const constOf = (tfName: string) => {
    const c = consts.get(tfName);
    if (!c) throw new Error(`blazeface: ${tfName} is not a constant`);
    return c;
  };
  const imgShape = (n: string): { c: number; h: number; w: number } => {
    const s = shapes.get(n);
    if (!s || s.kind !== 'nchw') throw new Error(`blazeface: ${n} is not an image tensor`);
    return s;
  };
  const ints = (n: TfNode, k: string): number[] => (n.attr?.[k]?.list?.i ?? []).map(Number);
  const checkNhwc = (n: TfNode): void => {
    const fmt = b64(n.attr?.data_format?.s) || 'NHWC';
    if (fmt !== 'NHWC') throw new Error(`blazeface: ${n.name} data_format ${fmt}`);
    if (ints(n, 'dilations').some((d) => d !== 1)) throw new Error(`blazeface: ${n.name} dilations`);
    if ((n.attr?.explicit_paddings?.list?.i ?? []).length) throw new Error(`blazeface: ${n.name} explicit paddings`);
  };
  const pads2d = (n: TfNode, h: number, w: number, kh: number, kw: number, sh: number, sw: number): { ph: [number, number]; pw: [number, number] } => {
    const p = b64(n.attr?.padding?.s);
    if (p === 'VALID') return { ph: [0, 0], pw: [0, 0] };
    if (p === 'SAME') return { ph: samePad(h, kh, sh), pw: samePad(w, kw, sw) };
    throw new Error(`blazeface: ${n.name} padding ${p}`);
  };

  for (const n of order) {
    const out = short(n.name);
    const ins = inputsOf(n);
    switch (n.op) {
      case 'Const':
        break; // emitted as initializers where used
      case 'Placeholder': {
        g.input('input', 'uint8', [1, H, W, C]);
        const f = g.node('Cast', ['input'], ['input_f32'], { to: attr.int(1) });
        const d = g.node('Div', [f, g.float('const_127_5', [], [127.5])], ['input_div']);
        const s = g.node('Sub', [d, g.float('const_1', [], [1])], ['input_norm']);
        const t = g.node('Transpose', [s], ['input_nchw'], { perm: attr.ints([0, 3, 1, 2]) });
        names.set(n.name, t);
        shapes.set(t, { kind: 'nchw', c: C, h: H, w: W });
        break;
      }
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative': {
        checkNhwc(n);
        const x = nameOf(ins[0]);
        const sh = imgShape(x);
        const filt = constOf(ins[1]);
        const [kh, kw, inC, outOrMult] = filt.shape;
        const [, sH, sW] = ints(n, 'strides');
        const { ph, pw } = pads2d(n, sh.h, sh.w, kh, kw, sH, sW);
        const src = filt.data as Float32Array;
        let outC: number;
        let group = 1;
        let wData: Float32Array;
        if (n.op === '_FusedConv2D') {
          const fused = (n.attr?.fused_ops?.list?.s ?? []).map(b64);
          if (Number(n.attr?.num_args?.i ?? 0) !== 1 || fused[0] !== 'BiasAdd' || fused.length > 2 || (fused[1] && fused[1] !== 'Relu'))
            throw new Error(`blazeface: ${n.name} fused ops ${fused.join('+')} not supported`);
          if (inC !== sh.c) throw new Error(`blazeface: ${n.name} input channels ${inC} vs ${sh.c}`);
          outC = outOrMult;
          wData = new Float32Array(outC * inC * kh * kw);
          for (let y = 0; y < kh; y++)
            for (let xx = 0; xx < kw; xx++)
              for (let i = 0; i < inC; i++) for (let o = 0; o < outC; o++) wData[((o * inC + i) * kh + y) * kw + xx] = src[((y * kw + xx) * inC + i) * outC + o];
        } else {
          if (inC !== sh.c) throw new Error(`blazeface: ${n.name} input channels ${inC} vs ${sh.c}`);
          outC = inC * outOrMult;
          group = inC;
          wData = new Float32Array(outC * kh * kw);
          for (let y = 0; y < kh; y++)
            for (let xx = 0; xx < kw; xx++)
              for (let c = 0; c < inC; c++)
                for (let m = 0; m < outOrMult; m++) wData[((c * outOrMult + m) * kh + y) * kw + xx] = src[((y * kw + xx) * inC + c) * outOrMult + m];
        }
        const convIns = [x, g.float(`${out}/W`, [outC, n.op === '_FusedConv2D' ? inC : 1, kh, kw], wData)];
        if (n.op === '_FusedConv2D') {
          const bias = constOf(ins[2]);
          convIns.push(g.float(`${out}/B`, [outC], bias.data as Float32Array));
        }
        const relu = n.op === '_FusedConv2D' && (n.attr?.fused_ops?.list?.s ?? []).map(b64)[1] === 'Relu';
        const convName = relu ? `${out}/conv` : out;
        g.node('Conv', convIns, [convName], {
          kernel_shape: attr.ints([kh, kw]),
          strides: attr.ints([sH, sW]),
          pads: attr.ints([ph[0], pw[0], ph[1], pw[1]]),
          dilations: attr.ints([1, 1]),
          group: attr.int(group),
        });
        const res = relu ? g.node('Relu', [convName], [out]) : convName;
        names.set(n.name, res);
        shapes.set(res, { kind: 'nchw', c: outC, h: convOut(sh.h, kh, sH, ph), w: convOut(sh.w, kw, sW, pw) });
        break;
      }
      case 'AddV2':
      case 'Add': {
        const [a, b] = ins.map(nameOf);
        const sa = imgShape(a);
        const sb = imgShape(b);
        if (sa.c !== sb.c || sa.h !== sb.h || sa.w !== sb.w) throw new Error(`blazeface: ${n.name} broadcasting add not supported`);
        const res = g.node('Add', [a, b], [out]);
        names.set(n.name, res);
        shapes.set(res, { kind: 'nchw', ...sa });
        break;
      }
      case 'Relu': {
        const x = nameOf(ins[0]);
        const res = g.node('Relu', [x], [out]);
        names.set(n.name, res);
        shapes.set(res, shapes.get(x)!);
        break;
      }
      case 'MaxPool': {
        checkNhwc(n);
        const x = nameOf(ins[0]);
        const sh = imgShape(x);
        const [, kh, kw] = ints(n, 'ksize');
        const [, sH, sW] = ints(n, 'strides');
        const { ph, pw } = pads2d(n, sh.h, sh.w, kh, kw, sH, sW);
        // TF pads MaxPool 'SAME' with -inf; ONNX MaxPool pads ignore the padded cells: the same.
        const res = g.node('MaxPool', [x], [out], { kernel_shape: attr.ints([kh, kw]), strides: attr.ints([sH, sW]), pads: attr.ints([ph[0], pw[0], ph[1], pw[1]]) });
        names.set(n.name, res);
        shapes.set(res, { kind: 'nchw', c: sh.c, h: convOut(sh.h, kh, sH, ph), w: convOut(sh.w, kw, sW, pw) });
        break;
      }
      case 'Pad': {
        const x = nameOf(ins[0]);
        const sh = imgShape(x);
        const p = constOf(ins[1]); // [4, 2] NHWC: [[b0,b1],[h0,h1],[w0,w1],[c0,c1]]
        if (p.shape.join() !== '4,2') throw new Error(`blazeface: ${n.name} paddings shape ${p.shape}`);
        const v = Array.from(p.data);
        const [b0, b1, h0, h1, w0, w1, c0, c1] = v;
        const padsName = g.int64(`${out}/pads`, [8], [b0, c0, h0, w0, b1, c1, h1, w1]);
        const res = g.node('Pad', [x, padsName], [out], { mode: attr.string('constant') });
        names.set(n.name, res);
        shapes.set(res, { kind: 'nchw', c: sh.c + c0 + c1, h: sh.h + h0 + h1, w: sh.w + w0 + w1 });
        if (b0 || b1) throw new Error(`blazeface: ${n.name} pads the batch`);
        break;
      }
      case 'Reshape': {
        const x = nameOf(ins[0]);
        const sh = imgShape(x);
        const target = Array.from(constOf(ins[1]).data);
        // Back to NHWC first so the flattened element order is TF's.
        const nhwc = g.node('Transpose', [x], [`${out}/nhwc`], { perm: attr.ints([0, 2, 3, 1]) });
        const total = sh.c * sh.h * sh.w;
        const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
        const dimsOut = target.map((d) => (d === -1 ? total / known : d));
        const res = g.node('Reshape', [nhwc, g.int64(`${out}/shape`, [target.length], target)], [out]);
        names.set(n.name, res);
        shapes.set(res, { kind: 'plain', dims: dimsOut });
        break;
      }
      case 'Identity': {
        const x = nameOf(ins[0]);
        names.set(n.name, x);
        break;
      }
      default:
        throw new Error(`blazeface: op ${n.op} (${n.name}) not supported`);
    }
  }

  // Concatenate the four heads into the [1, 896, 17] rows the decoder reads (as models.ts does for tfjs):
  // ordered by size: scores384, scores512, boxes384, boxes512.
  const heads = outputs.map((o) => {
    const name = nameOf(o);
    const s = shapes.get(name);
    if (!s || s.kind !== 'plain' || s.dims.length !== 3) throw new Error(`blazeface: output ${o} shape ${JSON.stringify(s)}`);
    return { name, dims: s.dims, size: s.dims.reduce((a, b) => a * b, 1) };
  });
  if (heads.length !== 4) throw new Error(`blazeface: expected 4 outputs, got ${heads.length}`);
  heads.sort((a, b) => a.size - b.size);
  const [s384, s512, b384, b512] = heads;
  const c384 = g.node('Concat', [s384.name, b384.name], ['rows_coarse'], { axis: attr.int(2) });
  const c512 = g.node('Concat', [s512.name, b512.name], ['rows_fine'], { axis: attr.int(2) });
  g.node('Concat', [c512, c384], ['rows'], { axis: attr.int(1) });
  const anchors = s384.dims[1] + s512.dims[1];
  const width = s384.dims[2] + b384.dims[2];
  g.output('rows', 'float', [1, anchors, width]);

  return g.encode({
    producer: 'chaperone/models/frames/convert-onnx.ts',
    doc: `BlazeFace (back, ${H}x${W}) from @vladmandic/human. Input uint8 RGB NHWC [1,${H},${W},3]; output rows [1,${anchors},${width}]: logit, cx, cy, w, h, landmarks; fine grid first.`,
    props: { source: `@vladmandic/human@${humanVersion()} models/blazeface.json`, input: `uint8 RGB NHWC [1,${H},${W},3], scaled x/127.5-1 in-graph`, output: 'rows [1,896,17]' },
  });
}

// ---------------------------------------------------------------------------------------------

export async function convertAll(): Promise<{ file: string; bytes: Uint8Array }[]> {
  // tfjs 'cpu': the batch-norm folding arithmetic then gives the same float32 bits on every run/machine.
  const { tf } = await initTf('cpu');
  const model = await loadNsfwModel();
  const nsfw = nsfwToOnnx(tf, model);
  model.dispose();
  return [
    { file: NSFW_ONNX, bytes: nsfw },
    { file: BLAZEFACE_ONNX, bytes: blazefaceToOnnx() },
  ];
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const i = process.argv.indexOf('--out');
  const outDir = i >= 0 ? process.argv[i + 1] : ONNX_DIR;
  const files = await convertAll();
  let ok = true;
  for (const f of files) {
    const path = join(outDir, f.file);
    if (check) {
      let cur: Buffer | null = null;
      try {
        cur = readFileSync(path);
      } catch {
        /* missing */
      }
      const same = cur !== null && sha(cur) === sha(f.bytes);
      ok &&= same;
      console.log(`${f.file}: ${same ? 'up to date' : 'DIFFERS from the converter output'} (${sha(f.bytes).slice(0, 16)})`);
    } else {
      writeFileSync(path, f.bytes);
      console.log(`${path}: ${(f.bytes.length / 1e6).toFixed(2)} MB sha256 ${sha(f.bytes)}`);
    }
  }
  if (!ok) process.exit(1);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
