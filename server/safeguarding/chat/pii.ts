/**
 * PII detection: concrete personal identifiers shared in chat (phone, email,
 * street address, postcode, social handle, password). Runs on the `plain` view
 * so digits are still digits. Every pattern is bounded or linear to keep long
 * messages cheap.
 */

export interface Finding {
  readonly score: number;
  readonly reason: string;
}

const EMAIL = /[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.[a-z]{2,10}(?![a-z])/;
// "jake dot smith at gmail dot com", "jake(at)hotmail.co.uk"
const SPELLED_EMAIL =
  /\b[a-z0-9._]{2,40} ?(?:\(at\)|\[at\]| at ) ?(?:gmail|hotmail|outlook|yahoo|icloud|live|aol|btinternet|protonmail|sky|me)(?: ?(?:\.|dot|\(dot\)|\[dot\]) ?(?:com|co|uk|net|org)){1,2}\b/;

// Digit runs with the separators people put in phone numbers (no dots: decimals).
const DIGIT_RUN = /\+?\(?\d[\d \-()]{6,22}\d/g;
const NUMBER_WORDS = /\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double \w+)\b[ ,-]*){9,}/;
const PHONE_CONTEXT = /\b(?:call|ring|text|phone|mobile|mob|number|num|digits|whatsapp|wa|contact|reach)\b/;

// UK postcode; the inward code must not be an ordinal ("y7 3rd").
const POSTCODE = /\b(?:[a-z]{1,2}\d[a-z\d]?) ?(\d[a-z]{2})\b/g;

const STREET_TYPES =
  'road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|crescent|cres|way|gardens|court|ct|place|pl|terrace|grove|hill|park|walk|mews|square|sq|row|rise|view|green|parade|estate|flats|house|tower';
const ADDRESS_NUMBERED_WORDS = new RegExp(`\\b\\d{1,4}[a-z]? ((?:[a-z']{2,20} ){1,3})(?:${STREET_TYPES})\\b`);
const ADDRESS_CONTEXT =
  /\b(?:i live|we live|i'm living|im living|my (?:address|house|home|flat|postcode|post code)|address is|live at|live on|come (?:to|round|over to)|i'm at|im at|staying at|meet (?:me )?at|number \d{1,4} on|door number)\b/;
// Without a house number, only unambiguous street words count ("i live near the park" is fine).
const ADDRESS_STREET = /\b(?:i live|we live|my house is|my address is|live at|live on) (?:at |on |in )?(?:[a-z']{2,20} ){1,3}(?:road|rd|street|avenue|ave|lane|close|drive|crescent|gardens|terrace|grove|mews)\b/;
const ADDRESS_IS = /\bmy (?:home )?address(?: is|:| =| -)/;
// A named street plus a house number said apart ("on birchwood way, number 42", "no. 7, elm close").
// Street words that follow a name ("birchwood way", "holly bank"); ADDRESS_BARE adds a few more.
const NAMED_STREET_WORDS = 'road|rd|street|avenue|ave|lane|close|drive|crescent|gardens|terrace|grove|mews|way|court|rise|walk|bank|vale';
const STREET_NAMED = new RegExp(`\\b([a-z']{2,20}) (?:${NAMED_STREET_WORDS})\\b`, 'g');
const NOT_A_STREET_PREFIX = new Set(['main', 'back', 'side', 'long', 'big', 'busy', 'new', 'old', 'next', 'same', 'dead', 'wrong', 'right', 'left', 'first', 'last', 'other', 'whole', 'milky', 'easy', 'hard', 'only', 'no', 'any', 'some', 'every', 'each', 'which', 'what']);
const HOUSE_NUMBER = /\b(?:number|no|house|flat|door) ?\d{1,4}[a-z]?\b/;

const PLATFORMS =
  'snap|snapchat|sc|insta|instagram|ig|tiktok|tik tok|discord|whatsapp|kik|telegram|twitter|fb|facebook|messenger|roblox|xbox|psn|steam|fortnite|twitch|skype|wechat|bereal|username|user name|ign|gamertag|gamer tag';
// "my snap is jake_22", "add me on insta: @abc", "sc - xyz", "discord = name#1234"
const HANDLE_DECLARED = new RegExp(
  `\\b(${PLATFORMS})(?: (?:name|id|handle|tag|user|username|user name|account|acc|addy|gamertag|gamer tag|ign))? ?(is|=|:|-|@|its|it's|is @|is just|name is)(?: (?:called|just))? ?(@?)([a-z0-9][a-z0-9._]{2,29})`,
);
const HANDLE_OWNER = /\b(?:my|add me on|add me|follow me on|hmu on|find me on|me on|dm me on|our|her|his)\s*$/;
const HANDLE_INVITE = new RegExp(`\\b(?:add|follow|hmu|find|dm|message) me on (?:${PLATFORMS}) @?([a-z0-9._]{3,30})`);
const HANDLE_AT = /(?:^|[^a-z0-9.])@([a-z0-9_][a-z0-9._]{2,29})\b/;
const HANDLE_AT_CONTEXT = new RegExp(`\\b(?:${PLATFORMS}|add|follow|dm|message|hmu|find me|search)\\b`);
const DISCORD_TAG = /\b[a-z0-9._]{2,32}#\d{4}\b/;
// Words that follow "snap is"/"username is" in ordinary sentences, not identifiers.
const NOT_A_HANDLE = new Set([
  'the', 'a', 'an', 'so', 'not', 'on', 'in', 'at', 'down', 'up', 'good', 'bad', 'broken', 'fine', 'dead', 'gone', 'banned',
  'private', 'public', 'blocked', 'new', 'old', 'my', 'your', 'his', 'her', 'their', 'this', 'that', 'it', 'and', 'or', 'but',
  'really', 'very', 'too', 'was', 'is', 'are', 'be', 'been', 'like', 'for', 'to', 'of', 'off', 'just', 'also', 'still', 'same',
  'what', 'where', 'when', 'how', 'why', 'who', 'different', 'easy', 'hard', 'free', 'better', 'worse', 'best', 'lagging',
  'working', 'loading', 'boring', 'fun', 'cool', 'rubbish', 'trash', 'mid', 'literally', 'actually', 'case', 'required',
  'wrong', 'right', 'correct', 'incorrect', 'invalid', 'taken', 'available', 'weird', 'long', 'short', 'changed', 'deleted',
]);
const HANDLE_SHAPED = /[\d_.]/;
// Console and game accounts: only with an explicit name word ("my ps5 name is turbotom_77"; "my youtube is full of..." is not one).
const GAME_ACCOUNT =
  /\b(?:ps5|ps4|playstation|epic|epic games|minecraft|riot|valorant|youtube|spotify|roblox|xbox|steam|switch) (?:name|username|user name|user|id|tag|handle|account|gamertag|gamer tag|ign)(?: is|:| =| -) ?@?([a-z0-9][a-z0-9._]{2,29})/;

const PASSWORD = /\b(?:my|our|his|her|mums?|dads?|mum's|dad's) (?:\w+ )?(?:password|pass word|passcode|pass code|pin|pin number|login|log in|pw|pwd)(?:'s| is|:| =| -| was| its|s)(?!n't|nt\b| not\b)(?! (?:a |an |the |so |too |really |very )?(?:on|in|at|written|somewhere|saved|stored|different|too|the same|secret|private|long|short|strong|weak|easy|hard|working|broken|wrong|not|reset|changed|expired|locked))/;
const PASSWORD_VALUE = /\b(?:password|passcode|pin|pwd|pw)(?:'s|s)?(?: for (?:my|the) \w+)?(?: is|:| =)? ?\S*\d\S*/;

/** Count digits in a matched run and decide whether it reads as a phone number. */
function phoneLike(run: string, message: string): boolean {
  const digits = run.replace(/\D/g, '');
  if (digits.length < 9 || digits.length > 15) return false;
  // Counting "1 2 3 4 5 6 7 8 9 10" is not a phone number.
  if (/^0?123456789/.test(digits)) return false;
  const trimmed = run.trimStart();
  if (trimmed.startsWith('+')) return true;
  if (/^\(?0/.test(trimmed) && digits.length >= 10 && digits.length <= 11) return true;
  return digits.length >= 10 && PHONE_CONTEXT.test(message);
}

/**
 * "O77OO 9OO 461" written with letters for digits: fold o/l/i/s to digits inside
 * digit-heavy runs (one token of 7+, or spaced/dashed groups as phone numbers are written).
 */
function digitFold(plain: string): string {
  return plain.replace(/\b[olis]*\d[\dolis]*(?:[ -][olis]*\d[\dolis]*){1,5}\b|\b[\dolis]{7,}\b/g, (run) => {
    const chars = run.replace(/[ -]/g, '');
    const digits = (chars.match(/\d/g) ?? []).length;
    return chars.length >= 7 && digits * 2 >= chars.length ? run.replace(/o/g, '0').replace(/[li]/g, '1').replace(/s/g, '5') : run;
  });
}

// Helplines and free numbers (0800, 0808, 116 xxx) and an office's switchboard are public numbers.
const HELPLINE_NUMBER = /^(?:0800|0808|116|111|999|0300|0345|0845)/;
const PUBLIC_PHONE_CONTEXT =
  /\b(?:school office|the office|office number|reception|switchboard|helpline|help line|childline|samaritans|nspcc|shout|papyrus|the school number|school number|the schools number|attendance line|absence line|the dentist|dentists|the doctors|doctors surgery|gp surgery|the surgery|the council|the library|the leisure centre|the museum|museums|their website|(?:call|ring|phone|contact) the school|the school on|the number on the|on the poster|on the website|the worksheet|made up|fake number|example number)\b/;
const OWN_PHONE = /\b(?:my|mine|call me|text me|ring me|message me|whatsapp me|me on|my mums|my dads|reach me)\b/;

function findPhone(plain: string): Finding | null {
  const folded = digitFold(plain);
  const publicContext = PUBLIC_PHONE_CONTEXT.test(plain) && !OWN_PHONE.test(plain);
  for (const m of folded.matchAll(DIGIT_RUN)) {
    if (!phoneLike(m[0], folded)) continue;
    const digits = m[0].replace(/[^\d+]/g, '');
    if (publicContext || (HELPLINE_NUMBER.test(digits) && !OWN_PHONE.test(plain))) continue;
    return { score: 0.95, reason: 'phone number' };
  }
  if (NUMBER_WORDS.test(plain) && PHONE_CONTEXT.test(plain)) return { score: 0.9, reason: 'phone number in words' };
  return null;
}

const POSTCODE_CONTEXT = /\b(?:post ?code|address|live|living|near|area|house|flat|street|road|deliver|come to|at)\b/;

// "the postcode of buckingham palace is ...": a landmark's postcode in geography, not a home.
const PUBLIC_POSTCODE = /\b(?:post ?code|address) (?:of|for) (?!(?:my|our|me|us|mine|your|ur|his|her|their|nan|nans|gran|grans|home|the house)\b)|\b(?:museum|palace|stadium|cathedral|parliament|downing street|the school is|schools postcode|school postcode|the school|the office|the station|the venue|the cinema|the hospital|tourist|landmark|famous)\b/;

function findPostcode(plain: string): Finding | null {
  if (PUBLIC_POSTCODE.test(plain) && !/\b(?:i live|we live|my (?:house|home|flat|address|postcode)|our (?:house|home|flat|postcode)|come (?:to|round)|mine is)\b/.test(plain)) return null;
  for (const m of plain.matchAll(POSTCODE)) {
    const inward = m[1] ?? '';
    // Inward-code letters never include C, I, K, M, O, V (Royal Mail rule).
    if (/[cikmov]/.test(inward.slice(1))) continue;
    // Without the usual space ("m145rt") a postcode needs context; "n00dz" is not one.
    if (!m[0].includes(' ') && !POSTCODE_CONTEXT.test(plain)) continue;
    if (/^\d(?:st|nd|rd|th)$/.test(inward)) continue;
    // "ks3 4am" style times and units are not postcodes.
    if (/^\d(?:am|pm|mm|cm|km|kg|ml|hz|gb|mb)$/.test(inward)) continue;
    return { score: 0.9, reason: 'UK postcode' };
  }
  return null;
}

// A house number and a street name alone ("our house is 7 kings avenue") still reads as an address
// when the words between are a name, not "3 seconds too close"; famous addresses are geography.
const ADDRESS_BARE = new RegExp(`\\b\\d{1,4}[a-z]? ((?:[a-z']{2,20} ){1,3})(?:${NAMED_STREET_WORDS}|place|row|parade|square)\\b`);
const NOT_A_STREET_NAME = new Set([
  'the', 'of', 'in', 'on', 'at', 'to', 'a', 'an', 'too', 'so', 'very', 'more', 'is', 'are', 'was', 'and', 'or', 'for', 'with', 'my',
  'your', 'our', 'his', 'her', 'their', 'it', 'this', 'that', 'seconds', 'minutes', 'mins', 'hours', 'days', 'weeks', 'times', 'points',
  'marks', 'people', 'out', 'up', 'down', 'way', 'all', 'be', 'by', 'from', 'not', 'get', 'got', 'me', 'you', 'goals', 'miles', 'metres',
  'steps', 'years', 'pages', 'questions', 'kids', 'mates', 'friends', 'cars', 'buses', 'we', 'they', 'them', 'just', 'still', 'half', 'one',
  'hour', 'min', 'minute', 'second', 'secs', 'walk', 'walking', 'drive', 'stop', 'stops', 'then', 'ill', 'well', 'at', 'make', 'made', 'lol', 'ud',
]);
const FAMOUS_ADDRESS = /\b(?:schools address|school address|address of the school|on the letter|downing street|baker street|abbey road|exhibition road|whitehall|pall mall|the mall|prime minister|sherlock|holmes|museum|palace|parliament|monopoly|the beatles|famous|landmark|the office|the school is|our school is|school is on|the venue|the cinema|the station)\b/;

/** A house number then a street word, with only name-like words between ("12 acacia road", not "2 hours in my house"). */
function namedStreet(re: RegExp, plain: string): boolean {
  const m = re.exec(plain);
  return m !== null && !(m[1] ?? '').trim().split(' ').some((w) => NOT_A_STREET_NAME.has(w));
}

/** A street word right after a name-like word ("birchwood way", not "the main road"). */
function streetWithName(plain: string): boolean {
  for (const m of plain.matchAll(STREET_NAMED)) {
    const w = m[1] ?? '';
    if (!NOT_A_STREET_NAME.has(w) && !NOT_A_STREET_PREFIX.has(w)) return true;
  }
  return false;
}

function bareAddress(plain: string): boolean {
  return namedStreet(ADDRESS_BARE, plain) && !FAMOUS_ADDRESS.test(plain);
}

// Made-up details for a form or a writing task are not anyone's address.
const PRETEND = /\b(?:made up|make up|fake|pretend|imaginary|fictional|example|for the (?:form|task|worksheet|letter|story)|letter writing|storyville)\b/;
const OWN_HOME = /\b(?:i live|we live|my (?:house|home|flat|address)|our (?:house|home|flat)|come (?:to|round) (?:mine|my|ours))\b/;
const REAL = /\b(?:real|actual|actually|proper)\b/;

function findAddress(plain: string): Finding | null {
  if (PRETEND.test(plain) && !REAL.test(plain)) return null;
  if (FAMOUS_ADDRESS.test(plain) && !OWN_HOME.test(plain)) return null;
  if (namedStreet(ADDRESS_NUMBERED_WORDS, plain) && ADDRESS_CONTEXT.test(plain)) return { score: 0.9, reason: 'street address' };
  if (bareAddress(plain)) return { score: 0.8, reason: 'street address' };
  if (ADDRESS_STREET.test(plain)) return { score: 0.85, reason: 'street address' };
  if (ADDRESS_IS.test(plain)) return { score: 0.85, reason: 'home address shared' };
  if (HOUSE_NUMBER.test(plain) && streetWithName(plain)) return { score: 0.85, reason: 'street address' };
  return null;
}

function findHandle(plain: string): Finding | null {
  const declared = HANDLE_DECLARED.exec(plain);
  if (declared) {
    const sep = declared[2] ?? '';
    const id = declared[4] ?? '';
    const owned = HANDLE_OWNER.test(plain.slice(Math.max(0, declared.index - 25), declared.index));
    const marked = /[:=@-]/.test(sep) || declared[3] === '@';
    const leading = declared.index === 0;
    if (!NOT_A_HANDLE.has(id) && (owned || ((marked || leading) && HANDLE_SHAPED.test(id)))) {
      return { score: 0.9, reason: 'social media handle' };
    }
  }
  const invite = HANDLE_INVITE.exec(plain);
  if (invite && HANDLE_SHAPED.test(invite[1] ?? '')) return { score: 0.9, reason: 'social media handle' };
  const account = GAME_ACCOUNT.exec(plain);
  if (account && !NOT_A_HANDLE.has(account[1] ?? '')) return { score: 0.9, reason: 'game account name' };
  if (DISCORD_TAG.test(plain)) return { score: 0.9, reason: 'discord tag' };
  if (HANDLE_AT.test(plain) && HANDLE_AT_CONTEXT.test(plain)) return { score: 0.85, reason: 'social media handle' };
  return null;
}

// "my password for the school login is Football123", "wifi password at mine is x"
const PASSWORD_FOR = /\b(?:password|pass word|passcode|pass code|pin|pw|pwd)s? (?:for|to|on|at|of) (?:[a-z0-9']+ ){0,4}(?:is|was|=|:|-) ?([^\s]{3,40})/;

// Passwords discussed in computing ("is 'password123' strong?") and class game PINs are not secrets.
const PASSWORD_LESSON = /\b(?:strong|weak|secure|insecure|example|e g|computing|cyber|hack|hackers|guess|never use|dont use|do not use|crack)\b/;
const CLASS_GAME_PIN = /\b(?:kahoot|blooket|gimkit|quizizz|mentimeter|menti|game pin|quiz pin|class code|join code)\b/;

function findPassword(plain: string): Finding | null {
  if (CLASS_GAME_PIN.test(plain)) return null;
  if (PASSWORD.test(plain)) return { score: 0.9, reason: 'password shared' };
  const forX = PASSWORD_FOR.exec(plain);
  if (forX && !NOT_A_HANDLE.has((forX[1] ?? '').replace(/[.,!?]+$/, ''))) return { score: 0.85, reason: 'password shared' };
  if (PASSWORD_VALUE.test(plain) && !PASSWORD_LESSON.test(plain)) return { score: 0.8, reason: 'password shared' };
  return null;
}

// A school's, council's or NHS address, or an office mailbox, is public contact information.
const INSTITUTION_EMAIL = /@[a-z0-9.-]*\.(?:sch|ac|gov|nhs|police|mod|parliament)\.uk\b|^(?:office|admin|info|enquiries|enquiry|reception|contact|head|headteacher|attendance|finance|exams|hello|support|help|safeguarding|dsl|sen|senco|pastoral|trips|library)@/;
// RFC 2606 reserved domains are always examples.
const EXAMPLE_EMAIL = /@(?:[a-z0-9-]+\.)*example\.(?:com|org|net)\b|@(?:[a-z0-9-]+\.)*test\b/;
const OWN_CONTACT = /\b(?:my|mine|me|myself|our|my own|my personal|my private)\b/;

function findEmail(plain: string): Finding | null {
  const m = EMAIL.exec(plain);
  if (m && (EXAMPLE_EMAIL.test(m[0]) || (PRETEND.test(plain) && !REAL.test(plain)))) return null;
  if (m) {
    const institutional = INSTITUTION_EMAIL.test(m[0]);
    if (!institutional || OWN_CONTACT.test(plain)) return { score: 0.95, reason: 'email address' };
  }
  if (SPELLED_EMAIL.test(plain)) return { score: 0.95, reason: 'email address' };
  return null;
}

// A full date of birth with a recent year ("birthday 19th feb 2011", "dob 03/04/2012"); history dates are older.
const MONTH = 'jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december';
const BIRTH_DATE = new RegExp(
  `\\b(?:birthday|bday|b day|born(?: on)?|dob|d o b|date of birth)(?: is|:| =| -| on)? ?(?:\\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:${MONTH})\\.?,? (?:199\\d|20[0-3]\\d)|(?:${MONTH}) \\d{1,2}(?:st|nd|rd|th)?,? (?:199\\d|20[0-3]\\d)|\\d{1,2}[/.-]\\d{1,2}[/.-](?:199\\d|20[0-3]\\d|\\d{2}))\\b`,
);

function findBirthDate(plain: string): Finding | null {
  if (PRETEND.test(plain) && !REAL.test(plain)) return null;
  return BIRTH_DATE.test(plain) ? { score: 0.8, reason: 'full date of birth' } : null;
}

/** All PII findings in a message's plain view, strongest first. */
export function detectPii(plain: string): Finding[] {
  const out: Finding[] = [];
  for (const find of [findPhone, findEmail, findAddress, findPostcode, findHandle, findPassword, findBirthDate]) {
    const f = find(plain);
    if (f) out.push(f);
  }
  return out.sort((a, b) => b.score - a.score);
}
