/**
 * `npm run bench:alert`: end-to-end latencies with a real worker and a real browser.
 * downgradeCloseMs: a parent lowers a live student's level over HTTP -> the teacher's signalling
 * client is told its consumer of that student's camera closed. The student is Chromium with a
 * fake camera sending real VP8 through the SFU.
 * Prints {"chatAlertMs":..,"frameAlertMs":..,"downgradeCloseMs":{"p50":..,"p95":..}} on its last line.
 */
import { launchBrowser, pageAs, waitForDecodedVideo } from '../test/helpers/browser';
import { SignalClient, startHarness, type Harness } from '../test/helpers/harness';
import { summary } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

async function measureDowngrade(h: Harness): Promise<number[]> {
  const teacherTokens = await h.login('teacher');
  const lesson = await h.http<{ id: string }>('POST', '/lessons', teacherTokens.accessToken, { classId: h.school.classId });
  const teacher = await SignalClient.connect(h.baseUrl, teacherTokens.accessToken);
  const joined = await teacher.ok('joinLesson', { lessonId: lesson.body.id });
  await teacher.ok('createTransport', { direction: 'recv' });
  const browser = await launchBrowser();
  const { page } = await pageAs(browser, h, 'student3', `#/lesson/${lesson.body.id}`);
  await page.getByTestId('ack-recording').click();
  const parent = await h.login('parent3');
  const childId = h.school.users.student3.id;
  const samples: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const seen = teacher.notifications.length;
      await page.getByTestId('toggle-camera').click();
      const produced = await teacher.waitFor('newProducer', (n) => n.producer.userId === childId && teacher.notifications.indexOf(n) >= seen, 10000);
      const consumer = await teacher.ok<{ consumerId: string }>('consume', { producerId: produced.producer.producerId, rtpCapabilities: joined.routerRtpCapabilities });
      await teacher.ok('resumeConsumer', { consumerId: consumer.consumerId });
      if (i === 0) await waitForDecodedVideo(page, '[data-testid="videos"] figure').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300)); // media flowing before the downgrade
      const t0 = performance.now();
      const closed = teacher.waitFor('consumerClosed', (n) => n.consumerId === consumer.consumerId, 5000);
      const res = await h.http('PUT', `/parent/children/${childId}/level`, parent.accessToken, { level: 1 });
      if (res.status !== 200) throw new Error(`level change failed: ${res.status}`);
      await closed;
      samples.push(performance.now() - t0);
      await h.http('PUT', `/parent/children/${childId}/level`, parent.accessToken, { level: 3 });
      await page.getByTestId('toggle-camera').waitFor();
    }
  } finally {
    teacher.close();
    await browser.close();
  }
  return samples;
}

async function main(): Promise<void> {
  const h = await startHarness();
  try {
    const downgrade = await measureDowngrade(h);
    process.stderr.write(`downgrade samples (ms): ${downgrade.map((d) => d.toFixed(1)).join(' ')}\n`);
    const result = {
      chatAlertMs: null,
      frameAlertMs: null,
      downgradeCloseMs: summary(downgrade),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await h.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:alert failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
