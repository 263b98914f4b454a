/**
 * Chat text normalisation: undo the obfuscation children use to dodge filters
 * (s p a c i n g, s.e.p.a.r.a.t.o.r.s, l33t, homoglyphs, zero-width chars,
 * stretched letters) before any rule or model looks at the text.
 *
 * Two views are produced:
 *  - `plain`: Unicode-folded and lower-cased but digits and punctuation kept, so
 *    phone numbers, emails and "the answer is 455" survive for PII detection.
 *  - `text`:  fully normalised words for lexical rules and the model.
 * Everything here is linear-time: no regex with nested quantifiers.
 */

export interface NormalisedText {
  readonly original: string;
  readonly plain: string;
  readonly text: string;
}

/** Longest input we inspect; chat messages are capped well below this upstream. */
export const MAX_CHARS = 4000;

// Format/invisible characters used to split words without showing a gap.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/g;
const COMBINING = /\p{M}/gu;

// Cyrillic / Greek / other lookalikes that NFKD does not fold to Latin.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ɡ: 'g', ʏ: 'y', ᴋ: 'k', ɴ: 'n',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ς: 's', σ: 'o',
  ı: 'i', ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ŋ: 'n',
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');

// A few emoji carry the meaning of the message; keep it as a word.
const EMOJI_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\u{1F52A}|\u{1F5E1}/gu, ' knife '],
  [/\u{1F52B}/gu, ' gun '],
  [/\u{1F4A3}/gu, ' bomb '],
  [/\u{1F346}|\u{1F351}|\u{1F4A6}|\u{1F445}/gu, ' sexemoji '],
  // Weaker cues, scored only in combination by the lexicon layer.
  [/\u{1F975}/gu, ' hotemoji '],
  [/\u{1F924}/gu, ' droolemoji '],
  [/\u{1F60F}/gu, ' smirkemoji '],
  [/\u{1F609}|\u{1F61C}/gu, ' winkemoji '],
];

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'l', '€': 'e',
};

// Words people mask ("f*ck", "sh*t", "b*ll*cks", "f$%k", "f***"): a token that starts
// with a letter and has mask characters in it maps back to the first listed word of
// the same length whose letters agree, one letter per mask character.
const MASKABLE = [
  'fuck', 'fucking', 'fucker', 'fucked', 'fucks', 'shit', 'shite', 'shitty', 'bullshit', 'crap', 'crappy', 'cunt', 'bitch',
  'bitches', 'dick', 'dickhead', 'cock', 'pussy', 'nigger', 'nigga', 'faggot', 'slut', 'whore', 'twat', 'wank', 'wanker',
  'bellend', 'bloody', 'bugger', 'piss', 'pissed', 'damn', 'hell', 'feck', 'kill', 'killing', 'sex', 'porn', 'nude', 'nudes',
  'rape', 'suicide', 'bastard', 'bollocks', 'retard', 'paki', 'tits', 'boobs', 'penis', 'arse', 'arsehole', 'asshole',
  'prick', 'stab', 'shoot', 'bomb', 'hitler', 'nazi', 'motherfucker',
];
const MASK_CHARS = /[*$%#@]/;
const MASKED_TOKEN = /(?<![a-z0-9*$%#@])[a-z][a-z*$%#@]*[*$%#@][a-z*$%#@]*(?![a-z0-9*$%#@])/g;

function unmask(token: string): string {
  for (const w of MASKABLE) {
    if (w.length !== token.length) continue;
    let ok = true;
    for (let i = 0; i < w.length && ok; i++) ok = token[i] === w[i] || MASK_CHARS.test(token[i] as string);
    if (ok) return w;
  }
  return token;
}
// Tokens where digits mean digits: times, ordinals, units, school years.
const NUMERIC_TOKEN = /^(?:\d+(?:st|nd|rd|th|am|pm|s|k|m|kg|g|cm|mm|km|ml|l|mph|x|p|v|d|gb|mb|hz)?|(?:y|yr|year|ks|kS|gcse)\d+|[a-z]\d|\d[a-z])$/;

// Chat shorthand mapped to the words the rules are written against.
const SHORTHAND: Readonly<Record<string, string>> = {
  u: 'you', ya: 'you', yu: 'you', yuo: 'you', yoo: 'you', ur: 'your', yr: 'your', r: 'are', ppl: 'people',
  pls: 'please', plz: 'please', wanna: 'want to', gonna: 'going to', gunna: 'going to', gna: 'going to',
  tryna: 'trying to', finna: 'going to', im: 'i am', ima: 'i am going to', imma: 'i am going to',
  dont: 'do not', didnt: 'did not', cant: 'can not', wont: 'will not', youre: 'you are',
  youll: 'you will', ive: 'i have', thats: 'that is', dnt: 'do not', cos: 'because',
  coz: 'because', cuz: 'because', bc: 'because', n: 'and', b4: 'before', '2moro': 'tomorrow', tmrw: 'tomorrow',
  tmr: 'tomorrow', '2day': 'today', '2nite': 'tonight', tonite: 'tonight', noone: 'no one', mum: 'mum', mom: 'mum',
  ma: 'mum', parnts: 'parents', rents: 'parents', wiv: 'with', wid: 'with', da: 'the', tho: 'though', pic: 'picture',
  pics: 'pictures', pix: 'pictures', msg: 'message', dm: 'message', txt: 'text', snapchat: 'snap', insta: 'instagram',
  ig: 'ig', whatsap: 'whatsapp', watsapp: 'whatsapp', wassap: 'whatsapp', wa: 'wa', abt: 'about', sum1: 'someone',
  some1: 'someone', any1: 'anyone', every1: 'everyone', ne1: 'anyone', no1: 'no one', gf: 'girlfriend', bf: 'boyfriend',
  myslf: 'myself', meself: 'myself', urself: 'yourself', yourslf: 'yourself', yaself: 'yourself', urslf: 'yourself',
  wud: 'would', shud: 'should', cud: 'could', luv: 'love', hav: 'have', wot: 'what', wat: 'what', wht: 'what',
  kno: 'know', knw: 'know', dunno: 'do not know', gotta: 'got to', lemme: 'let me', gimme: 'give me', bout: 'about',
  ded: 'dead', skool: 'school', whats: 'what is', wats: 'what is', wots: 'what is', hows: 'how is', wheres: 'where is',
  // Dropped g: "gettin", "lookin" (a closed list: "jerkin" and "cabin" are also words).
  gettin: 'getting', lookin: 'looking', goin: 'going', doin: 'doing', sayin: 'saying', talkin: 'talking', thinkin: 'thinking',
  comin: 'coming', nothin: 'nothing', somethin: 'something', jerkin: 'jerking', playin: 'playing', tryin: 'trying',
  makin: 'making', takin: 'taking', sendin: 'sending', watchin: 'watching', waitin: 'waiting', cuttin: 'cutting',
  killin: 'killing', stabbin: 'stabbing', touchin: 'touching', feelin: 'feeling', bringin: 'bringing', hurtin: 'hurting',
  messin: 'messing', chattin: 'chatting', wearin: 'wearing', startin: 'starting', laughin: 'laughing', eatin: 'eating', skl: 'school', nudez: 'nudes', noods: 'nudes', noodz: 'nudes', nudz: 'nudes', nuds: 'nudes',
};

// Single-letter tokens that are real chat words; a run made only of these is not spelling something out.
const SINGLE_LETTER_WORDS = new Set(['a', 'i', 'u', 'r', 'y', 'n', 'k', 'b', 'c', 'x', 'o']);

/** Unicode folding shared by both views: compatibility forms, accents, homoglyphs, invisibles, case. */
function fold(input: string): string {
  let s = input.length > MAX_CHARS ? input.slice(0, MAX_CHARS) : input;
  s = s.replace(INVISIBLE, '');
  s = s.normalize('NFKD').replace(COMBINING, '');
  s = s.toLowerCase();
  s = s.replace(HOMOGLYPH_RE, (c) => HOMOGLYPHS[c] ?? c);
  return s;
}

/** "s.e.x", "f*u*c*k", "k-i-l-l" → "sex", "fuck", "kill" (single characters joined by punctuation). */
function joinPunctuatedLetters(s: string): string {
  return s.replace(/(?<![\p{L}\p{N}])[\p{L}\p{N}@$](?:[.*_\-+~'",|/\\^#]+[\p{L}\p{N}@$]){2,}(?![\p{L}\p{N}])/gu, (m) =>
    m.replace(/[.*_\-+~'",|/\\^#]+/g, ''),
  );
}

/** "s e x", "k i l l" → "sex", "kill", unless the run is ordinary single-letter chat ("u r a"). */
function joinSpacedLetters(s: string): string {
  return s.replace(/(?<![\p{L}\p{N}])[\p{L}@$](?: +[\p{L}\p{N}@$](?![\p{L}\p{N}])){2,}/gu, (m) => {
    const parts = m.split(/ +/);
    return parts.every((p) => SINGLE_LETTER_WORDS.has(p)) ? m : parts.join('');
  });
}

/** Undo leetspeak only in tokens that also contain letters, so "455" and "7pm" stay numbers. */
function unleetToken(tok: string): string {
  // Shorthand with digits ("every1", "2moro") is resolved later, not un-leeted.
  if (SHORTHAND[tok] !== undefined) return tok;
  if (!/[a-z]/.test(tok) || !/[0-9@$!|€]/.test(tok) || NUMERIC_TOKEN.test(tok)) return tok;
  // A leading @ is a handle marker, not an "a".
  const head = tok.startsWith('@') ? '@' : '';
  // "!" is only a letter between letters ("k!ll"); at the edge it is punctuation.
  const body = (head ? tok.slice(1) : tok).replace(/^!+|!+$/g, '');
  const letters = (body.match(/[a-z]/g) ?? []).length;
  const leet = (body.match(/[0-9@$!|€]/g) ?? []).length;
  if (letters < leet) return tok;
  return head + body.replace(/[0134579@$!|€]/g, (c) => LEET[c] ?? c);
}

/** Normalise a chat message into the two views used by the detectors. */
export function normalise(input: string): NormalisedText {
  const plain = fold(input).replace(/\s+/g, ' ').trim();

  let t = plain;
  for (const [re, word] of EMOJI_WORDS) t = t.replace(re, word);
  t = t.replace(MASKED_TOKEN, unmask);
  t = joinPunctuatedLetters(t);
  t = t.replace(/[’'`]/g, '');
  t = t
    .split(' ')
    .map(unleetToken)
    .join(' ');
  // Anything that is not a letter, digit or space separates words from here on.
  t = t.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/ +/g, ' ').trim();
  t = joinSpacedLetters(t);
  // Stretched letters: "kiiiill" → "kill", "sooooo" → "so".
  t = t.replace(/(\p{L})\1{2,}/gu, (m, c: string) => (m === 'kkk' || m === 'www' ? m : c));
  t = t
    .split(' ')
    .map((w) => SHORTHAND[w] ?? w)
    .join(' ');
  return { original: input, plain, text: t };
}
