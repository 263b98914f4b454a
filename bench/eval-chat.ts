/**
 * Chat classifier evaluation (DESIGN.md section 6 contract):
 *
 *   npm run eval:chat -- FILE.jsonl [--errors]
 *
 * FILE lines: {"text": "...", "label": "<chat label or benign>"}. Invalid lines
 * are reported on stderr with their line number and skipped. The last stdout
 * line is one JSON object:
 *   {"n","perLabel":{"<label>":{"n","recall"}},"flaggedRecall","benignFalsePositiveRate",
 *    "labelAccuracy","latencyUs":{"p50","p99"}}
 * perLabel recall: for a harmful label, the fraction of its messages flagged
 * (any label); for "benign", the fraction NOT flagged (1 - false positive rate).
 * latencyUs: per-message latency (process.hrtime.bigint around one classify call,
 * after warm-up; the median of 5 timed rounds per message), then p50/p99 over messages.
 * `--errors` also prints misses and false positives to stderr.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CHAT_LABELS } from '../shared/taxonomy';
import { classifyChatMessage, type ChatVerdict } from '../server/safeguarding/chat';

const GOLD_LABELS = ['benign', ...CHAT_LABELS] as const;
const LineSchema = z.object({ text: z.string(), label: z.enum(GOLD_LABELS) });
type Line = z.infer<typeof LineSchema>;

const WARMUP_ROUNDS = 3;
const TIMED_ROUNDS = 5;

function readLines(file: string): Line[] {
  const out: Line[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        console.error(`${file}:${i + 1}: invalid JSON`);
        return;
      }
      const parsed = LineSchema.safeParse(json);
      if (parsed.success) out.push(parsed.data);
      else console.error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`);
    });
  return out;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, idx)] ?? 0;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

export interface EvalResult {
  n: number;
  perLabel: Record<string, { n: number; recall: number }>;
  flaggedRecall: number;
  benignFalsePositiveRate: number;
  labelAccuracy: number;
  latencyUs: { p50: number; p99: number };
}

/** Evaluate the classifier on parsed lines; `onError` sees misses and false positives. */
export function evaluate(lines: readonly Line[], onError?: (line: Line, v: ChatVerdict) => void): EvalResult {
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const l of lines) classifyChatMessage(l.text);

  // Each message is timed in several rounds and its median kept, so a scheduler
  // pause on a busy machine is not mistaken for classifier cost.
  const rounds: number[][] = lines.map(() => []);
  const verdicts: ChatVerdict[] = [];
  for (let r = 0; r < TIMED_ROUNDS; r++) {
    lines.forEach((l, i) => {
      const t0 = process.hrtime.bigint();
      const v = classifyChatMessage(l.text);
      rounds[i]?.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (r === 0) verdicts[i] = v;
    });
  }
  const latencies = rounds.map((xs) => percentile([...xs].sort((a, b) => a - b), 0.5)).sort((a, b) => a - b);

  const perLabel: Record<string, { n: number; hit: number }> = {};
  let harmful = 0, harmfulFlagged = 0, correctTop = 0, benign = 0, benignFlagged = 0;
  lines.forEach((l, i) => {
    const v = verdicts[i] as ChatVerdict;
    const bucket = (perLabel[l.label] ??= { n: 0, hit: 0 });
    bucket.n++;
    if (l.label === 'benign') {
      benign++;
      if (v.flagged) { benignFlagged++; onError?.(l, v); } else bucket.hit++;
    } else {
      harmful++;
      if (v.flagged) {
        harmfulFlagged++;
        bucket.hit++;
        if (v.label === l.label) correctTop++;
        else onError?.(l, v);
      } else onError?.(l, v);
    }
  });

  return {
    n: lines.length,
    perLabel: Object.fromEntries(
      GOLD_LABELS.filter((g) => perLabel[g]).map((g) => {
        const b = perLabel[g] as { n: number; hit: number };
        return [g, { n: b.n, recall: round(b.hit / b.n) }];
      }),
    ),
    flaggedRecall: round(harmful ? harmfulFlagged / harmful : 1),
    benignFalsePositiveRate: round(benign ? benignFlagged / benign : 0),
    labelAccuracy: round(harmfulFlagged ? correctTop / harmfulFlagged : 1),
    latencyUs: { p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)) },
  };
}

function main(argv: readonly string[]): void {
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: npm run eval:chat -- FILE.jsonl [--errors]');
    process.exit(2);
  }
  const showErrors = argv.includes('--errors');
  const lines = readLines(file);
  const result = evaluate(lines, showErrors ? (l, v) => {
    const kind = l.label === 'benign' ? 'FP  ' : v.flagged ? 'LBL ' : 'MISS';
    console.error(`${kind} gold=${l.label} got=${v.label ?? '-'} ${JSON.stringify(l.text)} [${v.labels.map((x) => `${x.label}:${x.score}:${x.reason}`).join(', ')}] norm=${JSON.stringify(v.normalised)}`);
  } : undefined);
  console.log(JSON.stringify(result));
}

if (require.main === module) main(process.argv.slice(2));
