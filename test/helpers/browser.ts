/** Debian's Chromium driven by playwright-core, with fake camera and microphone. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Harness } from './harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(join(__dirname, '..', '..', 'client', 'dist', 'app.js'))) throw new Error('client bundle missing: npm run build:client');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
}

/** A page signed in as a seeded user (tokens put in sessionStorage before the app loads). */
export async function pageAs(browser: Browser, h: Harness, key: string, hash = ''): Promise<{ context: BrowserContext; page: Page }> {
  const tokens = await h.login(key);
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript((t) => sessionStorage.setItem('chaperone.tokens', JSON.stringify(t)), { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  const page = await context.newPage();
  page.on('pageerror', (err) => process.stderr.write(`[${key} page error] ${err.message}\n`));
  if (process.env.E2E_CONSOLE) page.on('console', (m) => process.stderr.write(`[${key} console] ${m.text()}\n`));
  await page.goto(`${h.baseUrl}/${hash}`);
  return { context, page };
}

/** Resolves once the remote video in `selector` has decoded frames. */
export async function waitForDecodedVideo(page: Page, selector: string, timeoutMs = 15000): Promise<{ width: number; frames: number }> {
  await page.waitForFunction(
    (sel) => {
      const v = document.querySelector(`${sel} video`) as HTMLVideoElement | null;
      return !!v && v.videoWidth > 0 && (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) > 0;
    },
    selector,
    { timeout: timeoutMs },
  );
  return page.evaluate((sel) => {
    const v = document.querySelector(`${sel} video`) as HTMLVideoElement;
    return { width: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames };
  }, selector);
}

/** Pages opened by one test file: signed-in pages, lesson entry (notice acknowledged), and cleanup. */
export class BrowserSession {
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly h: Harness,
  ) {}

  async open(key: string, hash = ''): Promise<Page> {
    const { context, page } = await pageAs(this.browser, this.h, key, hash);
    this.contexts.push(context);
    return page;
  }

  /** Open the lesson as `key` and acknowledge the recording notice. */
  async enterLesson(key: string, lessonId: string): Promise<Page> {
    const page = await this.open(key, `#/lesson/${lessonId}`);
    await page.getByTestId('ack-recording').click();
    await page.getByTestId('recording-notice').waitFor({ state: 'detached' });
    return page;
  }

  async closeAll(): Promise<void> {
    while (this.contexts.length) await this.contexts.pop()!.close();
  }
}
