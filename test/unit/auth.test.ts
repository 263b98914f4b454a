import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import { TokenService } from '../../server/auth/tokens';
import { currentTotp, newTotpSecret, TotpVerifier } from '../../server/auth/totp';
import { FailureLimiter } from '../../server/auth/rateLimit';
import { openSqlite } from '../../server/store/db';
import { migrate } from '../../server/store/migrations';
import { Directory } from '../../server/store/directory';
import { redact } from '../../server/logger';

function setup() {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'chaperone-auth-')), 'db.sqlite'));
  migrate(db);
  const dir = new Directory(db);
  const school = dir.createSchool('S');
  const userId = dir.createUser({ schoolId: school, email: 'a@b.example', name: 'A', role: 'student', passwordHash: 'x' });
  const secret = Buffer.alloc(32, 7);
  return { db, tokens: new TokenService(db, secret, 60, 3600), user: { id: userId, role: 'student' as const, school_id: school }, secret };
}

describe('passwords', () => {
  test('scrypt hashes verify only the right password', async () => {
    const h = await hashPassword('correct horse');
    expect(h.startsWith('scrypt$32768$')).toBe(true);
    await expect(verifyPassword('correct horse', h)).resolves.toBe(true);
    await expect(verifyPassword('wrong', h)).resolves.toBe(false);
    await expect(verifyPassword('x', 'garbage')).resolves.toBe(false);
  });
});

describe('tokens', () => {
  test('access token carries user, role, school; logout revokes it at once', () => {
    const { tokens, user } = setup();
    const t = tokens.issue(user);
    const p = tokens.verifyAccess(t.accessToken);
    expect(p).toMatchObject({ userId: user.id, role: 'student', schoolId: user.school_id });
    tokens.revoke(p.sessionId);
    expect(() => tokens.verifyAccess(t.accessToken)).toThrow(/session has ended/);
  });

  test('forged, expired and mfa-typed tokens are refused', () => {
    const { tokens, user, secret } = setup();
    const t = tokens.issue(user);
    const claims = jwt.decode(t.accessToken) as Record<string, unknown>;
    const forged = jwt.sign({ ...claims, role: 'dsl' }, Buffer.alloc(32, 9));
    expect(() => tokens.verifyAccess(forged)).toThrow(/invalid/);
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret);
    expect(() => tokens.verifyAccess(expired)).toThrow(/invalid/);
    const none = jwt.sign({ ...claims }, '', { algorithm: 'none' as jwt.Algorithm });
    expect(() => tokens.verifyAccess(none)).toThrow(/invalid/);
    expect(() => tokens.verifyAccess(tokens.signMfa(user.id))).toThrow(/invalid/);
  });

  test('refresh rotates: the old refresh token stops working', () => {
    const { tokens, user } = setup();
    const t = tokens.issue(user);
    const next = tokens.refresh(t.refreshToken, () => user);
    expect(tokens.verifyAccess(next.accessToken).userId).toBe(user.id);
    expect(() => tokens.refresh(t.refreshToken, () => user)).toThrow(/invalid refresh/);
  });
});

describe('totp', () => {
  test('accepts the current code once, rejects wrong and replayed codes', () => {
    const secret = newTotpSecret();
    const v = new TotpVerifier();
    const code = currentTotp(secret);
    expect(v.verify('u1', secret, code)).toBe(true);
    expect(v.verify('u1', secret, code)).toBe(false);
    expect(v.verify('u2', secret, code === '000000' ? '111111' : '000000')).toBe(false);
  });
});

describe('rate limit', () => {
  test('blocks after max failures within the window, resets after it', () => {
    const l = new FailureLimiter(3, 1000);
    for (let i = 0; i < 3; i++) l.fail('k', 0);
    expect(l.isBlocked('k', 10)).toBe(true);
    expect(l.isBlocked('k', 1001)).toBe(false);
  });
});

describe('logger redaction', () => {
  test('secret-looking keys never reach a log line', () => {
    expect(redact({ password: 'p', nested: { accessToken: 't', ok: 1 }, code: '123456' })).toEqual({ password: '[redacted]', nested: { accessToken: '[redacted]', ok: 1 }, code: '[redacted]' });
  });
});
