/**
 * The real-time chat classifier: runs before each chat message is delivered.
 * Pipeline: prepare (normalise + neutralise idioms) → PII on the plain view →
 * lexical rules, the broad weighted lexicon with context (lexicon.ts) and the
 * obscenity lexicon on the clean view → per-label max score → context caps;
 * the learned model (model.ts) on the clean view → P(harmful) and a label;
 * then `decide` combines them (rules OR model, with a model veto on weak rule
 * evidence) against the calibrated thresholds.
 * Deterministic, synchronous and free of I/O after module load.
 */
import { CHAT_LABELS, type ChatLabel } from '../../../shared/taxonomy';
import { lexiconHits } from './profanity';
import { committedModel, committedThresholds, modelPredict, type Thresholds } from './model';
import type { LoadedModel } from './logreg';
import { detectPii } from './pii';
import { prepare } from './prepare';
import { applyRules } from './rules';
import { benignContextLabels, lexiconConfidence, lexiconScores } from './lexicon';
import { contextCaps, type Cap } from './context';

export interface LabelScore {
  readonly label: ChatLabel;
  readonly score: number;
  readonly reason: string;
}

export interface ChatVerdict {
  readonly flagged: boolean;
  /** The label acted on: highest score, ties broken by LABEL_PRECEDENCE. */
  readonly label: ChatLabel | null;
  /** Labels at or above their flag threshold, best first. */
  readonly labels: LabelScore[];
  readonly normalised: string;
}

/**
 * Tie-break order: risk to the child first (self-harm, sexual, grooming),
 * then risk to others, then conduct. Consistent with DEFAULT_CHAT_ACTIONS severities.
 */
export const LABEL_PRECEDENCE: readonly ChatLabel[] = [
  'self_harm', 'sexual', 'grooming', 'extremism', 'violence', 'hate', 'bullying', 'pii', 'profanity',
];

// Anatomy words (biology vocabulary) count as sexual only when aimed at a person.
const ANATOMY_AT_PERSON =
  /\b(?:your|ur|my|his|her) (?:big |small |tiny |little |huge |hairy |massive )?(?:penis|vagina|dick|cock|boobs|boobies|tits|titties|pussy|willy|nipples|semen|cum|private parts|privates)\b/;

/** Score contributed by the obscenity lexicon, mapped onto our labels. */
function obscenityScores(clean: string): LabelScore[] {
  const out: LabelScore[] = [];
  for (const h of lexiconHits(clean)) {
    switch (h.group) {
      case 'profanity':
        out.push({ label: 'profanity', score: 0.7, reason: `swearing (${h.word})` });
        break;
      case 'slur':
        // "dyke" is also a flood defence in geography; the person-directed rule covers the slur.
        out.push({ label: 'hate', score: h.word === 'dyke' ? 0.3 : h.word === 'negro' || h.word === 'fag' ? 0.6 : 0.9, reason: `slur (${h.word})` });
        break;
      case 'sexual_strong':
        out.push({ label: 'sexual', score: 0.85, reason: `explicit sexual term (${h.word})` });
        break;
      case 'sexual_anatomy':
        if (h.word === 'rape') out.push({ label: 'sexual', score: 0.6, reason: 'reference to rape' });
        else if (ANATOMY_AT_PERSON.test(clean)) out.push({ label: 'sexual', score: 0.8, reason: `sexual reference to a person (${h.word})` });
        break;
    }
  }
  return out;
}

/**
 * Off-platform invitations vs PII, made consistent: when a concrete identifier
 * is shared ("add me on snap: jake_22") the message is `pii` first; an
 * invitation without an identifier ("add me on snap") is `grooming`. Secrecy,
 * meeting or gift cues keep grooming on top because their rules score higher.
 */
const CONTACT_REASONS = new Set(['moving contact off-platform', 'asking for contact details']);
const CONTACT_CAP = 0.8;

function demoteContactInvites(candidates: readonly LabelScore[]): LabelScore[] {
  if (!candidates.some((c) => c.label === 'pii')) return [...candidates];
  return candidates.map((c) =>
    c.label === 'grooming' && CONTACT_REASONS.has(c.reason.replace(' (concept)', '')) ? { ...c, score: Math.min(c.score, CONTACT_CAP) } : c,
  );
}

function rank(a: LabelScore, b: LabelScore): number {
  return b.score - a.score || LABEL_PRECEDENCE.indexOf(a.label) - LABEL_PRECEDENCE.indexOf(b.label);
}

/** Broad weighted lexicon with context (lexicon.ts), on the classifier's score scale. */
function lexiconScores2(clean: string): LabelScore[] {
  return lexiconScores(clean).map((h) => ({ label: h.label, score: lexiconConfidence(h.raw), reason: h.reason }));
}

/** Rule/lexicon score for the model's label that counts as support for it. */
const MODEL_SUPPORT = 0.15;
/** Rule/lexicon score for the model's label that counts as corroboration (`supportedThreshold` applies). */
const MODEL_CORROBORATION = 0.3;

/** Everything the decision needs about one message, computed once. */
export interface Evidence {
  /** Best rule/lexicon/PII/obscenity evidence per label, after context caps. */
  readonly rules: ReadonlyMap<ChatLabel, LabelScore>;
  /** Caps that apply to the message (also applied to the model's label). */
  readonly caps: readonly Cap[];
  /** Model: P(harmful) from the binary head. */
  readonly harm: number;
  /** Model: most probable harmful label from the per-label head, with its probability. */
  readonly modelLabel: ChatLabel;
  readonly modelLabelP: number;
  /** Labels whose broad benign-context guard matches (lexicon.ts): the model raises them alone only above `guardedThreshold`. */
  readonly guarded: ReadonlySet<ChatLabel>;
  /** Labels a narrow exemption covers (praise, care of the body): the model never raises them alone. */
  readonly exempt: ReadonlySet<ChatLabel>;
  readonly normalised: string;
}

function capFor(caps: readonly Cap[], label: ChatLabel): Cap | undefined {
  let out: Cap | undefined;
  for (const c of caps) if (c.labels.includes(label) && (!out || c.max < out.max)) out = c;
  return out;
}

/** The rules' evidence as model features: best score per label, bucketed. */
export function ruleFeatures(best: ReadonlyMap<ChatLabel, LabelScore>): string[] {
  const out: string[] = [];
  for (const [l, s] of best) if (s.score >= 0.3) out.push(`@rule:${l}:${s.score >= 0.85 ? 'hi' : s.score >= 0.65 ? 'mid' : 'lo'}`);
  return out;
}

/**
 * Praise addressed to the reader ("youre a lifesaver", "ur an absolute legend"):
 * the model, trained on many "honestly ur a ..." insults, can score these as
 * bullying on wording alone. Like lexicon.ts benignContextLabels, this only keeps
 * the model from raising bullying on its own when no rule or lexicon evidence
 * for bullying was found; it never lowers a rule's score.
 */
const PRAISE =
  /^(?:(?:honestly|literally|omg|aw+|thanks|thank you|ty|cheers|seriously|fr|tbh|mate|bro|babe|hun|girl)\s+)*(?:you are|youre|ur|u r|u are|your) (?:such |a |an |literally |honestly |actually |the |absolute |total |real |true |proper |an absolute |a total |a real |a proper )*(?:lifesaver|life saver|legend|star|superstar|genius|hero|angel|gem|diamond|saint|sweetheart|treasure|icon|champ|champion|goat|best)(?:\s+(?:thanks|thank you|ty|cheers|fr|tbh|honestly|mate|bro|babe|hun|lol|haha|x+|xo+|for (?:real|this|that|helping|the help|sorting \w+)))*$/;

/**
 * Everyday care of the body (lip balm, plasters, suncream, vitamins, puberty lessons...): the model reads body words as
 * sexual; without a sexual rule hit it may not raise it on its own.
 */
const BODY_CARE = /\b(?:vitamins?|nutrients?|protein|hydrated|hydration|immune system|digestion|digestive|calories|healthy|metabolism|puberty|growth spurt|lip ?balm|chapstick|lip ?gloss|lipstick|moisturi[sz]er|hand cream|sun ?cream|sunscreen|plasters?|vaseline|deodorant|plaster cast|inhaler)\b/;

/** Labels the model may never raise on its own here (see PRAISE and BODY_CARE). */
function exemptLabels(clean: string, best: ReadonlyMap<ChatLabel, LabelScore>): Set<ChatLabel> {
  const out = new Set<ChatLabel>();
  if (PRAISE.test(clean) && !best.has('bullying')) out.add('bullying');
  // Weak lexicon evidence ("lips") does not lift the exemption; a real sexual rule hit does.
  if (BODY_CARE.test(clean) && (best.get('sexual')?.score ?? 0) < 0.65) out.add('sexual');
  return out;
}

/** Run every detector on one message (the model given, or the committed one). */
export function gatherEvidence(text: string, model: LoadedModel = committedModel()): Evidence {
  const p = prepare(text);
  const candidates: LabelScore[] = [
    ...detectPii(p.plain).map((f) => ({ label: 'pii' as const, score: f.score, reason: f.reason })),
    ...applyRules(p.clean, p.plain),
    ...obscenityScores(p.clean),
    ...lexiconScores2(p.clean),
  ];
  // Keep the best evidence per label.
  const best = new Map<ChatLabel, LabelScore>();
  for (const c of demoteContactInvites(candidates)) {
    const prev = best.get(c.label);
    if (!prev || c.score > prev.score) best.set(c.label, c);
  }
  // Context caps (context.ts): reported speech in a lesson, sibling hyperbole...
  const caps = contextCaps(p.clean);
  for (const [l, s] of best) {
    const cap = capFor(caps, l);
    if (cap && s.score > cap.max) best.set(l, { ...s, score: cap.max, reason: `${s.reason}; capped: ${cap.reason}` });
  }
  const m = modelPredict(p.clean, model, ruleFeatures(best));
  return { rules: best, caps, harm: m.harm, modelLabel: m.label, modelLabelP: m.labelP, guarded: benignContextLabels(p.clean), exempt: exemptLabels(p.clean, best), normalised: p.clean };
}

/**
 * The decision, from the evidence and the thresholds (models/chat/thresholds.json):
 *  - the rules flag a label when its best score reaches the label's flag line;
 *  - the model flags when P(harmful) reaches `harmThreshold` (calibrated on
 *    held-out corpus lines) and the rules or lexicon saw some evidence for
 *    its per-label head's label (`supportedThreshold` when that evidence is
 *    at least MODEL_CORROBORATION), or reaches `aloneThreshold` without any,
 *    unless a context cap (a lesson, a sibling, a job) covers that label or a
 *    lexicon benign-context guard (a game, sport, art, an accident) matches it,
 *    and P(harmful) is below `guardedThreshold` (those guards are broad word
 *    lists: "war", "story" and "game" also appear in real threats); a narrow
 *    exemption (praise, care of the body) blocks it outright;
 *  - the model vetoes weak rule evidence: when every rule hit is below
 *    `veto.maxRuleScore` and P(harmful) is below `veto.maxHarm`, the
 *    message passes (keyword hits in plainly ordinary talk);
 *  - the label is the rules' top label when they flag, else the model's.
 */
export function decide(ev: Evidence, th: Thresholds = committedThresholds()): ChatVerdict {
  const m = th.model;
  let labels = CHAT_LABELS.flatMap((l) => {
    const s = ev.rules.get(l);
    return s && s.score >= (th.flag[l] ?? 0.5) ? [{ ...s, score: Math.round(s.score * 1000) / 1000 }] : [];
  }).sort(rank);
  const top = labels[0];
  // PII and swearing are the rules' own (regexes, obscenity): never vetoed.
  if (top && top.label !== 'pii' && top.label !== 'profanity' && top.score < m.veto.maxRuleScore && ev.harm < m.veto.maxHarm) labels = [];
  const support = ev.rules.get(ev.modelLabel)?.score ?? 0;
  const need = support >= MODEL_CORROBORATION ? Math.min(m.harmThreshold, m.supportedThreshold)
    : support >= MODEL_SUPPORT ? m.harmThreshold : Math.max(m.harmThreshold, m.aloneThreshold);
  if (ev.harm >= need && !labels.some((l) => l.label === ev.modelLabel)) {
    const cap = capFor(ev.caps, ev.modelLabel);
    const score = Math.round((m.weight + (1 - m.weight) * ev.harm) * 1000) / 1000;
    const reason = `model p(harm)=${ev.harm.toFixed(2)}, p(${ev.modelLabel})=${ev.modelLabelP.toFixed(2)}`;
    // Appended after the rules' labels: when rules flag, their label is acted on.
    const covered = (cap && !cap.modelMayFlag && cap.max < (th.flag[ev.modelLabel] ?? 0.5)) || ev.guarded.has(ev.modelLabel);
    if (!ev.exempt.has(ev.modelLabel) && (!covered || ev.harm >= m.guardedThreshold)) labels = [...labels, { label: ev.modelLabel, score, reason }];
  }
  const first = labels[0];
  return { flagged: first !== undefined, label: first ? first.label : null, labels, normalised: ev.normalised };
}

/** Classify one chat message. */
export function classifyChatMessage(text: string): ChatVerdict {
  return decide(gatherEvidence(text));
}
