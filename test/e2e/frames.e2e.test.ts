/**
 * Frame safeguarding with real browsers: Chromium's fake camera plays a still of two people (faces
 * from photos shipped in @vladmandic/human). Frames are decoded from the lowest simulcast layer and
 * classified by the real models in a worker thread.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startCameraLesson, type CameraLesson } from '../helpers/fakeCamera';
import { DslFeedClient, type Harness } from '../helpers/harness';
import { allFiles, plaintextMediaFiles } from '../helpers/media';

jest.setTimeout(120_000);

let camera: CameraLesson;
let h: Harness;
let lessonId: string;
let dsl: DslFeedClient;
const enter = (key: string): Promise<Page> => camera.pages.enterLesson(key, lessonId);

beforeAll(async () => {
  camera = await startCameraLesson();
  ({ h, lessonId } = camera);
  dsl = await DslFeedClient.connect(h.baseUrl, (await h.login('dsl')).accessToken);
});

afterAll(async () => {
  dsl?.close();
  await camera?.close();
});

test('a second person on a student camera raises person_visible at the DSL, with encrypted evidence', async () => {
  const teacher = await enter('teacher');
  const student = await enter('student3');
  await student.getByTestId('toggle-camera').click();
  const flag = await dsl.waitFor((f) => f.label === 'person_visible', 20000);
  expect(flag.studentId).toBe(h.school.users.student3.id);
  expect(flag.severity).toBe('low');
  expect(flag.source).toBe('camera');
  expect(flag.hasSnapshot).toBe(true);
  expect(flag.model).toMatch(/blazeface/);
  await teacher.getByTestId('flag-person_visible').waitFor();
  // Low severity: the teacher is told; the camera is not paused.
  expect(await student.getByTestId('lesson-banner').textContent()).not.toMatch(/paused/);

  const d = await h.login('dsl');
  const preview = await fetch(`${h.baseUrl}/api/flags/${flag.id}/preview`, { headers: { authorization: `Bearer ${d.accessToken}` } });
  expect(preview.status).toBe(200);
  const small = Buffer.from(await preview.arrayBuffer());
  expect(small.subarray(0, 3).toString('hex')).toBe('ffd8ff');
  const noWhy = await h.http('POST', `/flags/${flag.id}/snapshot`, d.accessToken, {});
  expect(noWhy.status).toBe(400);
  const snap = await fetch(`${h.baseUrl}/api/flags/${flag.id}/snapshot`, {
    method: 'POST',
    headers: { authorization: `Bearer ${d.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ justification: 'Checking who else is in the room for incident review' }),
  });
  expect(snap.status).toBe(200);
  expect(Buffer.from(await snap.arrayBuffer()).length).toBeGreaterThan(small.length);
  expect(h.app.audit.list({ targetId: flag.id, action: 'flag.snapshot_revealed', limit: 5 })).toHaveLength(1);
  const t = await h.login('teacher');
  expect((await fetch(`${h.baseUrl}/api/flags/${flag.id}/preview`, { headers: { authorization: `Bearer ${t.accessToken}` } })).status).toBe(403);
});

test('a level-1 student sharing a face raises camera_in_share and the share is paused', async () => {
  const student = await enter('student1');
  // The server never trusts the client's label: a camera track sent as "share".
  const produced = await student.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
    await (window as any).lesson.produce('share', stream.getVideoTracks()[0]);
    return true;
  });
  expect(produced).toBe(true);
  const flag = await dsl.waitFor((f) => f.label === 'camera_in_share', 20000);
  expect(flag.studentId).toBe(h.school.users.student1.id);
  expect(flag.action).toBe('contained');
  await student.waitForFunction(() => /paused/i.test(document.querySelector('[data-testid=lesson-banner]')?.textContent ?? ''), undefined, { timeout: 5000 });

  // The DSL releases it; the share resumes.
  const d = await h.login('dsl');
  expect((await h.http('POST', `/flags/${flag.id}/release`, d.accessToken, { reason: 'poster of a film on the wall' })).status).toBe(200);
  await student.waitForFunction(() => /resumed/i.test(document.querySelector('[data-testid=lesson-banner]')?.textContent ?? ''), undefined, { timeout: 5000 });
});

test('no plaintext evidence at rest: no image or media file in the data directory, no JPEG in the database', () => {
  expect(plaintextMediaFiles(h.dataDir)).toEqual([]);
  const files = allFiles(h.dataDir);
  for (const f of files) {
    const bytes = readFileSync(f);
    expect(bytes.subarray(0, 3).toString('hex')).not.toBe('ffd8ff');
    // Evidence is stored base64-encoded ciphertext; a base64 JPEG would start "/9j/".
    expect(bytes.includes(Buffer.from('/9j/4'))).toBe(false);
  }
});
