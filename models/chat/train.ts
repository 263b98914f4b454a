/**
 * Trains the chat model: multinomial logistic regression over binary word
 * unigram+bigram features (server/safeguarding/chat/features.ts) of the
 * prepared text, full-batch Adam with L2, fixed epochs: deterministic, so
 * re-running reproduces models/chat/model.json byte for byte.
 *
 *   node --import tsx models/chat/train.ts
 *
 * Data: models/chat/train.jsonl, written for this project and disjoint from
 * the evaluation fixtures in test/fixtures/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CHAT_LABELS } from '../../shared/taxonomy';
import { extractFeatures } from '../../server/safeguarding/chat/features';
import { prepare } from '../../server/safeguarding/chat/prepare';
import type { ModelClass, ModelFile } from '../../server/safeguarding/chat/logreg';
import { predictWith } from '../../server/safeguarding/chat/logreg';

const HERE = __dirname;
const CLASSES: ModelClass[] = ['benign', ...CHAT_LABELS];
const EPOCHS = 300;
const LEARNING_RATE = 0.05;
const L2 = 5e-4;
const MIN_FEATURE_COUNT = 1;

const Line = z.object({ text: z.string().min(1), label: z.enum(['benign', ...CHAT_LABELS]) });

interface Example {
  readonly feats: number[];
  readonly y: number;
}

function loadExamples(): { examples: Example[]; vocab: string[]; texts: string[] } {
  const lines = readFileSync(join(HERE, 'train.jsonl'), 'utf8').split('\n');
  const rows: Array<{ feats: string[]; y: number; text: string }> = [];
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const parsed = Line.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`train.jsonl:${i + 1}: ${parsed.error.message}`);
    rows.push({ feats: extractFeatures(prepare(parsed.data.text).clean), y: CLASSES.indexOf(parsed.data.label), text: parsed.data.text });
  });
  const counts = new Map<string, number>();
  for (const r of rows) for (const f of r.feats) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = [...counts.entries()].filter(([, c]) => c >= MIN_FEATURE_COUNT).map(([f]) => f).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const examples = rows.map((r) => ({
    feats: r.feats.flatMap((f) => {
      const i = index.get(f);
      return i === undefined ? [] : [i];
    }),
    y: r.y,
  }));
  return { examples, vocab, texts: rows.map((r) => r.text) };
}

function train(examples: Example[], nFeat: number): { W: Float64Array; b: Float64Array } {
  const K = CLASSES.length;
  const W = new Float64Array(nFeat * K);
  const b = new Float64Array(K);
  const mW = new Float64Array(W.length), vW = new Float64Array(W.length);
  const mB = new Float64Array(K), vB = new Float64Array(K);
  // Balance classes so the large benign set does not drown the harmful ones.
  const classCount = new Array<number>(K).fill(0);
  for (const e of examples) classCount[e.y] = (classCount[e.y] ?? 0) + 1;
  const classWeight = classCount.map((c) => (c ? examples.length / (K * c) : 0));
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const gW = new Float64Array(W.length);
    const gB = new Float64Array(K);
    let loss = 0;
    for (const e of examples) {
      const logits = Array.from(b);
      for (const f of e.feats) for (let k = 0; k < K; k++) logits[k] = (logits[k] ?? 0) + (W[f * K + k] ?? 0);
      const max = Math.max(...logits);
      const exps = logits.map((l) => Math.exp(l - max));
      const sum = exps.reduce((a, c) => a + c, 0);
      const cw = classWeight[e.y] ?? 1;
      loss -= cw * Math.log((exps[e.y] ?? 0) / sum + 1e-12);
      for (let k = 0; k < K; k++) {
        const g = cw * ((exps[k] ?? 0) / sum - (k === e.y ? 1 : 0));
        gB[k] = (gB[k] ?? 0) + g;
        for (const f of e.feats) gW[f * K + k] = (gW[f * K + k] ?? 0) + g;
      }
    }
    const n = examples.length;
    const step = (p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, l2: number): void => {
      for (let i = 0; i < p.length; i++) {
        const gi = (g[i] ?? 0) / n + l2 * (p[i] ?? 0);
        m[i] = beta1 * (m[i] ?? 0) + (1 - beta1) * gi;
        v[i] = beta2 * (v[i] ?? 0) + (1 - beta2) * gi * gi;
        const mh = (m[i] ?? 0) / (1 - beta1 ** epoch);
        const vh = (v[i] ?? 0) / (1 - beta2 ** epoch);
        p[i] = (p[i] ?? 0) - (LEARNING_RATE * mh) / (Math.sqrt(vh) + eps);
      }
    };
    step(W, gW, mW, vW, L2);
    step(b, gB, mB, vB, 0);
    if (epoch % 50 === 0) console.error(`epoch ${epoch} loss ${(loss / n).toFixed(4)}`);
  }
  return { W, b };
}

function main(): void {
  const { examples, vocab, texts } = loadExamples();
  const K = CLASSES.length;
  const { W, b } = train(examples, vocab.length);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  vocab.forEach((f, i) => {
    const row = Array.from(W.subarray(i * K, (i + 1) * K), round);
    // Features with no real weight cost lookups and file size for nothing.
    if (row.some((w) => Math.abs(w) >= 0.02)) weights[f] = row;
  });
  const model: ModelFile = { kind: 'softmax-logreg', classes: CLASSES, bias: Array.from(b, round), weights };
  writeFileSync(join(HERE, 'model.json'), JSON.stringify(model) + '\n');

  let correct = 0;
  examples.forEach((e, i) => {
    const probs = predictWith(model, prepare(texts[i] ?? '').clean);
    let bestK = 0, bestP = -1;
    CLASSES.forEach((c, k) => {
      const p = probs.get(c) ?? 0;
      if (p > bestP) { bestP = p; bestK = k; }
    });
    if (bestK === e.y) correct++;
  });
  console.log(JSON.stringify({ examples: examples.length, features: Object.keys(weights).length, trainAccuracy: round(correct / examples.length) }));
}

main();
