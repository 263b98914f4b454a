/**
 * The text every detector sees: normalised (obfuscation undone) and with
 * harmless idioms neutralised. Shared by the classifier and the training
 * script so the model is trained on exactly what it scores.
 */
import { neutraliseIdioms } from './idioms';
import { normalise, type NormalisedText } from './normalise';

export interface PreparedText extends NormalisedText {
  /** `text` with benign idioms rewritten; input to rules, lexicon and model. */
  readonly clean: string;
}

export function prepare(input: string): PreparedText {
  const n = normalise(input);
  return { ...n, clean: neutraliseIdioms(n.text) };
}
