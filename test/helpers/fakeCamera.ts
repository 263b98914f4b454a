/**
 * Fake camera videos for Chromium (--use-file-for-fake-video-capture): stills built from the face
 * photos shipped inside the @vladmandic/human package, turned into .y4m by Debian's ffmpeg.
 * Written under test-results/ (git-ignored); never real explicit material.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { BrowserSession, launchBrowser } from './browser';
import { startHarness, type Harness } from './harness';

const SOURCE = join(__dirname, '..', '..', 'node_modules', '@vladmandic', 'human', 'assets', 'screenshot-facedetect.jpg');
const OUT_DIR = join(__dirname, '..', '..', 'test-results', 'fake-camera');

/** Two different people side by side, 640x480: "another person visible" on a student's camera. */
export async function twoFacesY4m(): Promise<string> {
  const out = join(OUT_DIR, 'two-faces.y4m');
  if (existsSync(out)) return out;
  mkdirSync(OUT_DIR, { recursive: true });
  const face = (left: number) => sharp(SOURCE).extract({ left, top: 345, width: 155, height: 155 }).resize(320, 320).toBuffer();
  const still = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } })
    .composite([
      { input: await face(5), left: 0, top: 80 },
      { input: await face(162), left: 320, top: 80 },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
  const jpg = join(OUT_DIR, 'two-faces.jpg');
  writeFileSync(jpg, still);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-i', jpg, '-t', '2', '-r', '15', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** A live lesson with frame classification on, and Chromium whose fake camera shows two people. */
export interface CameraLesson {
  h: Harness;
  pages: BrowserSession;
  lessonId: string;
  close(): Promise<void>;
}

export async function startCameraLesson(): Promise<CameraLesson> {
  const video = await twoFacesY4m();
  const h = await startHarness({ env: { CHAPERONE_FRAME_WORKERS: '1' } });
  const browser = await launchBrowser([`--use-file-for-fake-video-capture=${video}`]);
  const pages = new BrowserSession(browser, h);
  const t = await h.login('teacher');
  const lessonId = (await h.http<{ id: string }>('POST', '/lessons', t.accessToken, { classId: h.school.classId })).body.id;
  return {
    h,
    pages,
    lessonId,
    close: async () => {
      await pages.closeAll();
      await browser.close();
      await h.close();
    },
  };
}
