import type { EvalResult } from '../../../bench/eval-chat';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { classifyChatMessage } from '../../../server/safeguarding/chat';

const ROOT = join(__dirname, '..', '..', '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

describe('speed', () => {
  it('classifies a typical message well under 1 ms', () => {
    const msgs = ['hey did u finish the homework', 'send me ur snap', "i'll stab you", 'the answer is 455', 'k i l l y o u r s e l f'];
    for (let i = 0; i < 200; i++) for (const m of msgs) classifyChatMessage(m);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      for (const m of msgs) {
        const t0 = process.hrtime.bigint();
        classifyChatMessage(m);
        times.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
    }
    expect(median(times)).toBeLessThan(1000);
  });

  it('does not blow up on 2000-character messages', () => {
    const inputs = [
      'the quick brown fox jumps over the lazy dog '.repeat(50).slice(0, 2000),
      'a'.repeat(2000),
      '1 '.repeat(1000),
      'a.b.'.repeat(500),
      '@'.repeat(2000),
      'you are so '.repeat(200).slice(0, 2000),
      'my snap is '.repeat(200).slice(0, 2000),
    ];
    for (const s of inputs) classifyChatMessage(s);
    for (const s of inputs) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        classifyChatMessage(s);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      expect(median(times)).toBeLessThan(20);
    }
  });
});

/** The command's own output contract (it runs as a separate process, as other tools call it). */
type EvalOutput = EvalResult;

function runEval(fixture: string): EvalOutput {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/eval-chat.ts', fixture], { cwd: ROOT, encoding: 'utf8' });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as EvalOutput;
}

describe('eval contract on the fixture', () => {
  const result = runEval('test/fixtures/chat-eval.jsonl');

  it('has the contract shape', () => {
    expect(Object.keys(result).sort()).toEqual(
      ['benignFalsePositiveRate', 'flaggedRecall', 'labelAccuracy', 'latencyUs', 'n', 'perLabel'].sort(),
    );
    expect(result.n).toBeGreaterThanOrEqual(450);
    expect(result.perLabel.benign?.n).toBeGreaterThanOrEqual(180);
    for (const l of ['sexual', 'grooming', 'self_harm', 'violence', 'extremism', 'hate', 'bullying', 'pii', 'profanity']) {
      expect(result.perLabel[l]?.n).toBeGreaterThanOrEqual(30);
    }
  });

  it('meets the bars', () => {
    expect(result.flaggedRecall).toBeGreaterThanOrEqual(0.95);
    expect(result.benignFalsePositiveRate).toBeLessThanOrEqual(0.05);
    expect(result.latencyUs.p99).toBeLessThanOrEqual(1000);
  });
});
