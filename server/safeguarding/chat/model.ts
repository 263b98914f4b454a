/**
 * The learned component, loaded once at import: two logistic-regression heads
 * over word and character n-grams (logreg.ts, features.ts), trained by
 * models/chat/train.ts on the human-written corpus. The binary head's
 * threshold and the veto settings are calibrated on held-out corpus lines and
 * kept in models/chat/thresholds.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CHAT_LABELS, ChatLabelSchema, type ChatLabel } from '../../../shared/taxonomy';
import { loadModel, ModelFileSchema, predictWith, type LoadedModel } from './logreg';

export const MODEL_DIR = join(__dirname, '..', '..', '..', 'models', 'chat');

export const ThresholdsSchema = z.object({
  /** Minimum rule/lexicon score for a label to be reported (and so flag the message). */
  flag: z.record(ChatLabelSchema, z.number()),
  model: z.object({
    /** P(harmful) at or above which the model flags on its own. */
    harmThreshold: z.number(),
    /** P(harmful) the model needs when the rules and lexicon saw nothing for its label. */
    aloneThreshold: z.number(),
    /** P(harmful) the model needs when the rules or lexicon corroborate its label, weakly (below the flag line). */
    supportedThreshold: z.number(),
    /**
     * P(harmful) the model needs to raise a label that a benign-context guard
     * (a lesson, a game, a story...) or a context cap covers. Above 1: never.
     */
    guardedThreshold: z.number(),
    /** Weak rule evidence (top score below maxRuleScore) is dropped when P(harmful) < maxHarm. */
    veto: z.object({ maxRuleScore: z.number(), maxHarm: z.number() }),
    /** Model-only verdict score = weight + (1 - weight) × P(harmful). */
    weight: z.number(),
  }),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

function loadJson<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  return schema.parse(JSON.parse(readFileSync(join(MODEL_DIR, file), 'utf8')));
}

// Loaded on first use (the training script imports this module before it has
// written a model), then kept for the life of the process.
let model: LoadedModel | undefined;
let thresholds: Thresholds | undefined;
export function committedModel(): LoadedModel {
  return (model ??= loadModel(loadJson('model.json', ModelFileSchema)));
}
export function committedThresholds(): Thresholds {
  return (thresholds ??= loadJson('thresholds.json', ThresholdsSchema));
}

export interface ModelOutput {
  readonly harm: number;
  readonly label: ChatLabel;
  readonly labelP: number;
}

/** P(harmful) and the most probable harmful label for a prepared text. */
export function modelPredict(text: string, m: LoadedModel = committedModel(), extra: readonly string[] = []): ModelOutput {
  const { harm, probs } = predictWith(m, text, extra);
  let label: ChatLabel = 'bullying', labelP = -1;
  m.classes.forEach((c, k) => {
    if (c === 'benign' || !(CHAT_LABELS as readonly string[]).includes(c)) return;
    const p = probs[k] ?? 0;
    if (p > labelP) { labelP = p; label = c as ChatLabel; }
  });
  return { harm, label, labelP };
}
