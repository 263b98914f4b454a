/**
 * A real lesson in Chromium with camera and mic is recorded without transcoding, encrypted at rest,
 * and played back only to those allowed.
 */
import { tmpdir } from 'node:os';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, pageAs } from '../helpers/browser';
import { startHarness, type Harness } from '../helpers/harness';
import { countDecodedFrames, plaintextMediaFiles } from '../helpers/media';

jest.setTimeout(120_000);

let h: Harness;
let browser: Browser;
const contexts: BrowserContext[] = [];
let recordingId: string;
let lessonId: string;
const tmpBefore = new Set<string>();

beforeAll(async () => {
  for (const f of plaintextMediaFiles(tmpdir())) tmpBefore.add(f);
  h = await startHarness();
  browser = await launchBrowser();
  const teacher = await h.login('teacher');
  lessonId = (await h.http<{ id: string }>('POST', '/lessons', teacher.accessToken, { classId: h.school.classId })).body.id;
  const { context, page } = await pageAs(browser, h, 'student3', `#/lesson/${lessonId}`);
  contexts.push(context);
  await page.getByTestId('ack-recording').click();
  await page.getByTestId('toggle-camera').click();
  await page.getByTestId('toggle-mic').click();
  await page.getByTestId('chat-input').fill('Here is my answer: photosynthesis');
  await page.getByTestId('chat-input').press('Enter');
  await new Promise((r) => setTimeout(r, 5000));
  const end = await h.http('POST', `/lessons/${lessonId}/end`, teacher.accessToken);
  expect(end.status).toBe(200);
  recordingId = h.app.recordingStore.byLesson(lessonId)!.id;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await h?.close();
});

async function grant(key: string, body: Record<string, unknown> = {}) {
  const { accessToken } = await h.login(key);
  return h.http<any>('POST', `/recordings/${recordingId}/access`, accessToken, body);
}

async function fetchTrack(token: string, trackId: string, range?: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(`${h.baseUrl}/api/recordings/${recordingId}/tracks/${trackId}?pt=${encodeURIComponent(token)}`, { headers: range ? { range } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

test('the lesson was recorded: a camera and a mic track, complete, plus the timeline', () => {
  const rec = h.app.recordingStore.byId(recordingId)!;
  expect(rec.status).toBe('complete');
  const tracks = h.app.recordingStore.tracks(recordingId);
  expect(tracks.map((t) => t.source).sort()).toEqual(['camera', 'mic', 'timeline']);
  expect(tracks.every((t) => t.complete === 1)).toBe(true);
});

test('the teacher plays it back: decrypted on the fly, real decodable VP8 and Opus, with Range', async () => {
  const g = await grant('teacher');
  expect(g.status).toBe(200);
  const camera = g.body.tracks.find((t: any) => t.source === 'camera');
  const mic = g.body.tracks.find((t: any) => t.source === 'mic');
  const full = await fetchTrack(g.body.playbackToken, camera.id);
  expect(full.status).toBe(200);
  expect(full.body.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  const frames = await countDecodedFrames(full.body);
  expect(frames.video).toBeGreaterThan(30);
  expect(frames.width).toBeGreaterThanOrEqual(320);
  const audio = await countDecodedFrames((await fetchTrack(g.body.playbackToken, mic.id)).body);
  expect(audio.audio).toBeGreaterThan(50);

  const part = await fetchTrack(g.body.playbackToken, camera.id, 'bytes=100-70099');
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 100-70099/${full.body.length}`);
  expect(part.body.equals(full.body.subarray(100, 70100))).toBe(true);
  const beyond = await fetchTrack(g.body.playbackToken, camera.id, `bytes=${full.body.length + 10}-`);
  expect(beyond.status).toBe(416);
});

test('an enrolled student may watch; a parent and a student of another class get 403 and no metadata', async () => {
  expect((await grant('student1')).status).toBe(200);
  for (const key of ['parent3', 'outsider', 'admin', 'teacher2']) {
    const r = await grant(key);
    expect(r.status).toBe(403);
    expect(JSON.stringify(r.body)).not.toMatch(/camera|tracks|Science|playbackToken/);
  }
  const unknown = await h.http('POST', `/recordings/00000000-0000-0000-0000-000000000000/access`, (await h.login('teacher')).accessToken, {});
  expect(unknown.status).toBe(404);
  // Every decision, allowed or refused, is in the audit log, and the chain verifies.
  const denied = h.app.audit.list({ targetId: recordingId, action: 'recording.view.denied', limit: 50 });
  expect(denied.length).toBeGreaterThanOrEqual(4);
  expect(h.app.audit.verify()).toEqual({ ok: true, entries: expect.any(Number) });
});

test('a playback grant is bound to its recording and stops working on quarantine for non-DSL viewers', async () => {
  const g = await grant('student3');
  const track = g.body.tracks[0];
  expect((await fetchTrack('not-a-real-grant-token', track.id)).status).toBe(401);
  const dsl = await h.login('dsl');
  const q = await h.http<any>('POST', `/recordings/${recordingId}/quarantine`, dsl.accessToken, { fromMs: 1000, toMs: 3000, reason: 'test quarantine' });
  expect(q.status).toBe(200);
  expect((await fetchTrack(g.body.playbackToken, track.id)).status).toBe(403);
  expect((await grant('teacher')).status).toBe(403);
  const noWhy = await grant('dsl');
  expect(noWhy.status).toBe(403);
  expect(noWhy.body.error.reason).toBe('justification_required');
  const why = await grant('dsl', { justification: 'Reviewing flagged moment for incident 12' });
  expect(why.status).toBe(200);
  const lift = await h.http('POST', `/recordings/${recordingId}/quarantines/${q.body.id}/lift`, dsl.accessToken, { reason: 'false positive' });
  expect(lift.status).toBe(200);
  expect((await grant('teacher')).status).toBe(200);
  const actions = h.app.audit.list({ targetId: recordingId, limit: 200 }).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['recording.quarantine', 'recording.quarantine_lifted']));
});

test('the timeline holds the chat and joins, relative to the lesson start', async () => {
  const g = await grant('teacher');
  const res = await fetch(`${h.baseUrl}/api/recordings/${recordingId}/timeline?pt=${encodeURIComponent(g.body.playbackToken)}`);
  const events = (await res.json()) as Array<{ type: string; offsetMs: number; detail: Record<string, unknown> }>;
  expect(events.find((e) => e.type === 'chat')?.detail.text).toBe('Here is my answer: photosynthesis');
  expect(events.some((e) => e.type === 'join')).toBe(true);
  expect(events.every((e) => e.offsetMs >= 0)).toBe(true);
});

test('the player page opens at the time in the URL and plays the tracks', async () => {
  const { context, page } = await pageAs(browser, h, 'teacher', `#/recording/${recordingId}?t=2`);
  contexts.push(context);
  await page.getByTestId('player-tracks').waitFor();
  await expect(page.getByTestId('clock').textContent()).resolves.toMatch(/^2\.0 s/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=player-tracks] video')].some((v) => (v as HTMLVideoElement).readyState >= 2), undefined, { timeout: 15000 });
  await expect(page.getByTestId('replay-chat').textContent()).resolves.toMatch(/photosynthesis/);
});

test('no plaintext media at rest: nothing under the storage root or the temp dir starts with a container signature', () => {
  expect(plaintextMediaFiles(h.app.config.recordingsDir)).toEqual([]);
  expect(plaintextMediaFiles(tmpdir()).filter((f) => !tmpBefore.has(f))).toEqual([]);
});
