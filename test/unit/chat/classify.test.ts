import { CHAT_LABELS, type ChatLabel } from '../../../shared/taxonomy';
import { classifyChatMessage, DEFAULT_CHAT_ACTIONS } from '../../../server/safeguarding/chat';

const label = (s: string): ChatLabel | null => classifyChatMessage(s).label;

describe('positives per label', () => {
  const cases: Record<ChatLabel, string[]> = {
    sexual: ['send nudes', 's e n d n u d e s', 'show me ur boobs', 'take your top off on cam', 'wanna have sex'],
    grooming: [
      "don't tell your parents about us",
      'this is our little secret',
      'message me on whatsapp instead',
      'meet me after school alone',
      "I'll buy you a new phone if you send a pic",
      'how old are you really',
      'are you home alone',
      "your parents don't understand you like I do",
    ],
    self_harm: ['I want to kill myself', 'i wanna die', "i've been cutting myself again", 'i make myself sick after every meal', 'kms'],
    violence: ["I'll stab you", 'bringing a knife tomorrow', "you're dead after school bro", 'im gonna shoot up the school'],
    extremism: ['join the jihad', 'white genocide is real', 'the great replacement is happening', 'tarrant is a hero', 'heil hitler'],
    hate: ['all muslims are terrorists', 'go back to your own country', 'n1gger', 'gay people are disgusting'],
    bullying: ["you're so ugly", 'nobody likes you', "don't let her join", 'kill yourself', 'kys'],
    pii: ['my number is 07700 900123', 'email me at jo.b@gmail.com', 'I live at 12 Acacia Road', 'my password is hunter22'],
    profanity: ['this is fucking hard', 'oh sh1t', 'wtf', 'f*ck'],
  };
  for (const l of CHAT_LABELS) {
    it.each(cases[l])(`${l}: %j`, (text) => {
      const v = classifyChatMessage(text);
      expect(v.flagged).toBe(true);
      expect(v.label).toBe(l);
    });
  }
});

describe('hard benign school talk passes', () => {
  it.each([
    'I could murder a pizza',
    'breast stroke in PE',
    'we studied the Holocaust',
    'kill the process',
    'Scunthorpe',
    'the answer is 455',
    'my dad shot a film',
    'the bomb calorimeter experiment',
    'Sussex',
    'cocktail',
    "I'm dying to see the new film",
    'the Nazi party rose in 1933',
    'Penistone and Essex',
    'sex cells have 23 chromosomes',
    'Macbeth murders Duncan in act 2',
    'the time is 07:45',
    'lol you are such a nerd',
    'a blue tit was on the feeder',
    'we need a knife and fork for food tech',
    'i cut myself on the paper by accident',
    'number 10 downing street is where the PM lives',
    'i live near the park',
    "if someone asks for nudes tell an adult",
  ])('%j', (text) => {
    const v = classifyChatMessage(text);
    expect(v.labels).toEqual([]);
    expect(v.flagged).toBe(false);
  });
});

describe('PII formats', () => {
  it.each([
    '07700 900123',
    '07700900123',
    '+44 7700 900123',
    '+44 (0)7700-900-123',
    '+1 415 555 0132',
    '0161 496 0123',
    'my number is zero seven seven zero zero nine zero zero one two three',
    'jo.bloggs+school@outlook.co.uk',
    'jo at gmail dot com',
    'I live at 12 Acacia Road',
    'my postcode is SW1A 1AA',
    'add me on snap: xyz_123',
    'my insta is @abc',
    'my discord is gamer#1234',
    'my password is fluffy123',
  ])('%j is pii', (text) => {
    expect(classifyChatMessage(text).labels.map((l) => l.label)).toContain('pii');
  });

  it.each(['the answer is 455', 'x = 1200', 'count 1 2 3 4 5 6 7 8 9 10', '07:45', 'the ratio is 1:2', 'year 7 3rd period'])(
    '%j is not pii',
    (text) => {
      expect(classifyChatMessage(text).flagged).toBe(false);
    },
  );

  it('shares of a concrete identifier are pii first, invitations without one are grooming', () => {
    expect(label('add me on snap: jake_22')).toBe('pii');
    expect(label('add me on snapchat')).toBe('grooming');
  });
});

describe('label decisions', () => {
  it('telling someone else to kill themselves is bullying; first person is self_harm', () => {
    expect(label('go kill yourself')).toBe('bullying');
    expect(label('i want to kill myself')).toBe('self_harm');
  });

  it('an insult with swearing is bullying, bare swearing is profanity', () => {
    expect(label("you're a fucking loser")).toBe('bullying');
    expect(label('fucking printer')).toBe('profanity');
  });

  it('verdict shape', () => {
    const v = classifyChatMessage('S E N D  N U D E S');
    expect(v.normalised).toContain('sendnudes');
    expect(v.labels[0]).toMatchObject({ label: 'sexual' });
    for (const l of v.labels) {
      expect(l.score).toBeGreaterThan(0);
      expect(l.score).toBeLessThanOrEqual(1);
      expect(l.reason.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic', () => {
    expect(classifyChatMessage('meet me after school alone')).toEqual(classifyChatMessage('meet me after school alone'));
  });
});

describe('default actions (DESIGN.md section 5)', () => {
  it('matches the taxonomy defaults', () => {
    expect(DEFAULT_CHAT_ACTIONS.sexual).toEqual({ severity: 'high', hold: true, alert: true });
    expect(DEFAULT_CHAT_ACTIONS.grooming).toEqual({ severity: 'high', hold: true, alert: true });
    expect(DEFAULT_CHAT_ACTIONS.self_harm).toMatchObject({ severity: 'high', alert: true });
    expect(DEFAULT_CHAT_ACTIONS.violence).toMatchObject({ severity: 'high', alert: true });
    expect(DEFAULT_CHAT_ACTIONS.extremism).toMatchObject({ severity: 'high', alert: true });
    expect(DEFAULT_CHAT_ACTIONS.hate).toEqual({ severity: 'medium', hold: true, alert: true });
    expect(DEFAULT_CHAT_ACTIONS.bullying).toEqual({ severity: 'medium', hold: false, alert: true });
    expect(DEFAULT_CHAT_ACTIONS.pii).toEqual({ severity: 'medium', hold: true, alert: true });
    expect(DEFAULT_CHAT_ACTIONS.profanity).toEqual({ severity: 'low', hold: false, alert: false });
  });
});
