/**
 * Multinomial logistic regression over sparse binary features: the model file
 * format and the pure scoring function, shared by training and inference.
 */
import { z } from 'zod';
import { ChatLabelSchema } from '../../../shared/taxonomy';
import { extractFeatures } from './features';

export const ModelClassSchema = z.union([ChatLabelSchema, z.literal('benign')]);
export type ModelClass = z.infer<typeof ModelClassSchema>;

export const ModelFileSchema = z.object({
  kind: z.literal('softmax-logreg'),
  classes: z.array(ModelClassSchema),
  bias: z.array(z.number()),
  /** feature → one weight per class, in `classes` order. */
  weights: z.record(z.array(z.number())),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** Class probabilities for a prepared text. */
export function predictWith(model: ModelFile, text: string): Map<ModelClass, number> {
  const logits = [...model.bias];
  for (const f of extractFeatures(text)) {
    const w = model.weights[f];
    if (!w) continue;
    for (let k = 0; k < logits.length; k++) logits[k] = (logits[k] ?? 0) + (w[k] ?? 0);
  }
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const out = new Map<ModelClass, number>();
  model.classes.forEach((c, k) => out.set(c, (exps[k] ?? 0) / sum));
  return out;
}
