/**
 * Rule patterns added for harm the rules used to miss: phone numbers written with
 * letters for digits, a house number said apart from its street, console account
 * names, full dates of birth, humiliation blackmail and organised exclusion,
 * incel calls to violence, masked slogans and swearing. Each harmful line is
 * paired with an ordinary line that uses the same words and must pass.
 */
import { classifyChatMessage } from '../../../server/safeguarding/chat';
import { detectPii } from '../../../server/safeguarding/chat/pii';
import { applyRules } from '../../../server/safeguarding/chat/rules';
import { prepare } from '../../../server/safeguarding/chat/prepare';

const piiReasons = (text: string): string[] => detectPii(prepare(text).plain).map((f) => f.reason);
const ruleLabels = (text: string): string[] => { const p = prepare(text); return applyRules(p.clean, p.plain).map((s) => s.label); };

describe('personal details the rules used to miss', () => {
  it.each([
    ['my numbr is o77oo 9oo 461 text me', 'phone number'],
    ['text 07700 9OO 318 for the party details', 'phone number'],
    ['we live on the new estate off Birchwood Way, number 42', 'street address'],
    ['i live by the big sainsburys on wellington rd, house 15', 'street address'],
    ['my ps5 name is TurboTom_77', 'game account name'],
    ['Sophie Price, 9R, birthday 19th Feb 2011', 'full date of birth'],
    ['my dob is 12/03/2011', 'full date of birth'],
  ])('%j is %s', (text, reason) => {
    expect(piiReasons(text)).toContain(reason);
  });

  it.each([
    'is is so so lol 10 out of 10',
    'number 7 on the worksheet says the main road is busy',
    'question 3 on page 42, the one about the milky way',
    'make an onlyfans when ur 16 lol u\'d make bank',
    'my youtube name is not important, watch the video',
    'Henry VIII was born on 28 June 1491',
    'my birthday is 19th feb, party at mine',
  ])('%j has no personal detail', (text) => {
    expect(piiReasons(text)).toEqual([]);
  });
});

describe('bullying, extremism and swearing the rules used to miss', () => {
  it.each([
    ['do my homework or the pic of you drooling asleep in maths goes on everyone\'s story', 'bullying'],
    ['if u put ur hand up one more time we\'re all ignoring u for the rest of the week', 'bullying'],
    ['if you sit with us at lunch again we\'re all moving tables', 'bullying'],
    ['everyone type L in the chat when Oscar unmutes', 'bullying'],
    ['the 7/7 bombers were soldiers not terrorists', 'extremism'],
    ['femoids will get what\'s coming when the incel revolution kicks off', 'extremism'],
    ['H*il victory', 'extremism'],
  ])('%j is %s', (text, label) => {
    expect(ruleLabels(text)).toContain(label);
  });

  it.each([
    'the video of you scoring goes on the school website, well done',
    'when you join the call we are muting our mics as sir said',
    'if you come at 5 we\'re leaving at 6 for the cinema',
    'the terrorists were soldiers in the civil war, miss said',
  ])('%j passes', (text) => {
    expect(classifyChatMessage(text).flagged).toBe(false);
  });

  it.each([
    'm0th3rf*ck3r, the doc didn\'t save',
    'this dinner queue is taking f-ing ages',
    'jesus f christ the queue at the canteen is massive',
  ])('%j is swearing', (text) => {
    expect(classifyChatMessage(text).labels.map((l) => l.label)).toContain('profanity');
  });
});
