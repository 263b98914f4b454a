/**
 * The learned component, loaded once at import: a multinomial logistic
 * regression over word n-grams (trained by models/chat/train.ts). It backs up
 * the rules on phrasings they miss; its probabilities only count above the
 * per-label minimums in models/chat/thresholds.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ChatLabelSchema, type ChatLabel } from '../../../shared/taxonomy';
import { ModelFileSchema, predictWith, type ModelFile } from './logreg';

export const MODEL_DIR = join(__dirname, '..', '..', '..', 'models', 'chat');

const ThresholdsSchema = z.object({
  /** Minimum score for a label to be reported (and so flag the message). */
  flag: z.record(ChatLabelSchema, z.number()),
  model: z.object({
    /** Labels the model may raise on its own; pii and profanity are rule-only. */
    labels: z.array(ChatLabelSchema),
    minProbability: z.record(ChatLabelSchema, z.number()),
    /** Scale on model probability so a confident rule outranks the model. */
    weight: z.number(),
  }),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

function loadJson<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  return schema.parse(JSON.parse(readFileSync(join(MODEL_DIR, file), 'utf8')));
}

const MODEL: ModelFile = loadJson('model.json', ModelFileSchema);
export const THRESHOLDS: Thresholds = loadJson('thresholds.json', ThresholdsSchema);

export interface ModelHit {
  readonly label: ChatLabel;
  readonly score: number;
  readonly probability: number;
}

/** Harmful labels the model is confident about, scaled by the configured weight. */
export function modelHits(text: string): ModelHit[] {
  const probs = predictWith(MODEL, text);
  const hits: ModelHit[] = [];
  for (const label of THRESHOLDS.model.labels) {
    const p = probs.get(label) ?? 0;
    const min = THRESHOLDS.model.minProbability[label] ?? 1;
    if (p >= min) hits.push({ label, probability: p, score: p * THRESHOLDS.model.weight });
  }
  return hits;
}
