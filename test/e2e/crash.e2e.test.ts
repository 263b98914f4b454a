/**
 * Crash safety: the server is killed with SIGKILL mid-lesson while Chromium sends camera and mic.
 * After a restart the recording is marked interrupted and plays up to its last complete chunk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { totpAtStep } from '../../server/auth/totp';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed';
import { CHROMIUM } from '../helpers/browser';
import { countDecodedFrames } from '../helpers/media';

jest.setTimeout(150_000);

const ROOT = join(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'chaperone-crash-'));
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;
let browser: Browser | undefined;

function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CHAPERONE_DATA_DIR: dataDir, CHAPERONE_RECORDINGS_DIR: join(dataDir, 'recordings'), MEDIASOUP_WORKERS: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Chaperone is running')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

async function http<T = any>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function login(key: string): Promise<{ accessToken: string; refreshToken: string }> {
  const user = DEMO_USERS.find((u) => u.key === key)!;
  const r = await http('POST', '/auth/login', undefined, { email: user.email, password: DEMO_PASSWORD });
  if (r.body.status === 'ok') return r.body;
  for (const step of [0, 1, -1]) {
    const m = await http('POST', '/auth/mfa', undefined, { mfaToken: r.body.mfaToken, code: totpAtStep(user.totpSecret!, step) });
    if (m.status === 200) return m.body;
  }
  throw new Error(`login ${key} failed`);
}

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

test('kill -9 mid-lesson, restart: the recording is interrupted and plays up to the last chunk', async () => {
  server = await startServer();
  const teacher = await login('teacher');
  const classes = await http<Array<{ id: string; name: string }>>('GET', '/classes', teacher.accessToken);
  const lesson = await http<{ id: string }>('POST', '/lessons', teacher.accessToken, { classId: classes.body[0].id });
  const student = await login('student3');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-background-networking'] });
  const context = await browser.newContext();
  await context.addInitScript((t) => sessionStorage.setItem('chaperone.tokens', JSON.stringify(t)), student);
  const page = await context.newPage();
  await page.goto(`${base}/#/lesson/${lesson.body.id}`);
  await page.getByTestId('ack-recording').click();
  await page.getByTestId('toggle-camera').click();
  await page.getByTestId('toggle-mic').click();
  await new Promise((r) => setTimeout(r, 6000));

  server.kill('SIGKILL');
  await new Promise((r) => server!.once('exit', r));
  await browser.close();
  browser = undefined;

  server = await startServer();
  const t2 = await login('teacher');
  const list = await http<Array<{ id: string; lessonId: string; status: string }>>('GET', '/recordings', t2.accessToken);
  const rec = list.body.find((r) => r.lessonId === lesson.body.id)!;
  expect(rec.status).toBe('interrupted');
  const g = await http<any>('POST', `/recordings/${rec.id}/access`, t2.accessToken, {});
  expect(g.status).toBe(200);
  const camera = g.body.tracks.find((t: any) => t.source === 'camera');
  const res = await fetch(`${base}/api/recordings/${rec.id}/tracks/${camera.id}?pt=${encodeURIComponent(g.body.playbackToken)}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('x-recording-interrupted')).toBe('1');
  const frames = await countDecodedFrames(Buffer.from(await res.arrayBuffer()));
  // About 6 s were sent; with 1 s flushes at least a few seconds of video survive.
  expect(frames.video).toBeGreaterThan(30);
  // The lesson itself was closed on restart; nothing else was lost: the register survived.
  const register = await http<any>('GET', `/lessons/${lesson.body.id}/attendance`, t2.accessToken);
  expect(register.body.register.some((a: any) => a.name.startsWith('Cal'))).toBe(true);
});
