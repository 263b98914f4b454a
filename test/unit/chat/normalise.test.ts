import { normalise } from '../../../server/safeguarding/chat/normalise';

const text = (s: string): string => normalise(s).text;

describe('chat normalisation', () => {
  it.each([
    ['s e x', 'sex'],
    ['k i l l', 'kill'],
    ['s.e.x', 'sex'],
    ['f*u*c*k', 'fuck'],
    ['k-i-l-l', 'kill'],
    ['k1ll', 'kill'],
    ['s3x', 'sex'],
    ['$ex', 'sex'],
    ['r@pe', 'rape'],
    ['kiiiiill', 'kill'],
    ['d*ck', 'dick'],
    ['ki\u200Bll', 'kill'], // zero-width space
    ['ѕех', 'sex'], // Cyrillic lookalikes
    ['Ｋｉｌｌ', 'kill'], // fullwidth
    ['kíll', 'kill'], // accent
    ['κill', 'kill'], // Greek kappa
  ])('%j → %j', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it('keeps numbers as numbers in both views', () => {
    expect(text('the answer is 455')).toBe('the answer is 455');
    expect(normalise('the answer is 455').plain).toBe('the answer is 455');
    expect(text('meet at 7pm in year 7')).toBe('meet at 7pm in year 7');
  });

  it('keeps digits, @ and punctuation in the plain view for PII', () => {
    const n = normalise('Call 07700 900123 or jo@example.com');
    expect(n.plain).toBe('call 07700 900123 or jo@example.com');
  });

  it('does not join ordinary single-letter chat words', () => {
    expect(text('u r a star')).toBe('you are a star');
  });

  it('expands chat shorthand', () => {
    expect(text("ur so kind, i'm glad")).toBe('your so kind i am glad');
  });

  it('treats a trailing ! as punctuation, not a leet i', () => {
    expect(text('white power!')).toBe('white power');
  });

  it('stays linear on long adversarial input', () => {
    const long = 'a.'.repeat(1000) + 'x '.repeat(1000);
    const t0 = process.hrtime.bigint();
    normalise(long);
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(50);
  });
});
