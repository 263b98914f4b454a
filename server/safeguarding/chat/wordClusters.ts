/**
 * Word clusters (models/chat/word-clusters.tsv, built by
 * models/chat/build-word-clusters.ts from GloVe vectors): every common English
 * word mapped to a coarse and a fine cluster of words with similar meaning.
 * The chat model uses them as features so that what it learned about "idiot"
 * carries over to "pillock" and other words no training line contained.
 * Loaded once at import; a lookup per word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', '..', 'models', 'chat', 'word-clusters.tsv');
const LINE = /^([a-z][a-z'-]*)\t(\d+)\t(\d+)$/;

function load(): ReadonlyMap<string, readonly [number, number]> {
  const table = new Map<string, readonly [number, number]>();
  for (const raw of readFileSync(FILE, 'utf8').split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    const m = LINE.exec(raw);
    if (!m) throw new Error(`word-clusters.tsv: malformed line ${JSON.stringify(raw.slice(0, 60))}`);
    table.set(m[1] as string, [Number(m[2]), Number(m[3])]);
  }
  return table;
}

const CLUSTERS = load();

/** Cluster features ("@w1:12", "@w2:3071") of the words in a prepared message. */
export function wordClusterFeatures(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const c = CLUSTERS.get(t);
    if (c) out.push(`@w1:${c[0]}`, `@w2:${c[1]}`);
  }
  return out;
}
