/**
 * Recording lifecycle on the real worker, real SQLite and real encrypted files: a full disk,
 * key rotation and a wrong key file, retention with legal hold, and crypto-shredding.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChaperone, type ChaperoneOptions } from '../../server/app';
import { loadConfig } from '../../server/config';
import { totpAtStep } from '../../server/auth/totp';
import type { TrackFs } from '../../server/recording/crypto/encryptedWriter';
import { DEMO_PASSWORD, seedDemoSchool } from '../../server/seed';
import { DslFeedClient, SignalClient } from '../helpers/harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function boot(dataDir: string, env: Record<string, string> = {}, options: ChaperoneOptions = {}) {
  const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent', MEDIASOUP_WORKERS: '1', CHAPERONE_FRAME_WORKERS: '0', CHAPERONE_DATA_DIR: dataDir, CHAPERONE_RECORDINGS_DIR: join(dataDir, 'rec'), ...env });
  const app = await createChaperone(config, options);
  const school = await seedDemoSchool(app.directory);
  const port = await app.listen();
  const base = `http://127.0.0.1:${port}`;
  const http = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}/api${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const login = async (key: string): Promise<string> => {
    const u = school.users[key];
    const r = await http('POST', '/auth/login', undefined, { email: u.email, password: DEMO_PASSWORD });
    if (r.body.accessToken) return r.body.accessToken;
    for (const step of [0, 1, -1]) {
      const m = await http('POST', '/auth/mfa', undefined, { mfaToken: r.body.mfaToken, code: totpAtStep(u.totpSecret!, step) });
      if (m.status === 200) return m.body.accessToken;
    }
    throw new Error('login failed');
  };
  return { app, school, base, http, login };
}

/** Runs a short lesson with some timeline events, then ends it; returns the recording id. */
async function recordLesson(ctx: Awaited<ReturnType<typeof boot>>, strokes = 3): Promise<string> {
  const teacher = await ctx.login('teacher');
  const lesson = await ctx.http('POST', '/lessons', teacher, { classId: ctx.school.classId });
  const c = await SignalClient.connect(ctx.base, teacher);
  await c.ok('joinLesson', { lessonId: lesson.body.id });
  await new Promise((r) => setTimeout(r, 1200)); // the join is flushed as its own chunk
  for (let i = 0; i < strokes; i++) {
    const points = Array.from({ length: 400 }, (_, k) => [Math.random(), (k % 100) / 100]);
    await c.ok('whiteboardStroke', { points, color: '#123456', width: 3 });
  }
  await c.ok('chat', { text: 'end of lesson summary' });
  await new Promise((r) => setTimeout(r, 1200));
  c.close();
  expect((await ctx.http('POST', `/lessons/${lesson.body.id}/end`, teacher)).status).toBe(200);
  return ctx.app.recordingStore.byLesson(lesson.body.id)!.id;
}

async function timelineOf(ctx: Awaited<ReturnType<typeof boot>>, recordingId: string, who = 'teacher') {
  const token = await ctx.login(who);
  const g = await ctx.http('POST', `/recordings/${recordingId}/access`, token, {});
  if (g.status !== 200) return { status: g.status, body: g.body };
  const res = await fetch(`${ctx.base}/api/recordings/${recordingId}/timeline?pt=${encodeURIComponent(g.body.playbackToken)}`);
  return { status: res.status, body: (await res.json()) as any };
}

function newDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'chaperone-rec-'));
  dirs.push(d);
  return d;
}

test('a full disk ends the recording cleanly, alerts, and keeps earlier chunks readable', async () => {
  const limit = 24 * 1024;
  // A file system that fills up: writes that would pass `limit` bytes fail with ENOSPC.
  const fullDisk: TrackFs = {
    create: async (file) => {
      const fh = await fsp.open(file, 'wx', 0o600);
      return {
        write: async (buf, off, len, pos) => {
          if (pos + len > limit) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          return fh.write(buf, off, len, pos);
        },
        truncate: (n) => fh.truncate(n),
        datasync: () => fh.datasync(),
        close: () => fh.close(),
      };
    },
  };
  const failures: string[] = [];
  const ctx = await boot(newDir(), {}, { recordingFs: fullDisk, onRecordingFailure: ({ error }) => failures.push(error.message) });
  const dsl = await DslFeedClient.connect(ctx.base, await ctx.login('dsl'));
  try {
    const id = await recordLesson(ctx, 12);
    expect(failures).toHaveLength(1);
    // The safeguarding team is told at once that the lesson is no longer being recorded.
    expect(dsl.alerts).toEqual([expect.objectContaining({ type: 'recording_failed' })]);
    expect(ctx.app.recordingStore.byId(id)!.status).toBe('failed');
    expect(ctx.app.audit.list({ targetId: id, action: 'recording.failed', limit: 5 })).toHaveLength(1);
    const t = await timelineOf(ctx, id);
    expect(t.status).toBe(200);
    expect(t.body.some((e: any) => e.type === 'join')).toBe(true);
  } finally {
    dsl.close();
    await ctx.app.close();
  }
});

test('key rotation re-wraps data keys without touching media; a wrong key file gives a clear error', async () => {
  const dir = newDir();
  const keyA = join(dir, 'kek-a.key');
  const keyB = join(dir, 'kek-b.key');
  const keyC = join(dir, 'kek-c.key');
  let ctx = await boot(dir, { CHAPERONE_KEK_FILE: keyA });
  const id = await recordLesson(ctx);
  const filesBefore = readdirSync(join(dir, 'rec', ctx.school.schoolId, id)).sort();
  // Sealed free text (a record of concern) is wrapped under the same key-encryption key.
  const concern = await ctx.http('POST', '/concerns', await ctx.login('teacher'), { text: 'Cal seemed withdrawn and mentioned home', studentIds: [ctx.school.users.student3.id] });
  expect(concern.status).toBe(200);
  await ctx.app.close();

  ctx = await boot(dir, { CHAPERONE_KEK_FILE: keyB, CHAPERONE_RETIRED_KEK_FILES: keyA });
  // The recording's data key, and the concern's (plus its chronology entries), are re-wrapped.
  expect(ctx.app.recordings.rotateKeys()).toBeGreaterThanOrEqual(2);
  expect(ctx.app.recordings.rotateKeys()).toBe(0);
  await ctx.app.close();

  ctx = await boot(dir, { CHAPERONE_KEK_FILE: keyB });
  const t = await timelineOf(ctx, id);
  expect(t.status).toBe(200);
  expect(t.body.find((e: any) => e.type === 'chat').detail.text).toBe('end of lesson summary');
  const readBack = await ctx.http('GET', `/concerns/${concern.body.id}`, await ctx.login('dsl'));
  expect(readBack.status).toBe(200);
  expect(JSON.stringify(readBack.body)).toContain('Cal seemed withdrawn and mentioned home');
  expect(readdirSync(join(dir, 'rec', ctx.school.schoolId, id)).sort()).toEqual(filesBefore);
  await ctx.app.close();

  ctx = await boot(dir, { CHAPERONE_KEK_FILE: keyC });
  const wrong = await timelineOf(ctx, id);
  expect(wrong.status).toBe(500);
  expect(wrong.body.error.message).toMatch(/wrong key file/);
  await ctx.app.close();
});

test('retention: expiry crypto-shreds (key first, then files) unless on legal hold; restored files stay unreadable', async () => {
  const dir = newDir();
  const ctx = await boot(dir);
  try {
    ctx.app.directory.setRetentionDays(ctx.school.schoolId, 0);
    const id = await recordLesson(ctx);
    const dsl = await ctx.login('dsl');
    expect((await ctx.http('POST', `/recordings/${id}/hold`, dsl, { hold: true, reason: 'police request 123' })).status).toBe(200);
    const days = (s: string) => ctx.app.directory.retentionDays(s);
    expect(await ctx.app.recordings.expire(Date.now() + 1000, days)).toEqual([]);
    expect(ctx.app.recordingStore.byId(id)!.wrapped_key).not.toBeNull();

    // Keep a copy of the ciphertext, as a backup restore would.
    const recDir = join(dir, 'rec', ctx.school.schoolId, id);
    const backup = newDir();
    for (const f of readdirSync(recDir)) copyFileSync(join(recDir, f), join(backup, f));

    expect((await ctx.http('POST', `/recordings/${id}/hold`, dsl, { hold: false, reason: 'case closed' })).status).toBe(200);
    expect(await ctx.app.recordings.expire(Date.now() + 1000, days)).toEqual([id]);
    const row = ctx.app.recordingStore.byId(id)!;
    expect(row.wrapped_key).toBeNull();
    expect(row.status).toBe('expired');
    expect(existsSync(recDir) && readdirSync(recDir).length > 0).toBe(false);

    // Restore the files: still unreadable, because no key exists anywhere.
    await fsp.mkdir(recDir, { recursive: true });
    for (const f of readdirSync(backup)) copyFileSync(join(backup, f), join(recDir, f));
    expect((await timelineOf(ctx, id)).status).toBe(404);
    expect(ctx.app.audit.list({ targetId: id, action: 'recording.expired', limit: 5 })).toHaveLength(1);
  } finally {
    await ctx.app.close();
  }
});
