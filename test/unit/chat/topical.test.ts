/**
 * Words that are harmless in their topic (farm animals, dog breeding, regional food,
 * religious fasting, place names), group surprises, game talk, affectionate teasing
 * and made-up details for a form: each benign line is paired with a harmful line
 * using the same words, which must still flag.
 */
import { classifyChatMessage } from '../../../server/safeguarding/chat';
import { detectPii } from '../../../server/safeguarding/chat/pii';

const labelOf = (text: string): string | null => classifyChatMessage(text).label;

describe('topic decides what a word means', () => {
  it.each([
    ['a cock is a male chicken, the hens lay the eggs', 'suck my cock'],
    ['my dog is a staffie bitch, the vet said she is having puppies', 'shut up you stupid bitch'],
    ['we had faggots and peas for tea', 'you are such a faggot'],
    ['my gran still calls cigarettes fags', 'get away from me you fag'],
    ['a dyke is an embankment that stops floods in the netherlands', 'she is a dirty dyke lol'],
    ['i am fasting for ramadan so i will skip lunch today', 'i keep skipping lunch so i can get thinner, nobody notices'],
    ['there is a village called twatt in orkney', 'you absolute twat'],
    ['the word damn is in the bible a lot', 'damn this wifi is so slow'],
  ])('%j passes, %j flags', (benign, harmful) => {
    expect(labelOf(benign)).toBeNull();
    expect(labelOf(harmful)).not.toBeNull();
  });
});

describe('group surprises are not grooming secrecy', () => {
  it('a class keeping a leaving party from a teacher passes', () => {
    expect(labelOf("shh it's a secret, we're throwing miss a leaving party")).toBeNull();
    expect(labelOf("we're getting sir a card for his last day, keep it secret")).toBeNull();
  });
  it('a private secret or a present for the reader still flags', () => {
    expect(labelOf("keep it a secret, it's a present for you, don't tell your mum")).toBe('grooming');
    expect(labelOf('this is our secret ok, delete the chat after')).toBe('grooming');
  });
});

describe('game talk and teasing', () => {
  it('threats inside a named game pass, real-world threats flag', () => {
    expect(labelOf("i'll end u in smash bros")).toBeNull();
    expect(labelOf("i'm gonna end you after school, watch")).toBe('violence');
  });
  it('affectionate teasing passes, harsh insults flag', () => {
    expect(labelOf('you absolute muppet, i love it')).toBeNull();
    expect(labelOf('you are a fat ugly muppet, nobody likes you')).toBe('bullying');
  });
  it('exam hyperbole passes', () => {
    expect(labelOf('ur gonna smash ur exams dont worry')).toBeNull();
    expect(labelOf("i'm gonna die if i fail this test lol")).toBeNull();
  });
});

describe('made-up and public details are not pii', () => {
  it.each([
    'screen time limit is 2 hours in my house',
    "i live near the station, it's like 5 mins walk",
    "my login isn't working, can sir reset it",
    "my password is a secret lol i'm not telling u",
    'the kahoot pin is 8823 441',
    "sir said use 'example@example.com' for the form",
    'we need to fill in an example form with made up details like john smith 1 fake street',
    "the password question in computing: is 'password123' strong?",
  ])('%j', (text) => {
    expect(detectPii(text.toLowerCase())).toEqual([]);
  });
  it.each(['i live at 12 acacia road', 'my real address is 4 elm grove not the fake one', 'my password is fluffy123', 'my email is jo.smith@gmail.com'])(
    '%j is pii',
    (text) => {
      expect(detectPii(text).length).toBeGreaterThan(0);
    },
  );
});

describe('reporting harm and supporting someone', () => {
  it.each([
    'a boy in my class keeps saying "go back to your country" to me, what do i do',
    'i saw graffiti saying paki out near the park, we reported it to the council',
    "i'm worried my friend is self-harming, i've told the safeguarding lead",
    'please don\'t hurt yourself tonight, message me instead, any time',
    "i know you feel like a burden but you're honestly not, we love having you around",
  ])('%j passes', (text) => {
    expect(labelOf(text)).toBeNull();
  });
  it('the writer\'s own distress or a direct attack still flags', () => {
    expect(labelOf('i told my mum i want to kill myself and she laughed')).toBe('self_harm');
    expect(labelOf('go back to your country you dirty paki')).toBe('hate');
    expect(labelOf("don't bother, nobody would care if you killed yourself")).not.toBeNull();
  });
});

describe('words that only look like a proposition or a threat', () => {
  it.each([
    'as a black girl i love learning about black history, we should do it all year',
    "i have adhd so i'm going to take a movement break, sir knows",
    'the year 11s have exams so we have to be quiet in the corridor',
    'my family is from kerala so we eat a lot of coconut',
  ])('%j passes', (text) => {
    expect(labelOf(text)).toBeNull();
  });
  it('the real thing still flags', () => {
    expect(labelOf('wanna do it tonight babe')).toBe('sexual');
    expect(labelOf("i'm going to break your legs")).toBe('violence');
    expect(labelOf('this has to stay secret between us ok')).toBe('grooming');
  });
});

describe('masked and regional swearing', () => {
  it.each(['sh*t my cam froze', 'f*** this essay', 'b*ll*cks, i left my calculator at home', 'cr*p i missed the bus', 'f$%k i lost connection', 'this is bullsh*t', 'what the f is happening', 'bloody chromebook'])(
    '%j is profanity',
    (text) => {
      expect(labelOf(text)).toBe('profanity');
    },
  );
  it.each(["shhh it's a surprise for mum's 40th", 'the bloody sunday massacre was in 1972', 'prick your finger with the lancet', 'the tit is a type of bird that visits the feeder'])(
    '%j passes',
    (text) => {
      expect(labelOf(text)).toBeNull();
    },
  );
});
