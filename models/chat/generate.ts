/**
 * Programmatic training lines for the chat model: templates × slot fillers per
 * label, plus hard benign lines in the same style, with chat-style
 * augmentation (shorthand, dropped apostrophes, stretched letters, typos,
 * emoji). Deterministic: a fixed-seed PRNG, so `train.ts` reproduces the same
 * data and the same model on every run.
 *
 * Used by models/chat/train.ts; the hand-written lines stay in train.jsonl.
 */

export interface GenLine {
  readonly text: string;
  readonly label: string;
}

/** Mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Slots = Readonly<Record<string, readonly string[]>>;

const S: Slots = {
  you: ['you', 'u', 'ya'],
  your: ['your', 'ur', 'yr'],
  him: ['him', 'her', 'that kid', 'that boy', 'that girl', 'them', 'jayden', 'chloe'],
  will: ["i'll", 'ill', "i'm gonna", 'imma', 'i will', "i'm going to", 'watch me', 'i swear ill'],
  when: ['after school', 'tomorrow', 'at lunch', 'tonight', 'on monday', 'at the gates', 'when i see u', 'next time', ''],
  hurt: ['stab', 'shank', 'batter', 'merk', 'punch', 'smash', 'jump', 'beat up', 'knock out', 'slap', 'kick', 'deck', 'wet up', 'bang out', 'end', 'kill', 'bottle', 'rush'],
  weapon: ['a knife', 'my blade', 'a machete', 'a zombie knife', 'the strap', 'a shank', 'a bat', 'acid', 'a hammer', 'a brick', 'my brothers knife'],
  place: ['to school', 'in my bag', 'tomorrow', 'for him', 'for u', 'to the park', 'just in case', 'to the gates'],
  body: ['jaw', 'face', 'nose', 'legs', 'head', 'teeth', 'neck', 'ribs', 'arm'],
  outcome: ['in hospital', 'in an ambulance', 'in a wheelchair', 'in a coffin', 'six feet under', 'bleeding on the floor', 'needing stitches'],
  crew: ['my olders', 'my cousins', 'the mandem', 'my brother', 'my boys', 'my gang', 'me and my mates'],
  die: ['die', 'be dead', 'disappear', 'not wake up', 'end it', 'end it all', 'not be here anymore', 'stop existing', 'go to sleep forever', 'kill myself', 'unalive myself'],
  feel: ['honestly', 'ngl', 'tbh', 'i think', 'sometimes', 'every night', 'lately', 'rn', ''],
  method: ['pills', 'my mums tablets', 'paracetamol', 'a razor', 'the blade from my sharpener', 'a rope', 'the bridge', 'the train tracks', 'the roof of the car park'],
  limb: ['arms', 'wrists', 'thighs', 'legs', 'stomach', 'hips'],
  insult: ['ugly', 'a loser', 'a freak', 'a weirdo', 'pathetic', 'worthless', 'disgusting', 'a waste of space', 'so fat', 'a crybaby', 'a tramp', 'thick as anything', 'such a melt', 'a neek', 'an embarrassment', 'unlikeable', 'a reject', 'minging'],
  exclusion: ['nobody wants u here', 'no one likes u', 'ur not invited', 'go sit somewhere else', 'leave the group chat', 'no one cares what u think', 'everyone is laughing at u', 'we all talk about u behind ur back', 'people only talk to u cos they feel sorry for u', 'u have no friends'],
  group: ['muslims', 'jews', 'black people', 'immigrants', 'foreigners', 'polish people', 'gypsies', 'trans people', 'gays', 'lesbians', 'disabled kids', 'chinese people', 'asians', 'africans', 'refugees', 'pakistanis'],
  neg: ['scum', 'animals', 'vermin', 'thieves', 'terrorists', 'disgusting', 'dirty', 'parasites', 'scroungers', 'freaks', 'a disease', 'rats', 'criminals', 'not real people'],
  excl: ['should be sent back', 'should be deported', 'shouldnt be allowed in our school', 'should be locked up', 'dont belong here', 'ruin everything', 'need to go back where they came from'],
  ext: ['isis', 'the caliphate', 'the jihad', 'the race war', 'the great replacement', 'national action', 'the brotherhood', 'the white race', 'remigration', 'the mujahideen'],
  hero: ['tarrant', 'breivik', 'the christchurch shooter', 'the manchester bomber', 'bin laden', 'hitler', 'the mosque shooter', 'the guy who did the shooting'],
  praise: ['was a hero', 'is a legend', 'did nothing wrong', 'was right', 'should be a saint', 'did gods work', 'is my idol', 'had the right idea'],
  sexbody: ['boobs', 'bum', 'body', 'thighs', 'chest', 'tits', 'bra', 'knickers', 'underwear', 'privates', 'lips'],
  sexreq: ['send me a pic of ur', 'show me ur', 'let me see ur', 'can i see ur', 'rate my', 'i wanna touch ur', 'i keep thinking about ur', 'take a pic of ur'],
  sexact: ['send nudes', 'go on cam with ur top off', 'take ur clothes off for me', 'wanna sext', 'lets hook up', 'i want to have sex with u', 'touch urself for me', 'strip for me on facetime', 'send a vid in just ur underwear', 'ill send u mine if u send me yours'],
  secret: ["don't tell ur mum", 'keep this between us', 'this is our little secret', 'delete these messages after', "don't mention me to anyone", 'no one needs to know about us', 'ur parents wouldnt understand us', 'keep it off the record', 'wipe ur phone after we chat'],
  move: ['add me on snap', 'message me on telegram', 'text me on my other number', 'lets move to whatsapp', 'make a new account so we can talk', 'call me on facetime later', 'find me on kik', 'dm me on insta instead'],
  meet: ['meet me at the park', 'i can pick u up after school', 'come round to mine', 'ill drive over and get u', 'lets link up this weekend', 'wait round the corner from the gates', 'come to the station on ur own'],
  gift: ['ill get u robux', 'ill send u vbucks', 'ill buy u a new phone', 'ill top up ur phone', 'i can get u that hoodie', 'ill give u money', 'ill send u a gift card'],
  cond: ['if u send me a pic', 'if u keep it secret', 'if u meet me', 'but u gotta do me a favour', 'just dont tell anyone', 'if u come on ur own'],
  flatter: ['ur so mature for ur age', 'u seem way older than 13', 'only i really understand u', 'ur friends dont get u like i do', 'ur teachers dont appreciate u', 'we have a special bond', 'age is just a number', 'ur not like other girls ur age'],
  probe: ['are u home alone', 'when do ur parents go out', 'how old are u really', 'what school do u go to', 'where do u live', 'does ur mum check ur phone', 'is ur door locked', 'which bus do u get home'],
};

const TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  violence: [
    '{will} {hurt} {you} {when}', '{will} {hurt} {him} {when}', "ur getting {hurt}ed {when}", "{crew} are gonna {hurt} {you} {when}",
    'bringing {weapon} {place}', "i've got {weapon} {place}", '{will} break ur {body}', '{will} put {you} {outcome}',
    'keep talking and ur leaving {outcome}', "{crew} will pull up on {you} {when}", 'watch ur back {when}', "{will} kick ur {body} in",
    'someone needs to {hurt} {him} {when}', "lets {hurt} {him} {when}", "{will} smash ur {body} in {when}",
  ],
  self_harm: [
    '{feel} i just want to {die}', "{feel} i'm going to {die}", "i've been thinking about {method}", "i've been saving up {method}",
    '{feel} i cut my {limb} again', 'i hide the scars on my {limb}', "{feel} everyone would be better off if i wasn't here",
    "i wrote my goodbye letters", "{feel} i haven't eaten in days so i can get thin", 'i make myself sick after every meal',
    "{feel} i can't do this anymore, i want to {die}", "i keep thinking about {method}", "no one would come to my funeral anyway",
    "{feel} i'm a burden and i want to {die}", 'the urge to cut my {limb} is so bad',
  ],
  bullying: [
    '{you} are {insult}', 'ur {insult}', '{exclusion}', '{him} is {insult} lol', 'honestly {exclusion}', 'ur literally {insult}',
    '{exclusion}, {insult}', 'why are {you} even here, {insult}', 'everyone thinks ur {insult}', 'look at {him}, {insult}',
    'we made a group chat about how {insult} u are', 'ur mum must be embarrassed, ur {insult}',
  ],
  hate: ['{group} are {neg}', 'all {group} {excl}', '{group} {excl}', 'i hate {group}, theyre {neg}', 'honestly {group} are {neg}', 'eww {group} are {neg}', 'go back to ur country, {group} are {neg}'],
  extremism: ['{hero} {praise}', 'join {ext}', 'we need {ext} now', '{ext} is the only answer', 'i support {ext}', 'fight for {ext} brothers', 'honestly {hero} {praise}', 'the west deserves what {ext} does to it'],
  sexual: ['{sexreq} {sexbody}', '{sexact}', '{sexact} 😏', 'ur {sexbody} look so good', '{sexreq} {sexbody} 🥵', 'bet ur {sexbody} look peng', '{sexact}, no one will know'],
  grooming: ['{secret}', '{move}, {secret}', '{meet}, {secret}', '{gift} {cond}', '{flatter}', '{probe}', '{flatter}, {secret}', '{probe}? {meet}', '{move} {cond}', '{gift}, {secret}', '{meet} {cond}'],
};

/** Hard benign lines: the same vocabulary in ordinary school chat. */
const BENIGN_TEMPLATES: readonly string[] = [
  'i could {food} a {meal} rn', 'we have to cut out the {thing} for {subject}', 'in {book} the {char} {verb} the king', 'my {fam} is gonna kill me, i lost my {item}',
  'this {work} is killing me', 'are u still ill? miss was asking', 'i was off ill yesterday', 'we smashed them in {sport}', 'he got knocked out of the {sport} tournament',
  'can u send me a pic of the {work}', 'add me on teams for the {subject} project', 'meet at the library after school to revise {subject}', 'my nan is in hospital so i might be late',
  'what bus do u get home, we can get the same one', 'i live near the big {shop}', 'my {fam} is picking me up after school', "don't tell miss i haven't done the {work} lol",
  'can u keep a secret, i fancy {name}', 'the {thing} in {subject} was about the holocaust', 'we studied why people join extremist groups in {subject}', 'the nazis rose to power in 1933',
  'the knife crime assembly was actually good', 'i cut my finger on the {item} in {subject}', 'i fell off my bike and cut my knee', 'my legs are dead after {sport}', 'im dead 💀 that {thing} was so funny',
  'ur such a nerd lol love u', 'shut up ur so funny 😂', 'that {item} is ugly but i love it', 'im so fat after that {meal} lol', 'i hate {subject} so much', 'i want to die my hair pink',
  'my {fam} died last year and i still miss them', 'the {meal} in the canteen was disgusting', 'we did breaststroke in {sport}', 'sex cells have 23 chromosomes', 'label the parts of the body in {subject}',
  'the {char} shoots himself at the end of {book}', 'i took paracetamol for my headache', 'we built a bridge in dt', 'goodbye everyone see u after half term', 'my password got hacked so i changed it',
  'how old is ur {fam}', 'what year is ur {fam} in', 'my {fam} is so strict about my phone', 'the teacher can see this chat right', 'can we talk about the {work} on teams',
  'i got robux for my birthday from my {fam}', 'my {fam} bought me a new phone', 'we did a poster about online safety and not sending pics', 'the gun powder plot was in 1605',
  'he absolutely destroyed me in the debate', 'that {sport} match was sick', 'i killed it in the {work}', 'im going to smash this {work}', 'shoot me a message when ur done',
  'the {char} in {book} wants to end it all', 'i cant be bothered with this {work}', 'im so tired i could sleep for a week', 'we watched a documentary about isis in {subject}',
];
const B: Slots = {
  food: ['murder', 'kill for', 'destroy', 'eat'], meal: ['pizza', 'kebab', 'maccies', 'greggs', 'roast dinner', 'cheese toastie'],
  thing: ['diagram', 'shapes', 'pictures', 'video', 'poem', 'worksheet', 'article'], subject: ['art', 'science', 'history', 'RE', 'geography', 'english', 'pshe', 'maths', 'dt', 'sociology'],
  book: ['macbeth', 'an inspector calls', 'of mice and men', 'the film', 'romeo and juliet', 'the novel'], char: ['villain', 'main character', 'soldier', 'narrator', 'witch'],
  verb: ['stabs', 'kills', 'murders', 'poisons'], fam: ['mum', 'dad', 'nan', 'brother', 'sister', 'cousin', 'grandad'], item: ['blazer', 'keys', 'calculator', 'pe kit', 'scissors', 'jumper'],
  work: ['homework', 'essay', 'revision', 'coursework', 'presentation', 'mock exam'], sport: ['football', 'netball', 'pe', 'rugby', 'hockey'],
  shop: ['tesco', 'asda', 'park', 'leisure centre'], name: ['jake', 'amelia', 'sam', 'leo'],
};

function fill(t: string, slots: Slots, r: () => number): string {
  return t.replace(/\{(\w+)\}/g, (_, k: string) => {
    const xs = slots[k] ?? [''];
    return xs[Math.floor(r() * xs.length)] ?? '';
  });
}

const SHORT: ReadonlyArray<readonly [RegExp, string]> = [
  [/\byou\b/g, 'u'], [/\byour\b/g, 'ur'], [/\bgoing to\b/g, 'gonna'], [/\bwant to\b/g, 'wanna'], [/'/g, ''], [/\bi'm\b/g, 'im'], [/\bbecause\b/g, 'cos'],
];
const TAILS = ['', '', '', ' lol', ' fr', ' tbh', ' ngl', ' x', ' 😂', ' 💀', ' !!', '?', ' bro', ' innit'];

/** Chat-style variation: shorthand, a typo, stretched letters, a tail. */
function augment(text: string, r: () => number): string {
  let t = text.replace(/\s+/g, ' ').trim();
  for (const [re, s] of SHORT) if (r() < 0.4) t = t.replace(re, s);
  if (r() < 0.2 && t.length > 6) {
    const i = 1 + Math.floor(r() * (t.length - 2));
    if (/[a-z]/.test(t[i] ?? '')) t = t.slice(0, i) + t.slice(i + 1); // dropped letter
  }
  if (r() < 0.1) t = t.replace(/([aeiou])/, '$1$1$1');
  if (r() < 0.15) t = t.toUpperCase();
  return t + (TAILS[Math.floor(r() * TAILS.length)] ?? '');
}

/** All generated lines, deterministic for a given seed. */
export function generate(seed = 20240601, perLabel = 260, benign = 900): GenLine[] {
  const r = rng(seed);
  const out: GenLine[] = [];
  const seen = new Set<string>();
  const add = (text: string, label: string): void => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, label });
  };
  for (const [label, ts] of Object.entries(TEMPLATES)) {
    for (let i = 0; i < perLabel * 3 && out.filter((l) => l.label === label).length < perLabel; i++) {
      add(augment(fill(ts[i % ts.length] as string, S, r), r), label);
    }
  }
  const start = out.length;
  for (let i = 0; i < benign * 3 && out.length - start < benign; i++) {
    add(augment(fill(BENIGN_TEMPLATES[i % BENIGN_TEMPLATES.length] as string, B, r), r), 'benign');
  }
  return out;
}
