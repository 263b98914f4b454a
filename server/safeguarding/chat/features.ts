/**
 * Feature extraction shared by the model's training script and inference, so
 * both see exactly the same features, computed on the prepared text
 * (normalised, idioms neutralised):
 *  - word unigrams and bigrams (long digit runs reduced to their length, so
 *    "41239876" and "07700900123" share a shape, while "88" and "1488" stay);
 *  - character 3- to 5-grams of the message head (200 characters) with boundary spaces, so
 *    misspellings, masked letters ("s nagogue") and unseen inflections
 *    ("shankd", "suicidle") share features with the words they resemble, and
 *    short cross-word fragments ("e in my b") carry some word order.
 *  - each word's meaning clusters ("@w1:12", "@w2:3071", wordClusters.ts), so
 *    a word never seen in training shares weights with similar words;
 *  - the lexicon's word classes present ("@violence:weapon", "@ctx:second",
 *    lexicon.ts), so a weapon or slur never seen in a training line counts;
 *  - `extra`: the rules' evidence, bucketed ("@rule:hate:hi", classify.ts),
 *    so the model learns how far to trust each rule layer (stacking).
 * Every feature is binary; a message's feature vector is scaled to unit L2
 * norm by the model (see logreg.ts), so long messages do not score higher
 * just for being long.
 */

import { lexiconFeatures } from './lexicon';
import { wordClusterFeatures } from './wordClusters';

const MAX_TOKENS = 80; // long messages: the head carries the signal, and cost stays bounded
const MAX_CHARS = 200;
const CHAR_MIN = 3;
const CHAR_MAX = 5;

function token(t: string): string {
  return t.length > 4 && /^\d+$/.test(t) ? `<d${Math.min(t.length, 12)}>` : t;
}

/** Set of word and character n-gram features for one prepared message. */
export function extractFeatures(text: string, extra: readonly string[] = []): string[] {
  const tokens = text.split(' ', MAX_TOKENS).filter((t) => t.length > 0).map(token);
  const feats = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    feats.add(t);
    if (i + 1 < tokens.length) feats.add(`${t}_${tokens[i + 1] as string}`);
  }
  const s = ` ${tokens.join(' ').slice(0, MAX_CHARS)} `;
  for (let n = CHAR_MIN; n <= CHAR_MAX; n++) {
    for (let k = 0; k + n <= s.length; k++) {
      const g = s.slice(k, k + n);
      if (g.trim().length > 0) feats.add(`#${g}`);
    }
  }
  for (const f of wordClusterFeatures(tokens)) feats.add(f);
  for (const f of lexiconFeatures(text)) feats.add(f);
  for (const f of extra) feats.add(f);
  return [...feats];
}
