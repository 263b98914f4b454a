/**
 * The learned model's file format and its pure scoring function, shared by
 * training and inference. Two linear heads over the same sparse binary
 * features (features.ts), each message's vector scaled to unit L2 norm:
 *  - `harm`: a binary logistic head, P(harmful) — decides whether the model
 *    flags on its own (threshold calibrated in models/chat/thresholds.json);
 *  - a softmax head over `classes` (benign and the nine labels) — names the
 *    label when the model is the only evidence.
 * Weights are stored as integers (weight × `scale`) to keep the file small;
 * per feature: one weight per class in `classes` order, then the harm weight.
 */
import { z } from 'zod';
import { ChatLabelSchema } from '../../../shared/taxonomy';
import { extractFeatures } from './features';

export const ModelClassSchema = z.union([ChatLabelSchema, z.literal('benign')]);
export type ModelClass = z.infer<typeof ModelClassSchema>;

export const ModelFileSchema = z.object({
  kind: z.literal('ngram-logreg-2head'),
  classes: z.array(ModelClassSchema),
  bias: z.array(z.number()),
  harmBias: z.number(),
  scale: z.number().positive(),
  weights: z.record(z.array(z.number().int())),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

export interface LoadedModel {
  readonly classes: readonly ModelClass[];
  readonly bias: Float64Array;
  readonly harmBias: number;
  /** feature → offset of its row in `table` (classes.length + 1 weights; the last is the harm head). */
  readonly rows: ReadonlyMap<string, number>;
  /** Every feature's weights in one flat array: one allocation, rows next to each other in memory. */
  readonly table: Float32Array;
}

export interface Prediction {
  /** P(harmful) from the binary head. */
  readonly harm: number;
  /** Softmax over `classes`. */
  readonly probs: Float64Array;
}

export function loadModel(file: ModelFile): LoadedModel {
  const width = file.classes.length + 1;
  const entries = Object.entries(file.weights);
  const rows = new Map<string, number>();
  const table = new Float32Array(entries.length * width);
  entries.forEach(([f, row], i) => {
    if (row.length !== width) throw new Error(`model feature ${f}: expected ${width} weights`);
    rows.set(f, i * width);
    for (let k = 0; k < width; k++) table[i * width + k] = (row[k] as number) / file.scale;
  });
  return { classes: file.classes, bias: Float64Array.from(file.bias), harmBias: file.harmBias, rows, table };
}

/** Both heads' outputs for a prepared text. */
export function predictWith(model: LoadedModel, text: string, extra: readonly string[] = []): Prediction {
  const K = model.classes.length;
  const feats = extractFeatures(text, extra);
  const norm = feats.length ? 1 / Math.sqrt(feats.length) : 0;
  const logits = new Float64Array(K + 1);
  const table = model.table;
  for (const f of feats) {
    const o = model.rows.get(f);
    if (o === undefined) continue;
    for (let k = 0; k <= K; k++) logits[k] += table[o + k] as number;
  }
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    logits[k] = (model.bias[k] as number) + norm * (logits[k] as number);
    max = Math.max(max, logits[k] as number);
  }
  let sum = 0;
  const probs = new Float64Array(K);
  for (let k = 0; k < K; k++) { probs[k] = Math.exp((logits[k] as number) - max); sum += probs[k] as number; }
  for (let k = 0; k < K; k++) probs[k] = (probs[k] as number) / sum;
  const z = model.harmBias + norm * (logits[K] as number);
  return { harm: 1 / (1 + Math.exp(-z)), probs };
}
