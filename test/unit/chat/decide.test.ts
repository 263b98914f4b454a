/**
 * How `decide` combines rule evidence and the model (classify.ts): the model's
 * label is blocked by a benign-context guard or a context cap unless P(harmful)
 * reaches `guardedThreshold`, and needs `harmThreshold` in any case.
 */
import { decide, type Evidence, type LabelScore } from '../../../server/safeguarding/chat/classify';
import type { Thresholds } from '../../../server/safeguarding/chat/model';
import type { ChatLabel } from '../../../shared/taxonomy';

const FLAG = { sexual: 0.65, grooming: 0.65, self_harm: 0.65, violence: 0.65, extremism: 0.65, hate: 0.65, bullying: 0.65, pii: 0.5, profanity: 0.5 };
const thresholds = (guardedThreshold: number, supportedThreshold = 1.01): Thresholds => ({
  flag: FLAG,
  model: { harmThreshold: 0.8, aloneThreshold: 0, supportedThreshold, guardedThreshold, veto: { maxRuleScore: 0, maxHarm: 0 }, weight: 0.6 },
});

function evidence(harm: number, opts: { guarded?: ChatLabel[]; capped?: ChatLabel[]; exempt?: ChatLabel[]; ruleScore?: number } = {}): Evidence {
  const rules = new Map<ChatLabel, LabelScore>();
  if (opts.ruleScore !== undefined) rules.set('extremism', { label: 'extremism', score: opts.ruleScore, reason: 'weak lexicon hit' });
  return {
    rules,
    caps: opts.capped ? [{ labels: opts.capped, max: 0.55, reason: 'reported or taught' }] : [],
    harm,
    modelLabel: 'extremism',
    modelLabelP: 0.9,
    guarded: new Set(opts.guarded ?? []),
    exempt: new Set(opts.exempt ?? []),
    normalised: 'the west is at war with us',
  };
}

describe('decide: the model against benign-context guards and caps', () => {
  it('flags on the model alone above harmThreshold when nothing guards the label', () => {
    expect(decide(evidence(0.85), thresholds(1.01)).label).toBe('extremism');
    expect(decide(evidence(0.75), thresholds(1.01)).flagged).toBe(false);
  });

  it('a guard blocks the model entirely when guardedThreshold is above 1', () => {
    expect(decide(evidence(0.99, { guarded: ['extremism'] }), thresholds(1.01)).flagged).toBe(false);
    expect(decide(evidence(0.99, { capped: ['extremism'] }), thresholds(1.01)).flagged).toBe(false);
  });

  it('a confident model overrides a guard or cap at guardedThreshold, not below', () => {
    expect(decide(evidence(0.95, { guarded: ['extremism'] }), thresholds(0.9)).label).toBe('extremism');
    expect(decide(evidence(0.95, { capped: ['extremism'] }), thresholds(0.9)).label).toBe('extremism');
    expect(decide(evidence(0.85, { guarded: ['extremism'] }), thresholds(0.9)).flagged).toBe(false);
  });

  it('a narrow exemption (praise, care of the body) blocks the model however confident', () => {
    expect(decide(evidence(0.99, { exempt: ['extremism'] }), thresholds(0.9)).flagged).toBe(false);
  });

  it('a guard on another label does not block the model label', () => {
    expect(decide(evidence(0.85, { guarded: ['violence'] }), thresholds(1.01)).label).toBe('extremism');
  });

  it('weak rule corroboration for the model label lowers the bar to supportedThreshold', () => {
    expect(decide(evidence(0.72, { ruleScore: 0.4 }), thresholds(1.01, 0.7)).label).toBe('extremism');
    expect(decide(evidence(0.72, { ruleScore: 0.2 }), thresholds(1.01, 0.7)).flagged).toBe(false);
    expect(decide(evidence(0.72, { ruleScore: 0.4 }), thresholds(1.01)).flagged).toBe(false);
    expect(decide(evidence(0.65, { ruleScore: 0.4 }), thresholds(1.01, 0.7)).flagged).toBe(false);
  });
});
