/**
 * Trains the chat model: two logistic-regression heads (binary harmful-vs-
 * benign, and softmax over benign + the nine labels) over binary word
 * uni/bigram, character 3-5-gram and word-cluster features of the prepared text
 * (server/safeguarding/chat/features.ts, logreg.ts), and calibrates how the
 * classifier combines it with the rules (classify.ts `decide`).
 *
 *   node --import tsx models/chat/train.ts            train, calibrate, write model.json + thresholds.json
 *   node --import tsx models/chat/train.ts --select   model selection grid (GRID=json configs; validation split, or ALLFOLDS=1 for out-of-fold)
 *
 * Data:
 *  - models/chat/corpus/*.jsonl (every file in the directory, sorted by name):
 *    human-written lines in many voices, written without seeing any test
 *    fixture (the main data);
 *  - models/chat/train.jsonl: hand-written lines for this project;
 *  - models/chat/generate.ts template lines, heavily down-weighted
 *    (GEN_WEIGHT): they made the previous model overfit to their wording.
 * No test/fixtures file is read here: fixtures are only for evaluation.
 *
 * Procedure (deterministic: seeded stratified folds, seeded shuffles, fixed
 * epochs, so re-running reproduces model.json and thresholds.json byte for byte):
 *  1. split the corpus into 5 stratified folds (seeded; a line whose prepared
 *     text repeats an earlier one goes to that line's fold); fold 0 is THE
 *     validation split (20%); model selection (`--select`, ALLFOLDS=1 for all
 *     five folds) compares configs on out-of-fold predictions;
 *  2. for each fold, train on everything else (other folds + train.jsonl +
 *     weighted template lines) and score that fold's lines with the full
 *     classifier evidence (rules + model), giving out-of-fold evidence for
 *     every corpus line;
 *  3. calibrate on all out-of-fold corpus lines: for each setting of the veto
 *     (weak rule hits the model calls benign; adopted only for a clear gain),
 *     of `aloneThreshold` (the P(harmful) a model-only flag needs with no
 *     rule/lexicon evidence for its label), of `guardedThreshold` (the
 *     P(harmful) at which the model overrides a benign-context guard or a
 *     context cap) and of `supportedThreshold` (the P(harmful) it needs when weak
 *     rule evidence corroborates its label), the binary head's `harmThreshold`
 *     is the lowest at which the combined classifier's benign false-positive
 *     rate is at most TARGET_FP; the setting with the best recall wins;
 *  4. retrain on all data, prune small weights, quantise, write.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CHAT_LABELS } from '../../shared/taxonomy';
import { extractFeatures } from '../../server/safeguarding/chat/features';
import { prepare } from '../../server/safeguarding/chat/prepare';
import { loadModel, type ModelClass, type ModelFile } from '../../server/safeguarding/chat/logreg';
import { decide, gatherEvidence, ruleFeatures, type Evidence } from '../../server/safeguarding/chat/classify';
import { ThresholdsSchema, type Thresholds } from '../../server/safeguarding/chat/model';
import { generate, rng } from './generate';

const HERE = __dirname;
const EMPTY = loadModel({ kind: 'ngram-logreg-2head', classes: ['benign'], bias: [0], harmBias: 0, scale: 1, weights: {} });
const CLASSES: ModelClass[] = ['benign', ...CHAT_LABELS];
const K = CLASSES.length;
const W = K + 1; // softmax weights + harm weight per feature
const FOLDS = 5;
const SEED = 20240611;
// Out-of-fold benign false-positive rate the calibration allows on the corpus. The corpus's
// benign lines are mostly deliberate traps, so realistic mixed chat sees far fewer: on nine
// independently written held-out sets (test/fixtures/chat-eval-holdout4..12) this target gave
// 0.8-3.9% (3.5% gave 0.4-3.4% but left recall at 0.91-0.98); the bar is 5%.
const TARGET_FP = 0.05;
const SCALE = 100; // weights stored as round(w * SCALE)

export interface Config {
  epochs: number;
  lr: number;
  l2: number;
  genWeight: number;
  handWeight: number;
  minCount: number;
  prune: number; // drop features whose largest |weight| is below this
  maxFeatures: number;
  harmBenignBoost: number; // extra weight on benign lines in the harm head
}

export const DEFAULT_CONFIG: Config = {
  epochs: 8, lr: 0.2, l2: 1e-5, genWeight: 0.1, handWeight: 1, minCount: 1, prune: 0.05, maxFeatures: 70000, harmBenignBoost: 1,
};

const Line = z.object({ text: z.string().min(1), label: z.enum(['benign', ...CHAT_LABELS]) });

type Source = 'corpus' | 'hand' | 'gen';
interface Row { readonly text: string; readonly label: ModelClass; readonly y: number; readonly source: Source; readonly file: string; readonly feats: string[]; fold: number }
interface Example { readonly feats: Int32Array; readonly norm: number; readonly y: number; readonly w: number }

function readJsonl(file: string): Array<z.infer<typeof Line>> {
  return readFileSync(file, 'utf8').split('\n').flatMap((raw, i) => {
    if (!raw.trim()) return [];
    const parsed = Line.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
    return [parsed.data];
  });
}

/** Every corpus file, sorted so the fold assignment does not depend on directory order. */
function corpusFiles(): string[] {
  return readdirSync(join(HERE, 'corpus')).filter((f) => f.endsWith('.jsonl')).sort();
}

function loadRows(): Row[] {
  const rows: Row[] = [];
  const add = (text: string, label: ModelClass, source: Source, file: string): void => {
    rows.push({ text, label, y: CLASSES.indexOf(label), source, file, feats: extractFeatures(prepare(text).clean, ruleFeatures(gatherEvidence(text, EMPTY).rules)), fold: -1 });
  };
  for (const f of corpusFiles()) for (const l of readJsonl(join(HERE, 'corpus', f))) add(l.text, l.label, 'corpus', f);
  for (const l of readJsonl(join(HERE, 'train.jsonl'))) add(l.text, l.label, 'hand', 'train.jsonl');
  for (const g of generate()) add(g.text, g.label as ModelClass, 'gen', 'generate.ts');
  // Stratified folds of the corpus: shuffle each label's lines (seeded), deal them
  // round-robin. Lines whose prepared text repeats an earlier line (the corpus files
  // overlap on short common messages) join that line's fold, so no line is scored
  // out-of-fold by a model trained on its duplicate.
  const r = rng(SEED);
  const foldOf = new Map<string, number>();
  for (const c of CLASSES) {
    const idx = rows.map((row, i) => [row, i] as const).filter(([row]) => row.source === 'corpus' && row.label === c).map(([, i]) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    let k = 0;
    for (const rowIdx of idx) {
      const row = rows[rowIdx] as Row;
      const key = prepare(row.text).clean;
      const seen = key ? foldOf.get(key) : undefined;
      if (seen !== undefined) { row.fold = seen; continue; }
      row.fold = k++ % FOLDS;
      if (key) foldOf.set(key, row.fold);
    }
  }
  return rows;
}

function sampleWeight(r: Row, cfg: Config): number {
  return r.source === 'gen' ? cfg.genWeight : r.source === 'hand' ? cfg.handWeight : 1;
}

/** Sparse AdaGrad on both heads, class-balanced, lazy L2 on active features. */
function train(examples: readonly Example[], nFeat: number, cfg: Config, seed: number): { Wt: Float64Array; b: Float64Array } {
  const Wt = new Float64Array(nFeat * W), b = new Float64Array(W);
  const G = new Float64Array(nFeat * W).fill(1e-6), GB = new Float64Array(W).fill(1e-6);
  const mass = new Array<number>(K).fill(0);
  let total = 0;
  for (const e of examples) { mass[e.y] = (mass[e.y] ?? 0) + e.w; total += e.w; }
  const cw = mass.map((m) => (m ? Math.sqrt(total / (K * m)) : 0));
  const benignMass = mass[0] ?? 0;
  const hw = [cfg.harmBenignBoost * total / (2 * benignMass), total / (2 * (total - benignMass))]; // harm head: benign, harmful
  const order = examples.map((_, i) => i);
  const r = rng(seed);
  const z = new Float64Array(W), g = new Float64Array(W);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const idx of order) {
      const e = examples[idx] as Example;
      z.fill(0);
      for (const f of e.feats) { const o = f * W; for (let k = 0; k < W; k++) z[k] += Wt[o + k] as number; }
      let max = -Infinity;
      for (let k = 0; k < K; k++) { z[k] = (b[k] as number) + e.norm * (z[k] as number); max = Math.max(max, z[k] as number); }
      let sum = 0;
      for (let k = 0; k < K; k++) { z[k] = Math.exp((z[k] as number) - max); sum += z[k] as number; }
      const wy = e.w * (cw[e.y] ?? 1);
      for (let k = 0; k < K; k++) g[k] = wy * ((z[k] as number) / sum - (k === e.y ? 1 : 0));
      const harmful = e.y !== 0 ? 1 : 0;
      const ph = 1 / (1 + Math.exp(-((b[K] as number) + e.norm * (z[K] as number))));
      g[K] = e.w * (hw[harmful] as number) * (ph - harmful);
      for (let k = 0; k < W; k++) {
        const gb = g[k] as number;
        GB[k] += gb * gb;
        b[k] -= (cfg.lr * gb) / Math.sqrt(GB[k] as number);
      }
      for (const f of e.feats) {
        const o = f * W;
        for (let k = 0; k < W; k++) {
          const p = o + k;
          const gi = (g[k] as number) * e.norm + cfg.l2 * (Wt[p] as number);
          G[p] += gi * gi;
          Wt[p] -= (cfg.lr * gi) / Math.sqrt(G[p] as number);
        }
      }
    }
  }
  return { Wt, b };
}

function toModel(Wt: Float64Array, b: Float64Array, vocab: readonly string[], cfg: Config): ModelFile {
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const strength = vocab.map((_, i) => {
    let m = 0;
    for (let k = 0; k < W; k++) m = Math.max(m, Math.abs(Wt[i * W + k] as number));
    return [m, i] as const;
  }).filter(([m]) => m >= cfg.prune).sort((x, y) => y[0] - x[0] || x[1] - y[1]).slice(0, cfg.maxFeatures).map(([, i]) => i).sort((x, y) => x - y);
  const weights: Record<string, number[]> = {};
  for (const i of strength) weights[vocab[i] as string] = Array.from(Wt.subarray(i * W, (i + 1) * W), (w) => Math.round(w * SCALE));
  return { kind: 'ngram-logreg-2head', classes: CLASSES, bias: Array.from(b.subarray(0, K), round), harmBias: round(b[K] as number), scale: SCALE, weights };
}

function fit(rows: readonly Row[], cfg: Config, seed: number): ModelFile {
  const counts = new Map<string, number>();
  for (const r of rows) for (const f of r.feats) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = [...counts.entries()].filter(([, c]) => c >= cfg.minCount).map(([f]) => f).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const examples: Example[] = rows.filter((r) => sampleWeight(r, cfg) > 0).map((r) => ({
    y: r.y, w: sampleWeight(r, cfg), norm: r.feats.length ? 1 / Math.sqrt(r.feats.length) : 0,
    feats: Int32Array.from(r.feats.flatMap((f) => { const i = index.get(f); return i === undefined ? [] : [i]; })),
  }));
  const { Wt, b } = train(examples, vocab.length, cfg, seed);
  return toModel(Wt, b, vocab, cfg);
}

interface Scored { readonly row: Row; readonly ev: Evidence }

function scoreFold(rows: readonly Row[], fold: number, cfg: Config): Scored[] {
  const model = loadModel(fit(rows.filter((r) => r.fold !== fold), cfg, 1 + fold));
  return rows.filter((r) => r.fold === fold).map((row) => ({ row, ev: gatherEvidence(row.text, model) }));
}

export interface Metrics {
  n: number; flaggedRecall: number; benignFp: number; labelAccuracy: number; perLabel: Record<string, number>;
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

function metrics(scored: readonly Scored[], th: Thresholds): Metrics {
  let harmful = 0, flagged = 0, correct = 0, benign = 0, fp = 0;
  const per: Record<string, [number, number]> = {};
  for (const { row, ev } of scored) {
    const v = decide(ev, th);
    const b = (per[row.label] ??= [0, 0]);
    b[0]++;
    if (row.label === 'benign') { benign++; if (v.flagged) fp++; else b[1]++; } else {
      harmful++;
      if (v.flagged) { flagged++; b[1]++; if (v.label === row.label) correct++; }
    }
  }
  return {
    n: scored.length, flaggedRecall: r4(flagged / Math.max(1, harmful)), benignFp: r4(fp / Math.max(1, benign)),
    labelAccuracy: r4(correct / Math.max(1, flagged)), perLabel: Object.fromEntries(Object.entries(per).map(([l, [n, h]]) => [l, r4(h / n)])),
  };
}

function withModelParams(th: Thresholds, params: Partial<Thresholds['model']>): Thresholds {
  return { ...th, model: { ...th.model, ...params } };
}
function withModel(base: Thresholds, harmThreshold: number, veto: { maxRuleScore: number; maxHarm: number }): Thresholds {
  return withModelParams(base, { harmThreshold, veto });
}

/**
 * Lowest harm threshold (on a 0.005 grid from 0.3 to 0.995) at which the benign FP
 * rate is at most target. Raising the threshold only removes model flags, so the
 * FP rate falls monotonically along the grid: binary search over benign lines only.
 */
function calibrateHarm(scored: readonly Scored[], base: Thresholds, veto: { maxRuleScore: number; maxHarm: number }, target: number): number {
  const benign = scored.filter((s) => s.row.label === 'benign');
  const at = (i: number): number => Math.round((0.3 + 0.005 * i) * 1000) / 1000;
  const ok = (i: number): boolean => metrics(benign, withModel(base, at(i), veto)).benignFp <= target;
  let lo = 0, hi = 139; // at(139) = 0.995, the fallback
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) hi = mid; else lo = mid + 1;
  }
  return at(lo);
}

function baseThresholds(): Thresholds {
  const raw = JSON.parse(readFileSync(join(HERE, 'thresholds.json'), 'utf8')) as { flag: Thresholds['flag'] };
  return ThresholdsSchema.parse({ flag: raw.flag, model: { harmThreshold: 0.5, aloneThreshold: 0, supportedThreshold: 1.01, guardedThreshold: 1.01, veto: { maxRuleScore: 0, maxHarm: 0 }, weight: 0.6 } });
}

const NO_VETO = { maxRuleScore: 0, maxHarm: 0 };
const ALONE_GRID = [0, 0.9, 0.95];
// Benign-context guards ("story", "war", "game"...) are broad word lists: a very
// confident model may still raise a guarded label. 1.01 keeps the guard absolute.
const GUARDED_GRID = [1.01, 0.97, 0.93, 0.9, 0.85];
// With weak rule corroboration for its label the model may need less (1.01: no less than harmThreshold).
const SUPPORTED_GRID = [1.01, 0.7, 0.6];
// A veto drops rule evidence: adopted only for a clear out-of-fold gain.
const VETO_MARGIN = 0.02;
// Mild vetoes only: stronger ones dropped true rule positives a school must never miss
// ("the urge to cut is so bad today", "you're dead after school") for a corpus-only recall gain.
const VETO_GRID = [0.75, 0.85].flatMap((r) => [0.1, 0.2, 0.35].map((h) => ({ maxRuleScore: r, maxHarm: h })));

function select(rows: Row[]): void {
  const base = baseThresholds();
  const grid: Array<Partial<Config>> = JSON.parse(process.env.GRID ?? '[{}]') as Array<Partial<Config>>;
  for (const g of grid) {
    const cfg = { ...DEFAULT_CONFIG, ...g };
    const t0 = Date.now();
    const folds = process.env.ALLFOLDS ? [0, 1, 2, 3, 4] : [0];
    const scored = folds.flatMap((f) => scoreFold(rows, f, cfg));
    if (process.env.VETO) for (const v of VETO_GRID) {
      const tv = calibrateHarm(scored, base, v, TARGET_FP);
      const mm = metrics(scored, withModel(base, tv, v)); console.error('veto', JSON.stringify(v), tv, mm.flaggedRecall, mm.benignFp, mm.labelAccuracy);
    }
    const t = calibrateHarm(scored, base, NO_VETO, TARGET_FP);
    const m = metrics(scored, withModel(base, t, NO_VETO));
    const modelOnly = metrics(scored, { ...withModel(base, t, NO_VETO), flag: Object.fromEntries(CHAT_LABELS.map((l) => [l, 9])) as Thresholds['flag'] });
    const hb = scored.filter((s) => s.row.label === 'benign').map((s) => s.ev.harm).sort((a, b) => b - a);
    const hh = scored.filter((s) => s.row.label !== 'benign').map((s) => s.ev.harm);
    const at = (fp: number): number => { const thr = hb[Math.floor(fp * hb.length)] ?? 1; return r4(hh.filter((h) => h > thr).length / hh.length); };
    const lab = scored.filter((s) => s.row.label !== 'benign');
    const labAcc = r4(lab.filter((s) => s.ev.modelLabel === s.row.label).length / lab.length);
    console.log(JSON.stringify({ cfg: g, feat: process.env.FEAT_TAG, ms: Date.now() - t0, harmThreshold: t, combined: m, modelAloneAtT: { recall: modelOnly.flaggedRecall, fp: modelOnly.benignFp }, modelRecallAtFp: { '1%': at(0.01), '3%': at(0.03), '5%': at(0.05), '10%': at(0.1) }, modelLabelAcc: labAcc }));
  }
}

function main(): void {
  const t0 = Date.now();
  const rows = loadRows();
  if (process.argv.includes('--select')) { select(rows); return; }
  const cfg = DEFAULT_CONFIG;
  const base = baseThresholds();
  const oof: Scored[][] = [];
  for (let fold = 0; fold < FOLDS; fold++) oof.push(scoreFold(rows, fold, cfg));
  const all = oof.flat();

  // Veto (weak rule evidence dropped when the model finds the message benign),
  // aloneThreshold (the P(harmful) a model-only flag needs when the rules saw
  // nothing for its label) and harm threshold, chosen together on the
  // out-of-fold corpus lines: for each setting, the harm threshold that keeps
  // benign FP at TARGET_FP; then the setting with the best recall. A veto drops
  // rule evidence, so it must beat the best setting without one by VETO_MARGIN.
  // (A strict aloneThreshold is no safer: the calibration then lowers the harm
  // threshold for supported flags, which costs more precision on unseen sets.)
  const settings = [NO_VETO, ...VETO_GRID].flatMap((veto) => ALONE_GRID.flatMap((alone) => GUARDED_GRID.flatMap((guarded) => SUPPORTED_GRID.map((supported) => {
    const b2 = withModelParams(base, { aloneThreshold: alone, guardedThreshold: guarded, supportedThreshold: supported });
    const th = withModel(b2, calibrateHarm(all, b2, veto, TARGET_FP), veto);
    return { th, veto, rec: metrics(all, th).flaggedRecall };
  }))));
  const bestOf = (xs: typeof settings) => xs.reduce((a, b) => (b.rec > a.rec ? b : a));
  const plain = bestOf(settings.filter((x) => x.veto === NO_VETO));
  const vetoed = bestOf(settings.filter((x) => x.veto !== NO_VETO));
  const { th, veto } = vetoed.rec > plain.rec + VETO_MARGIN ? vetoed : plain;
  const harmThreshold = th.model.harmThreshold;
  writeFileSync(join(HERE, 'thresholds.json'), JSON.stringify(th, null, 2) + '\n');

  const model = fit(rows, cfg, 99);
  writeFileSync(join(HERE, 'model.json'), JSON.stringify(model) + '\n');
  const size = JSON.stringify(model).length;
  console.log(JSON.stringify({
    examples: rows.length, corpus: rows.filter((r) => r.source === 'corpus').length, features: Object.keys(model.weights).length, bytes: size,
    harmThreshold, veto,
    validationSplit: metrics(oof[0] as Scored[], th),
    outOfFoldCorpus: metrics(all, th),
    outOfFoldByFile: Object.fromEntries(corpusFiles().map((f) => {
      const m = metrics(all.filter((x) => x.row.file === f), th);
      return [f, { n: m.n, flaggedRecall: m.flaggedRecall, benignFp: m.benignFp }];
    })),
    rulesOnlyOutOfFold: metrics(all, withModel(base, 2, NO_VETO)),
    seconds: (Date.now() - t0) / 1000,
  }, null, 1));
}

if (require.main === module) main();
export { loadRows, fit, scoreFold, metrics };
