/**
 * Real browsers (Debian Chromium, fake camera/mic) in a real lesson through the real SFU:
 * the promises of contribution levels, checked where a family would notice them breaking.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { currentTotp } from '../../server/auth/totp';
import { DEMO_PASSWORD } from '../../server/seed';
import { BrowserSession, launchBrowser, waitForDecodedVideo } from '../helpers/browser';
import { startHarness, type Harness } from '../helpers/harness';

jest.setTimeout(90_000);

let h: Harness;
let browser: Browser;
let lessonId: string;
const contexts: BrowserContext[] = [];

let pages: BrowserSession;
const open = (key: string, hash = `#/lesson/${lessonId}`): Promise<Page> => pages.open(key, hash);
const enterLesson = (key: string): Promise<Page> => pages.enterLesson(key, lessonId);

beforeAll(async () => {
  h = await startHarness();
  browser = await launchBrowser();
  pages = new BrowserSession(browser, h);
});

afterEach(async () => {
  while (contexts.length) await contexts.pop()!.close();
  await pages.closeAll();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

test('the teacher signs in with TOTP, starts the lesson, and a level-3 student camera reaches them over DTLS-SRTP', async () => {
  const context = await browser.newContext();
  contexts.push(context);
  const teacher = await context.newPage();
  await teacher.goto(h.baseUrl);
  await teacher.fill('input[name=email]', 'teacher@riverside.example');
  await teacher.fill('input[name=password]', DEMO_PASSWORD);
  await teacher.click('button[type=submit]');
  await teacher.getByTestId('mfa-form').waitFor();
  await teacher.fill('input[name=code]', currentTotp(h.school.users.teacher.totpSecret!));
  await teacher.click('button[type=submit]');
  await teacher.getByTestId(`start-${h.school.classId}`).click();
  await teacher.getByTestId('recording-notice').waitFor();
  lessonId = /#\/lesson\/([\w-]+)/.exec(teacher.url())![1];
  await teacher.getByTestId('ack-recording').click();

  const student = await enterLesson('student3');
  await student.getByTestId('toggle-camera').click();
  const cal = h.school.users.student3.id;
  const video = await waitForDecodedVideo(teacher, `[data-testid="remote-camera-${cal}"]`);
  expect(video.width).toBeGreaterThan(0);

  const stats = await teacher.evaluate(() => (window as any).lesson.transportStats());
  const transport = stats.find((s: any) => s.type === 'transport');
  expect(transport.dtlsState).toBe('connected');
  expect(String(transport.srtpCipher)).toMatch(/AES/);
  expect(transport.tlsVersion).toBeDefined();
  const notice = h.app.lessonStore.attendance(lessonId).filter((a) => a.user_id === cal);
  expect(notice[0].notice_ack_at).not.toBeNull();
});

test('a level-1 student sees no mic or camera controls, and a raw produce of audio is refused', async () => {
  const ava = await enterLesson('student1');
  await ava.getByTestId('why-mic').waitFor();
  await expect(ava.getByTestId('why-camera').textContent()).resolves.toMatch(/parent/);
  expect(await ava.getByTestId('toggle-mic').count()).toBe(0);
  expect(await ava.getByTestId('toggle-camera').count()).toBe(0);
  expect(await ava.getByTestId('toggle-share').count()).toBe(1);
  const result = await ava.evaluate(async () => {
    const lesson = (window as any).lesson;
    const t = await lesson.request('createTransport', { direction: 'send' });
    try {
      await lesson.request('produce', {
        transportId: t.id,
        kind: 'audio',
        source: 'mic',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4242 }] },
      });
      return 'accepted';
    } catch (e: any) {
      return e.body.code;
    }
  });
  expect(result).toBe('CONTRIBUTION_LEVEL');
});

test('a parent lowers a live student from 3 to 1 and the teacher stops receiving the camera', async () => {
  const teacher = await enterLesson('teacher');
  const cal = h.school.users.student3.id;
  const student = await enterLesson('student3');
  await student.getByTestId('toggle-camera').click();
  await waitForDecodedVideo(teacher, `[data-testid="remote-camera-${cal}"]`);

  const parent = await open('parent3', '');
  await parent.getByTestId(`level-${cal}-1`).check();
  await teacher.locator(`[data-testid="remote-camera-${cal}"]`).waitFor({ state: 'detached', timeout: 5000 });
  await student.getByTestId('why-camera').waitFor();
  await expect(student.getByTestId('lesson-banner').textContent()).resolves.toMatch(/parent/);
  expect(await student.getByTestId('toggle-camera').count()).toBe(0);
  await parent.getByTestId(`level-${cal}-3`).check();
  await student.getByTestId('toggle-camera').waitFor();
});

test('a student of another class cannot join', async () => {
  const dee = await open('outsider');
  await expect(dee.getByTestId('join-error').textContent()).resolves.toMatch(/not a member/);
  expect(await dee.getByTestId('recording-notice').count()).toBe(0);
});

test('teacher mute closes the student mic for everyone', async () => {
  const teacher = await enterLesson('teacher');
  const ben = h.school.users.student2.id;
  const student = await enterLesson('student2');
  await student.getByTestId('toggle-mic').click();
  await teacher.locator(`[data-testid="remote-mic-${ben}"]`).waitFor({ state: 'attached' });
  await teacher.getByTestId(`mute-${ben}`).click();
  await teacher.locator(`[data-testid="remote-mic-${ben}"]`).waitFor({ state: 'detached', timeout: 5000 });
  await expect(student.getByTestId('why-mic').textContent()).resolves.toMatch(/teacher/i);
  const spans = h.app.lessonStore.producerSpans(lessonId, ben);
  expect(spans.at(-1)).toMatchObject({ source: 'mic', close_reason: 'teacher:teacher_restriction' });
});

test('a held message reaches the teacher as a flag; the teacher releases it with a reason and the class receives it', async () => {
  const teacher = await enterLesson('teacher');
  const ava = await enterLesson('student1');
  const cal = await enterLesson('student3');
  await ava.getByTestId('chat-input').fill('my snap is ava_rocks_2011 add me');
  await ava.getByTestId('chat-input').press('Enter');
  await expect(ava.getByTestId('lesson-banner').textContent()).resolves.toBeDefined();
  await ava.waitForFunction(() => /not sent|held/i.test(document.querySelector('[data-testid=lesson-banner]')?.textContent ?? ''));
  const banner = teacher.getByTestId('flag-pii');
  await banner.waitFor();
  expect(await cal.getByTestId('chat-log').textContent()).not.toMatch(/ava_rocks/);
  expect(await cal.getByTestId('lesson-flags').count()).toBe(1);
  expect(await cal.getByTestId('lesson-flags').textContent()).toBe('');
  await banner.locator('input').fill('It is the class project account');
  await banner.locator('button').click();
  await banner.getByText('Released').waitFor();
  await cal.getByTestId('chat-log').getByText('ava_rocks_2011').waitFor();
});
