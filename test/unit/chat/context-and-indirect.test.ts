import { classifyChatMessage } from '../../../server/safeguarding/chat';
import { contextCaps } from '../../../server/safeguarding/chat/context';
import { prepare } from '../../../server/safeguarding/chat/prepare';

const label = (s: string): string | null => classifyChatMessage(s).label;

describe('indirect harmful phrasings (concept rules)', () => {
  it.each([
    ['self_harm', 'been looking up how many paracetamol it takes'],
    ['self_harm', 'what happens if you take a whole packet of ibuprofen at once'],
    ['self_harm', 'how high does a bridge have to be so you dont survive'],
    ['self_harm', 'i dont think ill be around for the mocks tbh'],
    ['self_harm', 'you can have my switch after im gone'],
    ['self_harm', 'its easier to feel pain on the outside'],
    ['self_harm', 'thinking about jumping off the multi storey car park'],
    ['bullying', 'who invited the weirdo'],
    ['bullying', 'no wonder ur dad left'],
    ['bullying', 'look at her hair did she cut it with a lawnmower'],
    ['bullying', 'imagine being that ugly'],
    ['bullying', 'ew why is she in our group'],
    ['bullying', 'L + ratio + nobody likes you'],
    ['hate', 'monkey noises at him every time he walks in'],
    ['hate', 'they threw a banana at him on the field'],
    ['extremism', 'we should deport every muslim and blow up the mosques'],
    ['extremism', 'i want to go to syria and fight for the state'],
    ['extremism', 'i want to die a martyr for allah'],
    ['sexual', 'u got any pics without clothes on'],
    ['sexual', 'he sent everyone a picture of his thing lmao'],
    ['pii', 'our house is 7 Kings Avenue'],
    ['violence', 'on my mum im gonna bang him out at lunch'],
    ['violence', "i'll put a bullet in you"],
    ['grooming', "you're honestly more grown up than the lads in ur year, i can talk to u properly"],
  ])('%s: %j', (want, text) => {
    expect(label(text)).toBe(want);
  });
});

describe('hard benign: context caps and idioms', () => {
  it.each([
    'i want to die my hair blue',
    "i've been thinking about dying my hair pink",
    'this is between you and me but i think i failed',
    'my sister ate my last yogurt im going to kill her',
    'im going to destroy you in the spelling test tomorrow',
    'the exam was brutal, i want to die',
    'we learned its illegal to share nudes of anyone under 18 even if they agree',
    'the great replacement is a conspiracy theory we learned to debunk in citizenship',
    'if anyone asks you to keep a secret from your parents you should tell someone',
    'are you home alone after school? my mum said i can come to yours if your mum says yes',
    "i'll buy you a hot chocolate if you help me with the french",
    'keep it quiet, we are planning a surprise for sirs birthday',
    'my uncle is a firefighter and he carries an axe on the engine',
    'my nan is in hospital, can u tell miss ill be late',
    'the school office number is 01632 960123 if you need to call in sick',
    "miss's email is j.hughes@oakfieldacademy.sch.uk if you need an extension",
    'the postcode of buckingham palace is sw1a 1aa',
    'sherlock holmes lived at 221b baker street',
    'googled how long it takes to boil an egg lol',
    'who invited the reception kids to our assembly? theyre adorable',
    'no wonder i got a detention, i forgot my homework twice',
    'ew the milk is off',
    'my lunchbox smells like curry because of yesterdays leftovers',
    'honestly youre a lifesaver',
    'your lips look dry, want some lip balm', // was a known model false positive (it.failing) until the mixed-c/d retrain
  ])('%j', (text) => {
    expect(classifyChatMessage(text).flagged).toBe(false);
  });

  // Known false positives of the learned model (models/chat): still benign
  // traps, kept here so they are not forgotten. `it.failing` passes while the
  // classifier still flags them; when it stops, move them back above.
  it.failing.each([
    // "last time you'll see me" is a farewell cue in the corpus; P(harm) sits just above the threshold.
    'last time youll see me in this uniform, leavers day tomorrow',
    // "multi storey car park" is a self-harm method cue in the corpus; P(harm) 0.75, above the threshold.
    'the multi storey car park near school is where my dad parks',
  ])('%j (known model false positive)', (text) => {
    expect(classifyChatMessage(text).flagged).toBe(false);
  });

  it('keeps threats and requests that only mention a lesson', () => {
    expect(label('we learned about nudes in pshe so send me yours')).toBe('sexual');
    expect(label('my brothers will batter you')).toBe('violence');
    expect(label('whats ur address ill send you a present')).toBe('grooming');
    expect(label('are you home alone? dont tell your mum')).toBe('grooming');
  });

  it('names the context it applied', () => {
    const caps = contextCaps(prepare('in rse we discussed sexting and the law').clean);
    expect(caps.map((c) => c.reason)).toContain('reported or taught, not addressed to anyone');
  });
});
