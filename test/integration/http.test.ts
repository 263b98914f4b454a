/** The HTTP API: sign-in with staff TOTP, deny by default, typed errors, parents' levels and usage. */
import { currentTotp } from '../../server/auth/totp';
import { DEMO_PASSWORD } from '../../server/seed';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('students sign in with a password; staff must pass TOTP', async () => {
  const s = await h.http<{ status: string; accessToken?: string }>('POST', '/auth/login', undefined, { email: 'ava@riverside.example', password: DEMO_PASSWORD });
  expect(s.body.status).toBe('ok');
  const t = await h.http<{ status: string; accessToken?: string; mfaToken: string }>('POST', '/auth/login', undefined, { email: 'dsl@riverside.example', password: DEMO_PASSWORD });
  expect(t.body.status).toBe('mfa_required');
  expect(t.body.accessToken).toBeUndefined();
  // The mfa token is not an access token.
  expect((await h.http('GET', '/me', t.body.mfaToken)).status).toBe(401);
  const wrong = await h.http('POST', '/auth/mfa', undefined, { mfaToken: t.body.mfaToken, code: currentTotp(h.school.users.dsl.totpSecret!) === '123456' ? '654321' : '123456' });
  expect(wrong.status).toBe(401);
  const ok = await h.http<{ accessToken: string }>('POST', '/auth/mfa', undefined, { mfaToken: t.body.mfaToken, code: currentTotp(h.school.users.dsl.totpSecret!) });
  expect(ok.status).toBe(200);
  const me = await h.http<{ role: string }>('GET', '/me', ok.body.accessToken);
  expect(me.body.role).toBe('dsl');
});

test('a staff member without TOTP enrols on first sign-in', async () => {
  const id = h.app.directory.createUser({ schoolId: h.school.schoolId, email: 'new.teacher@riverside.example', name: 'New', role: 'teacher', passwordHash: h.app.directory.userById(h.school.users.student1.id)!.password_hash });
  const r = await h.http<{ status: string; secret: string; mfaToken: string }>('POST', '/auth/login', undefined, { email: 'new.teacher@riverside.example', password: DEMO_PASSWORD });
  expect(r.body.status).toBe('mfa_enrol');
  const ok = await h.http('POST', '/auth/mfa', undefined, { mfaToken: r.body.mfaToken, code: currentTotp(r.body.secret) });
  expect(ok.status).toBe(200);
  expect(h.app.directory.userById(id)!.totp_enabled).toBe(1);
});

test('sign-in failures are rate limited per email', async () => {
  const email = 'dee@riverside.example';
  const codes: number[] = [];
  for (let i = 0; i < 10; i++) codes.push((await h.http('POST', '/auth/login', undefined, { email, password: 'wrong' })).status);
  expect(codes.slice(0, 8).every((c) => c === 401)).toBe(true);
  expect(codes[9]).toBe(429);
  // Even the right password is refused while blocked.
  expect((await h.http('POST', '/auth/login', undefined, { email, password: DEMO_PASSWORD })).status).toBe(429);
});

test('logout ends the session; refresh rotates', async () => {
  const r = await h.http<{ accessToken: string; refreshToken: string }>('POST', '/auth/login', undefined, { email: 'ben@riverside.example', password: DEMO_PASSWORD });
  const refreshed = await h.http<{ accessToken: string; refreshToken: string }>('POST', '/auth/refresh', undefined, { refreshToken: r.body.refreshToken });
  expect(refreshed.status).toBe(200);
  expect((await h.http('POST', '/auth/refresh', undefined, { refreshToken: r.body.refreshToken })).status).toBe(401);
  expect((await h.http('POST', '/auth/logout', refreshed.body.accessToken)).status).toBe(200);
  expect((await h.http('GET', '/me', refreshed.body.accessToken)).status).toBe(401);
  expect((await h.http('GET', '/me', r.body.accessToken)).status).toBe(401);
});

test('every route is authenticated and role-guarded', async () => {
  expect((await h.http('GET', '/classes')).status).toBe(401);
  expect((await h.http('GET', '/parent/children')).status).toBe(401);
  const student = await h.login('student3');
  expect((await h.http('GET', '/parent/children', student.accessToken)).status).toBe(403);
  expect((await h.http('POST', '/lessons', student.accessToken, { classId: h.school.classId })).status).toBe(403);
  const other = await h.login('teacher2');
  expect((await h.http('POST', '/lessons', other.accessToken, { classId: h.school.classId })).status).toBe(403);
  expect((await h.http('GET', '/nope', student.accessToken)).status).toBe(404);
});

test('bad input gets a typed 400 and never a crash', async () => {
  const res = await fetch(`${h.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  const big = await fetch(`${h.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(100_000) }) });
  expect(big.status).toBe(400);
  const parent = await h.login('parent1');
  const lvl = await h.http<{ error: { code: string; message: string } }>('PUT', `/parent/children/${h.school.users.student1.id}/level`, parent.accessToken, { level: 7 });
  expect(lvl.status).toBe(400);
  expect(lvl.body.error.message).toMatch(/level/);
});

test("parents set only their own child's level and see their usage", async () => {
  const parent = await h.login('parent1');
  const kids = await h.http<Array<{ id: string; level: number }>>('GET', '/parent/children', parent.accessToken);
  expect(kids.body).toEqual([expect.objectContaining({ id: h.school.users.student1.id, level: 1 })]);
  const mine = await h.http<{ level: number }>('PUT', `/parent/children/${h.school.users.student1.id}/level`, parent.accessToken, { level: 2 });
  expect(mine.body.level).toBe(2);
  expect(h.app.directory.levelOf(h.school.users.student1.id)).toBe(2);
  const theirs = await h.http('PUT', `/parent/children/${h.school.users.student2.id}/level`, parent.accessToken, { level: 3 });
  expect(theirs.status).toBe(404);
  expect(h.app.directory.levelOf(h.school.users.student2.id)).toBe(2);
  expect((await h.http('GET', `/parent/children/${h.school.users.student2.id}/lessons`, parent.accessToken)).status).toBe(404);
  await h.http('PUT', `/parent/children/${h.school.users.student1.id}/level`, parent.accessToken, { level: 1 });
});
