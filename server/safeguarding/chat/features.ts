/**
 * Feature extraction shared by the model's training script and inference, so
 * both see exactly the same features: word unigrams and bigrams of the
 * normalised, idiom-neutralised text, with very short or numeric noise dropped.
 */

const MAX_TOKENS = 120; // long messages: the head carries the signal, and cost stays bounded

/** Set of unigram and bigram features for one normalised message. */
export function extractFeatures(text: string): string[] {
  const tokens = text.split(' ', MAX_TOKENS).filter((t) => t.length > 0 && !/^\d+$/.test(t));
  const feats = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    feats.add(t);
    if (i + 1 < tokens.length) feats.add(`${t}_${tokens[i + 1] as string}`);
  }
  return [...feats];
}
