import { DAY_MS, expiresAt, isExpired, type RetentionFacts } from '../../../server/domain/retention';

const ended = Date.UTC(2026, 0, 10, 15, 0, 0);
const facts = (f: Partial<RetentionFacts> = {}): RetentionFacts => ({
  endedAt: ended,
  retentionDays: 30,
  legalHold: false,
  activeQuarantine: false,
  openIncident: false,
  ...f,
});

describe('expiresAt', () => {
  test('counts retention days from the end of the recording', () => {
    expect(expiresAt(ended, 30)).toBe(ended + 30 * DAY_MS);
    expect(expiresAt(ended, 0)).toBe(ended);
  });
  test('rejects nonsense retention', () => {
    expect(() => expiresAt(ended, -1)).toThrow(RangeError);
    expect(() => expiresAt(ended, 1.5)).toThrow(RangeError);
    expect(() => expiresAt(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('isExpired', () => {
  const due = ended + 30 * DAY_MS;
  test('expires exactly at the end of retention, not before', () => {
    expect(isExpired(facts(), due - 1)).toBe(false);
    expect(isExpired(facts(), due)).toBe(true);
    expect(isExpired(facts(), due + DAY_MS)).toBe(true);
  });
  test.each([
    ['legal hold', { legalHold: true }],
    ['active quarantine', { activeQuarantine: true }],
    ['open incident', { openIncident: true }],
    ['all three', { legalHold: true, activeQuarantine: true, openIncident: true }],
  ])('never expires under %s, however old', (_name, hold) => {
    expect(isExpired(facts(hold), due + 10_000 * DAY_MS)).toBe(false);
  });
  test('once released, expiry resumes from the original date', () => {
    expect(isExpired(facts({ legalHold: false }), due + 1)).toBe(true);
  });
  test('a recording that has not ended never expires', () => {
    expect(isExpired(facts({ endedAt: null }), due + 10_000 * DAY_MS)).toBe(false);
  });
  test('zero retention expires at the end', () => {
    expect(isExpired(facts({ retentionDays: 0 }), ended)).toBe(true);
  });
});
