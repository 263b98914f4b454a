/**
 * Faster inference for nsfwjs's MobileNetV2 LayersModel, same weights, same maths:
 * - BatchNormalization folded into the preceding Conv2D / DepthwiseConv2D (scale into the filter,
 *   shift into a bias), and the following ReLU (max 6) fused into the same kernel (tf.fused.* with
 *   'relu6'): tfjs-layers runs conv, batch norm and clip as three passes over memory.
 * - ZeroPadding2D [[0,1],[0,1]] + 'valid' stride-2 3x3 conv == 'same' padding on even input sizes
 *   (TF 'same' pads 0 before, 1 after there), so the separate pad pass goes.
 * Anything else runs through the layer's own call (Add, pooling, Flatten, Dense, Dropout=identity).
 * Parity with the original model is tested (test/integration/frames/models.test.ts).
 */
type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Layer = LayersModel['layers'][number];

export interface ConvStep {
  kind: 'conv' | 'dw';
  inputs: string[];
  output: string;
  filter: Tensor4D;
  bias: Tensor;
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: 'linear' | 'relu' | 'relu6';
}

export interface LayerStep {
  kind: 'layer';
  inputs: string[];
  output: string;
  layer: Layer;
}

export interface AliasStep {
  kind: 'alias';
  inputs: string[];
  output: string;
}

export type Step = ConvStep | LayerStep | AliasStep;

export interface FoldedModel {
  predict(x: Tensor4D): Tensor;
  /** Layers folded away (BN, ReLU, padding). */
  readonly folded: number;
  dispose(): void;
}

function inboundNames(layer: Layer): string[] {
  const nodes = (layer as unknown as { inboundNodes: { inboundLayers: Layer[] }[] }).inboundNodes;
  return nodes.length ? nodes[0].inboundLayers.map((l) => l.name) : [];
}

/**
 * The folded model as a list of steps in execution order (also what models/frames/convert-onnx.ts
 * writes out as ONNX). `owned` are the new filter and bias tensors (the caller disposes them).
 */
export interface FoldPlan {
  steps: Step[];
  inputName: string;
  outputName: string;
  owned: Tensor[];
  folded: number;
}

export function foldPlan(tf: Tf, model: LayersModel): FoldPlan {
  const layers = model.layers;
  const byName = new Map(layers.map((l) => [l.name, l]));
  const consumers = new Map<string, string[]>();
  for (const l of layers) for (const i of inboundNames(l)) consumers.set(i, [...(consumers.get(i) ?? []), l.name]);
  const only = (name: string): Layer | undefined => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 ? byName.get(c[0]) : undefined;
  };
  const cls = (l: Layer | undefined): string => (l ? l.getClassName() : '');

  const steps: Step[] = [];
  const owned: Tensor[] = [];
  const skip = new Set<string>();
  let folded = 0;
  const inputName = model.inputs[0].sourceLayer.name;

  for (const layer of layers) {
    if (skip.has(layer.name) || layer.name === inputName) continue;
    const c = cls(layer);
    const cfg = layer.getConfig() as Record<string, unknown>;
    if (c === 'ZeroPadding2D') {
      const next = only(layer.name);
      const pad = cfg.padding as number[][];
      const nc = next?.getConfig() as Record<string, unknown> | undefined;
      const inShape = (layer.input as unknown as { shape: (number | null)[] }).shape;
      const evenInput = (inShape[1] ?? 1) % 2 === 0 && (inShape[2] ?? 1) % 2 === 0;
      if (
        next &&
        (cls(next) === 'Conv2D' || cls(next) === 'DepthwiseConv2D') &&
        JSON.stringify(pad) === '[[0,1],[0,1]]' &&
        nc?.padding === 'valid' &&
        JSON.stringify(nc.strides) === '[2,2]' &&
        JSON.stringify(nc.kernelSize) === '[3,3]' &&
        evenInput
      ) {
        steps.push({ kind: 'alias', inputs: inboundNames(layer), output: layer.name });
        (next as unknown as { __samePad?: boolean }).__samePad = true;
        folded++;
        continue;
      }
    }
    if ((c === 'Conv2D' || c === 'DepthwiseConv2D') && (cfg.activation === 'linear' || cfg.activation === undefined) && JSON.stringify(cfg.dilationRate ?? [1, 1]) === '[1,1]') {
      const weights = layer.getWeights();
      let filter = weights[0] as Tensor4D;
      let bias: Tensor = cfg.useBias ? weights[1] : tf.zeros([c === 'Conv2D' ? (filter.shape[3] as number) : (filter.shape[2] as number) * (filter.shape[3] as number)]);
      const after: AliasStep[] = [];
      let activation: ConvStep['activation'] = 'linear';
      const bn = only(layer.name);
      if (bn && cls(bn) === 'BatchNormalization') {
        const bc = bn.getConfig() as Record<string, unknown>;
        const [gamma, beta, mean, variance] = bn.getWeights();
        if (bc.center && bc.scale && gamma && beta && mean && variance) {
          const eps = bc.epsilon as number;
          const f0 = filter;
          const b0 = bias;
          [filter, bias] = tf.tidy(() => {
            const scale = tf.div(gamma, tf.sqrt(tf.add(variance, eps)));
            const f2 = c === 'Conv2D' ? tf.mul(f0, scale) : tf.mul(f0, scale.reshape([1, 1, f0.shape[2], f0.shape[3]]));
            return [f2 as Tensor4D, tf.add(beta, tf.mul(tf.sub(b0, mean), scale))];
          });
          skip.add(bn.name);
          after.push({ kind: 'alias', inputs: [layer.name], output: bn.name });
          folded++;
          const relu = only(bn.name);
          if (relu && cls(relu) === 'ReLU') {
            const rc = relu.getConfig() as Record<string, unknown>;
            const maxValue = rc.maxValue as number | null | undefined;
            const slope = (rc.negativeSlope as number | undefined) ?? 0;
            const threshold = (rc.threshold as number | undefined) ?? 0;
            if (slope === 0 && threshold === 0 && (maxValue === 6 || maxValue == null)) {
              activation = maxValue === 6 ? 'relu6' : 'relu';
              skip.add(relu.name);
              after.push({ kind: 'alias', inputs: [bn.name], output: relu.name });
              folded++;
            }
          }
        }
      }
      owned.push(filter, bias);
      const samePad = (layer as unknown as { __samePad?: boolean }).__samePad;
      const pad = samePad ? 'same' : (cfg.padding as 'same' | 'valid');
      const strides = cfg.strides as [number, number];
      steps.push({ kind: c === 'Conv2D' ? 'conv' : 'dw', inputs: inboundNames(layer), output: layer.name, filter, bias, strides, pad, activation }, ...after);
      continue;
    }
    if (c === 'Dropout') {
      steps.push({ kind: 'alias', inputs: inboundNames(layer), output: layer.name });
      continue;
    }
    steps.push({ kind: 'layer', inputs: inboundNames(layer), output: layer.name, layer });
  }
  const outputName = model.outputs[0].sourceLayer.name;
  return { steps, inputName, outputName, owned, folded };
}

export function foldLayersModel(tf: Tf, model: LayersModel): FoldedModel {
  const { steps, inputName, outputName, owned, folded } = foldPlan(tf, model);

  const predict = (x: Tensor4D): Tensor =>
    tf.tidy(() => {
      const values = new Map<string, Tensor>([[inputName, x]]);
      for (const s of steps) {
        const ins = s.inputs.map((n) => {
          const v = values.get(n);
          if (!v) throw new Error(`folded model: missing input ${n} for ${s.output}`);
          return v;
        });
        if (s.kind === 'alias') values.set(s.output, ins[0]);
        else if (s.kind === 'conv')
          values.set(s.output, tf.fused.conv2d({ x: ins[0] as Tensor4D, filter: s.filter, strides: s.strides, pad: s.pad, bias: s.bias, activation: s.activation }));
        else if (s.kind === 'dw')
          values.set(s.output, tf.fused.depthwiseConv2d({ x: ins[0] as Tensor4D, filter: s.filter, strides: s.strides, pad: s.pad, bias: s.bias, activation: s.activation }));
        else if (s.kind === 'layer') values.set(s.output, s.layer.apply(ins.length === 1 ? ins[0] : ins, { training: false }) as Tensor);
      }
      return values.get(outputName)!;
    });

  return {
    predict,
    folded,
    dispose: () => {
      for (const t of owned) t.dispose();
    },
  };
}
