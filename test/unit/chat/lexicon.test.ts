import { classifyChatMessage } from '../../../server/safeguarding/chat';
import { LEXICON_SIZE, lexiconScores } from '../../../server/safeguarding/chat/lexicon';
import { prepare } from '../../../server/safeguarding/chat/prepare';

const raw = (text: string, label: string): number => lexiconScores(prepare(text).clean).find((h) => h.label === label)?.raw ?? 0;

describe('broad lexicon with context', () => {
  it('is broad', () => {
    expect(LEXICON_SIZE).toBeGreaterThan(1000);
  });

  it.each([
    ['violence', 'swear down if u chat about my mum again ur getting wet up'],
    ['violence', 'my olders are gonna pull up on u after school'],
    ['violence', 'ive got a zombie knife at home and i know exactly who its for'],
    ['self_harm', 'the urge to cut is so bad today i cant focus'],
    ['self_harm', 'i keep picturing my own funeral and it doesnt even scare me'],
    ['bullying', 'sit somewhere else, this table is for people with friends'],
    ['hate', 'the polish lot are scroungers'],
    ['extremism', 'the bombers in manchester were martyrs'],
    ['sexual', 'ur thighs in those shorts 🥵'],
    ['grooming', 'lets hop on a call later, somewhere this chat doesnt log'],
  ])('%s: %j', (label, text) => {
    expect(raw(text, label)).toBeGreaterThanOrEqual(1);
    expect(classifyChatMessage(text).flagged).toBe(true);
  });

  it('needs a target for violence and bullying vocabulary', () => {
    expect(raw('the black death killed like half of europe', 'violence')).toBeLessThan(1);
    expect(raw('ugh im such an idiot i forgot my calculator', 'bullying')).toBeLessThan(1);
    expect(raw('ur such a loser', 'bullying')).toBeGreaterThanOrEqual(1);
  });

  it('one grooming cue alone is ordinary chat; combined cues are not', () => {
    expect(raw('are you alone in the breakout room', 'grooming')).toBeLessThan(1);
    expect(raw('ill send u vbucks but u gotta do me a favour first', 'grooming')).toBeGreaterThanOrEqual(1);
  });

  it.each([
    "i've been cutting out pictures for my art project",
    'are u coming to school tomorrow or are u still ill',
    'shoot me a message on teams when ur done',
    'my brother is going to kill me for eating his crisps',
    'you killed that presentation',
    'your body needs vitamins',
    "i've got scars on my knee from falling off my bike",
    'goodbye everyone, see you after half term!',
    "we're doing a secret santa in form, don't tell anyone who you got",
    'ugh i wanna die this presentation is so long',
    'the 7/7 attacks killed 52 people',
  ])('benign context guards: %j', (text) => {
    expect(classifyChatMessage(text).flagged).toBe(false);
  });

  it('catches "my password for X is Y"', () => {
    expect(classifyChatMessage('my password for the school login is Football123').label).toBe('pii');
    expect(classifyChatMessage('the password for the quiz is on the board').flagged).toBe(false);
  });
});
