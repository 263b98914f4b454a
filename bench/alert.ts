/**
 * `npm run bench:alert`: end-to-end latencies with a real worker and a real browser.
 * downgradeCloseMs: a parent lowers a live student's level over HTTP -> the teacher's signalling
 * client is told its consumer of that student's camera closed. The student is Chromium with a
 * fake camera sending real VP8 through the SFU.
 * chatAlertMs: a student sends a harmful chat message -> a DSL's /safeguarding socket has the flag.
 * frameAlertMs: a camera (ffmpeg sending real VP8 RTP) cuts from an empty room to two people; from
 * the first key frame of the new scene reaching the SFU -> the DSL's socket has person_visible.
 * Prints {"chatAlertMs":..,"frameAlertMs":..,"downgradeCloseMs":{"p50":..,"p95":..}} on its last line.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import sharp from 'sharp';
import { MEDIA_CODECS } from '../server/media/codecs';
import type { ProducerAppData } from '../server/media/mediaRoom';
import { FrameWatch } from '../server/safeguarding/frameWatch';
import { FrameClassifierPool } from '../server/safeguarding/frames/classifierPool';
import { loadFrameThresholds } from '../server/safeguarding/frames/thresholds';
import { launchBrowser, pageAs, waitForDecodedVideo } from '../test/helpers/browser';
import { twoFacesY4m } from '../test/helpers/fakeCamera';
import { DslFeedClient, SignalClient, startHarness, type Harness } from '../test/helpers/harness';
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

const HARMFUL = ['send me nudes', "don't tell your mum we talk, it's our secret", 'i want to kill myself', 'my number is 07700 900123', "you're so ugly nobody likes you"];

async function measureChat(h: Harness, lessonId: string, dsl: DslFeedClient): Promise<number[]> {
  const students = await Promise.all(
    ['student1', 'student2', 'student3'].map(async (key) => {
      const c = await SignalClient.connect(h.baseUrl, (await h.login(key)).accessToken);
      await c.ok('joinLesson', { lessonId });
      return c;
    }),
  );
  const samples: number[] = [];
  for (let i = 0; i < CHAT_ROUNDS; i++) {
    const text = `${HARMFUL[i % HARMFUL.length]} (${i})`;
    const t0 = performance.now();
    const seen = dsl.waitFor((f) => f.text === text, 5000);
    void students[i % students.length].request('chat', { text });
    await seen;
    samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 350)); // stay inside each student's chat rate limit
  }
  students.forEach((s) => s.close());
  return samples;
}

const CHAT_ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 30);
const FRAME_ROUNDS = Number(process.env.BENCH_FRAME_ROUNDS ?? 10);
const SCENE_CUT_S = 3;

/** An empty-room still and the two-people still, as JPEG files for ffmpeg. */
async function sceneFiles(): Promise<{ empty: string; people: string }> {
  await twoFacesY4m();
  const dir = join(__dirname, '..', 'test-results', 'fake-camera');
  mkdirSync(dir, { recursive: true });
  const empty = join(dir, 'empty-room.jpg');
  const wall = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#9aa5b1' } })
    .composite([{ input: await sharp({ create: { width: 640, height: 160, channels: 3, background: '#5b4636' } }).png().toBuffer(), left: 0, top: 320 }])
    .jpeg()
    .toBuffer();
  writeFileSync(empty, wall);
  return { empty, people: join(dir, 'two-faces.jpg') };
}

async function measureFrames(h: Harness, lessonId: string, dsl: DslFeedClient): Promise<number[]> {
  const scenes = await sceneFiles();
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const pool = await FrameClassifierPool.create({ workers: 1 });
  const lesson = h.app.lessons.liveLesson(lessonId)!;
  const watch = new FrameWatch({ pool, flags: h.app.flags, thresholds: loadFrameThresholds() }, lesson, { router });
  // The watched student must be in the lesson (frames are watched for students only).
  const student = await SignalClient.connect(h.baseUrl, (await h.login('student3')).accessToken);
  await student.ok('joinLesson', { lessonId });
  const samples: number[] = [];
  try {
    for (let i = 0; i < FRAME_ROUNDS; i++) {
      const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
      const ssrc = 5000 + i;
      const producer = (await transport.produce({
        kind: 'video',
        rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }] },
        appData: { userId: h.school.users.student3.id, source: 'camera' },
      })) as types.Producer<ProducerAppData>;
      let cutAt = 0;
      const ffmpegStarted = Date.now();
      await producer.enableTraceEvent(['keyframe']);
      producer.on('trace', (t) => {
        if (t.type === 'keyframe' && !cutAt && Date.now() - ffmpegStarted > (SCENE_CUT_S - 0.5) * 1000) cutAt = performance.now();
      });
      watch.producerOpened(producer);
      const ff = spawn('ffmpeg', [
        '-hide_banner', '-loglevel', 'error', '-re',
        '-loop', '1', '-t', String(SCENE_CUT_S), '-i', scenes.empty,
        '-loop', '1', '-t', '8', '-i', scenes.people,
        '-filter_complex', '[0:v]fps=15,format=yuv420p[a];[1:v]fps=15,format=yuv420p[b];[a][b]concat=n=2:v=1[v]', '-map', '[v]',
        '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k', '-g', '300', '-force_key_frames', `0,${SCENE_CUT_S}`,
        '-ssrc', String(ssrc), '-payload_type', '101', '-f', 'rtp', `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}&pkt_size=1200`,
      ], { stdio: 'ignore' });
      const flag = await dsl.waitFor((f) => f.label === 'person_visible' && f.at > ffmpegStarted, 15000).catch(() => null);
      const at = performance.now();
      if (flag && cutAt) samples.push(at - cutAt);
      ff.kill('SIGKILL');
      watch.producerClosed(producer);
      transport.close();
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    student.close();
    await watch.lessonClosed();
    await pool.close();
    worker.close();
  }
  return samples;
}

async function main(): Promise<void> {
  const h = await startHarness();
  try {
    const downgrade = await measureDowngrade(h);
    process.stderr.write(`downgrade samples (ms): ${downgrade.map((d) => d.toFixed(1)).join(' ')}\n`);
    const teacher = await h.login('teacher');
    const lessonId = (await h.http<{ id: string }>('POST', '/lessons', teacher.accessToken, { classId: h.school.classId })).body.id;
    const dsl = await DslFeedClient.connect(h.baseUrl, (await h.login('dsl')).accessToken);
    const chat = await measureChat(h, lessonId, dsl);
    process.stderr.write(`chat alert samples (ms): ${chat.map((d) => d.toFixed(1)).join(' ')}\n`);
    const frames = await measureFrames(h, lessonId, dsl);
    process.stderr.write(`frame alert samples (ms): ${frames.map((d) => d.toFixed(0)).join(' ')} (${frames.length}/${FRAME_ROUNDS} rounds flagged)\n`);
    dsl.close();
    const result = {
      chatAlertMs: summary(chat),
      frameAlertMs: { ...summary(frames), flaggedRounds: frames.length, rounds: FRAME_ROUNDS },
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
