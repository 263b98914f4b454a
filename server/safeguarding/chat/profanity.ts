/**
 * Profanity and slur lexicon backed by `obscenity` (englishDataset with the
 * recommended transformers). The dataset mixes swear words, sexual/anatomical
 * terms and slurs; we sort its matches into those three groups because they
 * mean different things here: swearing is `profanity` (low), slurs are `hate`,
 * and anatomy only counts as `sexual` with context (biology lessons say
 * "penis"), which the rules decide.
 */
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { EnglishProfaneWord } from 'obscenity';

export type LexiconGroup = 'profanity' | 'slur' | 'sexual_strong' | 'sexual_anatomy';

const GROUP_OF: Readonly<Record<EnglishProfaneWord, LexiconGroup>> = {
  abeed: 'slur', abo: 'slur', africoon: 'slur', arabush: 'slur', boonga: 'slur', chingchong: 'slur', chink: 'slur',
  kike: 'slur', negro: 'slur', nigger: 'slur', fag: 'slur', dyke: 'slur', tranny: 'slur', retard: 'slur', spastic: 'slur',
  anal: 'sexual_anatomy', anus: 'sexual_anatomy', penis: 'sexual_anatomy', vagina: 'sexual_anatomy', sex: 'sexual_anatomy',
  semen: 'sexual_anatomy', ejaculate: 'sexual_anatomy', incest: 'sexual_anatomy', rape: 'sexual_anatomy',
  boob: 'sexual_anatomy', hooker: 'sexual_anatomy', orgasm: 'sexual_strong',
  bestiality: 'sexual_strong', blowjob: 'sexual_strong', buttplug: 'sexual_strong', cum: 'sexual_strong',
  deepthroat: 'sexual_strong', dildo: 'sexual_strong', doggystyle: 'sexual_strong', 'double penetration': 'sexual_strong',
  felch: 'sexual_strong', fellatio: 'sexual_strong', 'finger bang': 'sexual_strong', fisting: 'sexual_strong',
  gangbang: 'sexual_strong', handjob: 'sexual_strong', hentai: 'sexual_strong', 'jerk off': 'sexual_strong',
  jizz: 'sexual_strong', lubejob: 'sexual_strong', masturbate: 'sexual_strong', orgy: 'sexual_strong', porn: 'sexual_strong',
  arse: 'profanity', ass: 'profanity', bastard: 'profanity', bitch: 'profanity', bollocks: 'profanity', cock: 'profanity',
  cuck: 'profanity', cunt: 'profanity', dick: 'profanity', fuck: 'profanity', piss: 'profanity', prick: 'profanity',
  pussy: 'profanity', scat: 'profanity', shit: 'profanity', slut: 'profanity', tit: 'profanity', turd: 'profanity',
  twat: 'profanity', wank: 'profanity', whore: 'profanity',
};

const MATCHER = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

// British and chat swearing the dataset lacks.
const EXTRA_SWEARS =
  /\b(?:bellend|bellends|tosser|tossers|knobhead|knobheads|wtf|stfu|ffs|fml|omfg|crap|crappy|shite|bugger|damn|dammit|damnit|goddamn|goddam|goddamnit|godammit|goddammit|arsehole|asshole|bloody hell|sod off|piss off|effing|fking|fkin|fk|fck|fcking|fuk|fuking|fukin|shitting|bs|bullshit|mf|motherfucker|mofo|sh1t|pissed off|jeez christ|jesus christ|what the hell|the hell|go to hell|hell no|bastards|sodding|frigging|minge|nob|nobhead|slag|slags|wtaf|cba|tf|the f|af|fook|fooking|feck|feckin|fecking|effin|pish|f ing|jesus f|motherf cker|motherf ker|mother f cker|motherf ckers|bollocks|sod it|sod this|screw this|screw it|oh balls|as hell|like hell|hells bells|bloody(?! (?:code|chamber|nose|noses|mary|marys|sunday|battle|battles|war|wars|revolution|massacre|conflict|tower|civil|gums|lip|knee|mess of a|footprints?|handprints?|fight|fighting|history|bandage|tissue|tissues|injury|cut|wound)))\b/;

export interface LexiconHit {
  readonly group: LexiconGroup;
  readonly word: string;
}

// Substrings at least one of which every dataset word contains once the text is
// normalised (leet, homoglyphs and stretching already undone). Tokens without
// any of them cannot match, so the comparatively slow matcher is skipped.
const STEMS =
  /ab[eo]|afri|anal|anus|arab|ar[sz]e|as[sz]|bast|bi?[ae]?tch|blow|bol|boo[bn]|butt|ch[io]n|ching|co[ck]k|cuck|cum|cun|deep|dick|dik|dild|dog|pene|dyke|ejac|f[ae]g|felc|fell|fing|fist|f[uv]?c?k|phuc|gang|hand|hent|hook|inces|jerk|ji[sz]|kike|lube|mast|neg|ni[gq]|orga|orgy|peni|pis|porn|pri[ck]|pus|rap|reta|scat|seme|sex|shi|slut|spas|tit|tran|turd|twat|vag|wank|whor|hoor/;

const MAX_CACHE = 5000;
// Token → dataset words; chat vocabulary repeats a lot, and the matcher is pure.
const cache = new Map<string, EnglishProfaneWord[]>();

function matchToken(token: string): EnglishProfaneWord[] {
  const cached = cache.get(token);
  if (cached) return cached;
  const words: EnglishProfaneWord[] = [];
  for (const m of MATCHER.getAllMatches(token)) {
    const w = englishDataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord;
    if (w) words.push(w);
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(token, words);
  return words;
}

/**
 * Obscenity matches on the normalised text, grouped, plus the extra swear list.
 * Matching is per token (and per pair of very short tokens, for "fu ck"), which
 * also stops matches that straddle two innocent words.
 */
export function lexiconHits(text: string): LexiconHit[] {
  const hits: LexiconHit[] = [];
  const seen = new Set<string>();
  const tokens = text.split(' ');
  const check = (tok: string): void => {
    if (seen.has(tok) || !STEMS.test(tok)) return;
    seen.add(tok);
    for (const word of matchToken(tok)) hits.push({ group: GROUP_OF[word], word });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    // Leet was already undone in words. Digits are numbers here ("455" is not "ass"), and "shhh" is hushing, not "shit".
    if (t.length === 0 || /\d/.test(t) || /^sh+$/.test(t)) continue;
    check(t);
    const next = tokens[i + 1];
    if (next !== undefined && t.length <= 3 && next.length <= 3 && !/\d/.test(next)) check(t + next);
  }
  const extra = EXTRA_SWEARS.exec(text);
  if (extra) hits.push({ group: 'profanity', word: extra[0] });
  return hits;
}
