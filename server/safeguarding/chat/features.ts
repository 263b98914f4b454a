/**
 * Feature extraction shared by the model's training script and inference, so
 * both see exactly the same features: word unigrams and bigrams of the
 * normalised, idiom-neutralised text (numeric noise dropped), plus character
 * 3- and 4-grams of each word (with word-boundary marks), so misspellings and
 * unseen inflections ("shankd", "stabbin", "suicidle") share features with the
 * words they resemble.
 */

const MAX_TOKENS = 120; // long messages: the head carries the signal, and cost stays bounded
const MAX_CHAR_WORD = 16; // character n-grams only for word-sized tokens

/** Set of word and character n-gram features for one normalised message. */
export function extractFeatures(text: string): string[] {
  const tokens = text.split(' ', MAX_TOKENS).filter((t) => t.length > 0 && !/^\d+$/.test(t));
  const feats = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    feats.add(t);
    if (i + 1 < tokens.length) feats.add(`${t}_${tokens[i + 1] as string}`);
    if (t.length >= 3 && t.length <= MAX_CHAR_WORD) {
      const w = `<${t}>`;
      for (let n = 3; n <= 4; n++) for (let k = 0; k + n <= w.length; k++) feats.add(`#${w.slice(k, k + n)}`);
    }
  }
  return [...feats];
}
