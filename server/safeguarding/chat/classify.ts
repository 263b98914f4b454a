/**
 * The real-time chat classifier: runs before each chat message is delivered.
 * Pipeline: prepare (normalise + neutralise idioms) → PII on the plain view →
 * lexical rules, the broad weighted lexicon with context (lexicon.ts), the
 * obscenity lexicon and the learned model on the clean view →
 * per-label max score → thresholds → top label.
 * Deterministic, synchronous and free of I/O after module load.
 */
import { CHAT_LABELS, type ChatLabel } from '../../../shared/taxonomy';
import { lexiconHits } from './profanity';
import { modelHits, THRESHOLDS } from './model';
import { detectPii } from './pii';
import { prepare } from './prepare';
import { applyRules } from './rules';
import { lexiconConfidence, lexiconScores } from './lexicon';
import { contextCaps } from './context';

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

const MODEL_ALONE = 0.97;
const MODEL_SUPPORT = 0.3;

/** Classify one chat message. */
export function classifyChatMessage(text: string): ChatVerdict {
  const p = prepare(text);
  const candidates: LabelScore[] = [
    ...detectPii(p.plain).map((f) => ({ label: 'pii' as const, score: f.score, reason: f.reason })),
    ...applyRules(p.clean, p.plain),
    ...obscenityScores(p.clean),
    ...lexiconScores2(p.clean),
  ];
  // The learned model was trained on partly template-generated data, so it
  // overfits to wording: it counts on its own only when very confident, and
  // otherwise needs some evidence for the same label from the lexicon or rules.
  for (const h of modelHits(p.clean)) {
    const support = candidates.some((c) => c.label === h.label && c.score >= MODEL_SUPPORT);
    if (h.probability >= MODEL_ALONE || support) candidates.push({ label: h.label, score: h.score, reason: `model p=${h.probability.toFixed(2)}` });
  }

  // Keep the best evidence per label.
  const best = new Map<ChatLabel, LabelScore>();
  for (const c of demoteContactInvites(candidates)) {
    const prev = best.get(c.label);
    if (!prev || c.score > prev.score) best.set(c.label, c);
  }
  // Context caps (context.ts): reported speech in a lesson, sibling hyperbole...
  for (const cap of contextCaps(p.clean)) {
    for (const l of cap.labels) {
      const s = best.get(l);
      if (s && s.score > cap.max) best.set(l, { ...s, score: cap.max, reason: `${s.reason}; capped: ${cap.reason}` });
    }
  }
  const labels = CHAT_LABELS.flatMap((l) => {
    const s = best.get(l);
    return s && s.score >= (THRESHOLDS.flag[l] ?? 0.5) ? [{ ...s, score: Math.round(s.score * 1000) / 1000 }] : [];
  }).sort(rank);

  const top = labels[0];
  return { flagged: top !== undefined, label: top ? top.label : null, labels, normalised: p.clean };
}
