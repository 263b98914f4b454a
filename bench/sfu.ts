/**
 * SFU capacity bench (DESIGN.md section 6 contract):
 *
 *   npm run bench:sfu
 *
 * What is measured: how many consumers (tracks) one mediasoup worker forwards per core of CPU.
 * - Source: ffmpeg encodes live VP8 640x360@30 (~80 pkt/s) and Opus (50 pkt/s) and sends real RTP to two
 *   comedia PlainTransport producers on ONE worker (bench/lib/rtpSource.ts).
 * - Subscribers: each has its own PlainTransport with SRTP enabled (the per-packet encryption a WebRTC
 *   consumer costs the worker) and consumes the video and the audio: 2 consumers per subscriber.
 *   Consumers use the router's capabilities minus transport-cc/goog-remb and their header extensions:
 *   there is no browser to send BWE feedback, and without it mediasoup would only send probation
 *   padding. NACK/PLI/FIR stay negotiated (the worker keeps retransmission buffers as with browsers).
 * - Receivers: every subscriber's transport sends to its own UDP socket, owned by one of a few child
 *   processes that count packets per SSRC (bench/lib/udpCounter.ts), so the receiver is not the bottleneck.
 * - CPU: utime+stime of the worker process from /proc/<worker.pid>/stat over the measurement window.
 * - Loss: per consumer, expected = advance of the highest RTP sequence number received during the window
 *   (consumer sequence numbers are contiguous, and producer-side gaps carry through), received = packets
 *   counted in the window; a consumer that received (almost) nothing counts the producer's packets of that
 *   window as expected instead, so a stalled consumer is loss rather than invisible.
 * - Load steps up until loss >= 0.5%, worker CPU > 90% or the cap; the result is the largest load with
 *   loss < 0.5%. Last stdout line: {"consumers","workerCpuPercent","consumersPerCore","lossPercent"}.
 *
 * Environment overrides: BENCH_SFU_SRTP (crypto suite, default AES_CM_128_HMAC_SHA1_80),
 * BENCH_SFU_LEVELS (comma-separated consumer counts), BENCH_SFU_MEASURE_MS, BENCH_SFU_RECEIVERS,
 * BENCH_SFU_KEEP_BWE=1 (keep transport-cc/abs-send-time negotiated).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../server/media/codecs';
import {
  cpuPercent,
  machineBusyPercent,
  sampleMachineCpu,
  sampleProcessCpu,
  sampleProcessesCpu,
  udpRcvbufErrors,
} from './lib/cpu';
import { ReceiverPool, type PoolSnapshot } from './lib/receiverPool';
import { AUDIO_PRODUCER_PARAMETERS, VIDEO_PRODUCER_PARAMETERS, startRtpSource, type RtpSource, type RtpTarget } from './lib/rtpSource';

const IP = '127.0.0.1';
const LOSS_LIMIT_PERCENT = 0.5;
/** Past this the single-threaded worker is saturated; further steps would only measure queueing. */
const CPU_STOP_PERCENT = 90;
const WARMUP_MS = 3000; // > the 2 s keyframe interval, so every new video consumer is forwarding
const MEASURE_MS = envInt('BENCH_SFU_MEASURE_MS', 6000);
const RECEIVER_PROCESSES = envInt('BENCH_SFU_RECEIVERS', 2);
const CREATE_CONCURRENCY = 16;
const LEVELS = (process.env.BENCH_SFU_LEVELS ?? '50,100,200,300,400,500,600,700,800,900,1000,1200')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => Number.isInteger(x) && x > 0);
const SRTP_SUITE = srtpSuiteFromEnv();
/** BENCH_SFU_KEEP_BWE=1 consumes with the full router capabilities (transport-cc etc.), for comparison. */
const KEEP_BWE = process.env.BENCH_SFU_KEEP_BWE === '1';

/** Master key + salt lengths (bytes) per suite, as mediasoup expects them in keyBase64. */
const SRTP_KEY_BYTES: Record<types.SrtpCryptoSuite, number> = {
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_CM_128_HMAC_SHA1_32: 30,
  AEAD_AES_128_GCM: 28,
  AEAD_AES_256_GCM: 44,
};

/** Header extensions only used for bandwidth estimation (no feedback source here). */
const BWE_EXTENSION_URIS = new Set<string>([
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
]);

type Kind = 'audio' | 'video';

interface ConsumerInfo {
  readonly kind: Kind;
  readonly ssrc: number;
}

interface Publisher {
  readonly producers: Record<Kind, types.Producer>;
  readonly transports: types.PlainTransport[];
  readonly source: RtpSource;
}

interface StepResult {
  readonly consumers: number;
  readonly workerCpuPercent: number;
  readonly consumersPerCore: number;
  readonly lossPercent: number;
  readonly expected: number;
  readonly received: number;
  /** Consumers whose sequence advanced < STALL_FRACTION of the producer's packets (not forwarding). */
  readonly stalled: number;
  /** Sum of per-consumer expected vs producer packets x consumers: ~1.0 when every consumer is accounted for. */
  readonly coverage: number;
  readonly receiverCpuPercent: number;
  readonly ffmpegCpuPercent: number;
  readonly machineBusyPercent: number;
  readonly rcvbufErrors: number;
  readonly egressPacketsPerSecond: number;
}

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

function srtpSuiteFromEnv(): types.SrtpCryptoSuite {
  const v = process.env.BENCH_SFU_SRTP ?? 'AES_CM_128_HMAC_SHA1_80';
  const suites: types.SrtpCryptoSuite[] = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32', 'AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'];
  const found = suites.find((s) => s === v);
  if (!found) throw new Error(`BENCH_SFU_SRTP must be one of ${suites.join(', ')}`);
  return found;
}

function log(msg: string): void {
  process.stderr.write(`[bench:sfu] ${msg}\n`);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Router capabilities without bandwidth-estimation feedback and extensions (see header comment). */
function consumerCapabilities(router: types.Router): types.RtpCapabilities {
  const caps = router.rtpCapabilities;
  if (KEEP_BWE) return caps;
  return {
    codecs: caps.codecs?.map((c) => ({
      ...c,
      rtcpFeedback: c.rtcpFeedback?.filter((fb) => fb.type !== 'transport-cc' && fb.type !== 'goog-remb'),
    })),
    headerExtensions: caps.headerExtensions?.filter((h) => !BWE_EXTENSION_URIS.has(h.uri)),
  };
}

async function producerPacketCount(producer: types.Producer): Promise<number> {
  const stats = await producer.getStats();
  return stats.reduce((sum, s) => sum + s.packetCount, 0);
}

async function producerCounts(p: Publisher): Promise<Record<Kind, number>> {
  const [video, audio] = await Promise.all([producerPacketCount(p.producers.video), producerPacketCount(p.producers.audio)]);
  return { video, audio };
}

/**
 * Two comedia PlainTransports fed by ffmpeg. No rtcpMux: ffmpeg sends RTCP from its own port. No SRTP on
 * ingress: one incoming stream per kind, negligible next to the per-consumer egress encryption.
 */
async function startPublisher(router: types.Router): Promise<Publisher> {
  const open = (): Promise<types.PlainTransport> =>
    router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: IP }, rtcpMux: false, comedia: true });
  const [videoTransport, audioTransport] = await Promise.all([open(), open()]);
  const video = await videoTransport.produce({ kind: 'video', rtpParameters: VIDEO_PRODUCER_PARAMETERS });
  const audio = await audioTransport.produce({ kind: 'audio', rtpParameters: AUDIO_PRODUCER_PARAMETERS });
  const target = (t: types.PlainTransport): RtpTarget => {
    if (!t.rtcpTuple) throw new Error('producer transport has no RTCP tuple');
    return { rtpPort: t.tuple.localPort, rtcpPort: t.rtcpTuple.localPort };
  };
  const source = startRtpSource(IP, target(videoTransport), target(audioTransport));
  return { producers: { video, audio }, transports: [videoTransport, audioTransport], source };
}

/** Wait for both producers to receive media, then report the real source packet rates. */
async function checkSource(p: Publisher): Promise<void> {
  const deadline = Date.now() + 15000;
  for (;;) {
    const c = await producerCounts(p);
    if (c.video > 0 && c.audio > 0) break;
    if (Date.now() > deadline) throw new Error(`no RTP from ffmpeg (video ${c.video}, audio ${c.audio} packets)`);
    await sleep(200);
  }
  await sleep(1000); // let the encoder's rate control settle
  const a = await producerCounts(p);
  const t0 = Date.now();
  await sleep(3000);
  const b = await producerCounts(p);
  const secs = (Date.now() - t0) / 1000;
  const [videoStats] = await p.producers.video.getStats();
  log(
    `source: video ${((b.video - a.video) / secs).toFixed(1)} pkt/s (${Math.round((videoStats?.bitrate ?? 0) / 1000)} kbps, VP8 640x360@30), ` +
      `audio ${((b.audio - a.audio) / secs).toFixed(1)} pkt/s (Opus)`,
  );
}

function randomSrtpKey(): string {
  return randomBytes(SRTP_KEY_BYTES[SRTP_SUITE]).toString('base64');
}

/** One subscriber: SRTP PlainTransport sending to `port`, consuming the video and the audio producer. */
async function createSubscriber(
  router: types.Router,
  p: Publisher,
  caps: types.RtpCapabilities,
  port: number,
): Promise<ConsumerInfo[]> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: IP },
    rtcpMux: true,
    comedia: false,
    enableSrtp: true,
    srtpCryptoSuite: SRTP_SUITE,
  });
  // The remote key would decrypt what the receiver sends (nothing); the worker encrypts with its own key.
  await transport.connect({ ip: IP, port, srtpParameters: { cryptoSuite: SRTP_SUITE, keyBase64: randomSrtpKey() } });
  const out: ConsumerInfo[] = [];
  for (const kind of ['video', 'audio'] as const) {
    const consumer = await transport.consume({ producerId: p.producers[kind].id, rtpCapabilities: caps });
    const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) throw new Error(`${kind} consumer has no SSRC`);
    out.push({ kind, ssrc });
  }
  return out;
}

async function addSubscribers(
  router: types.Router,
  p: Publisher,
  caps: types.RtpCapabilities,
  pool: ReceiverPool,
  count: number,
): Promise<ConsumerInfo[]> {
  const ports = await pool.openSockets(count);
  const out: ConsumerInfo[] = [];
  for (let i = 0; i < ports.length; i += CREATE_CONCURRENCY) {
    const batch = ports.slice(i, i + CREATE_CONCURRENCY);
    for (const infos of await Promise.all(batch.map((port) => createSubscriber(router, p, caps, port)))) out.push(...infos);
  }
  return out;
}

/**
 * A consumer whose sequence number advanced less than this fraction of the producer's packets in the window
 * is treated as not forwarding (its expected count becomes the producer's). The margin is wide on purpose:
 * a receiver that is a little behind (machine busy) shifts its window end, which is not loss.
 */
const STALL_FRACTION = 0.5;

/** Per-window loss over all consumers (see header comment for the definition of expected). */
function computeLoss(
  consumers: readonly ConsumerInfo[],
  before: PoolSnapshot,
  after: PoolSnapshot,
  producerDelta: Record<Kind, number>,
): { expected: number; received: number; stalled: number; coverage: number } {
  let expected = 0;
  let received = 0;
  let stalled = 0;
  let nominal = 0;
  for (const c of consumers) {
    const a = before.bySsrc.get(c.ssrc);
    const b = after.bySsrc.get(c.ssrc);
    const produced = producerDelta[c.kind];
    nominal += produced;
    const got = (b?.packets ?? 0) - (a?.packets ?? 0);
    const seqAdvance = a && b ? b.highestSeq - a.highestSeq : 0;
    received += got;
    if (seqAdvance < STALL_FRACTION * produced) {
      stalled++;
      expected += Math.max(produced, got);
    } else {
      expected += seqAdvance;
    }
  }
  return { expected, received, stalled, coverage: nominal > 0 ? expected / nominal : 0 };
}

async function measureStep(
  worker: types.Worker,
  p: Publisher,
  pool: ReceiverPool,
  consumers: readonly ConsumerInfo[],
): Promise<StepResult> {
  const ffmpegPid = p.source.process.pid ?? 0;
  const prod0 = await producerCounts(p);
  const rb0 = udpRcvbufErrors();
  const snap0 = await pool.snapshot();
  const m0 = sampleMachineCpu();
  const w0 = sampleProcessCpu(worker.pid);
  const r0 = sampleProcessesCpu(pool.pids);
  const f0 = sampleProcessCpu(ffmpegPid);

  await sleep(MEASURE_MS);

  const w1 = sampleProcessCpu(worker.pid);
  const r1 = sampleProcessesCpu(pool.pids);
  const f1 = sampleProcessCpu(ffmpegPid);
  const m1 = sampleMachineCpu();
  const snap1 = await pool.snapshot();
  const rb1 = udpRcvbufErrors();
  const prod1 = await producerCounts(p);

  const producerDelta = { video: prod1.video - prod0.video, audio: prod1.audio - prod0.audio };
  const loss = computeLoss(consumers, snap0, snap1, producerDelta);
  const workerCpu = cpuPercent(w0, w1);
  const seconds = Number(w1.atNs - w0.atNs) / 1e9;
  return {
    consumers: consumers.length,
    workerCpuPercent: workerCpu,
    consumersPerCore: workerCpu > 0 ? consumers.length / (workerCpu / 100) : 0,
    lossPercent: loss.expected > 0 ? Math.max(0, (1 - loss.received / loss.expected) * 100) : 100,
    expected: loss.expected,
    received: loss.received,
    stalled: loss.stalled,
    coverage: loss.coverage,
    receiverCpuPercent: cpuPercent(r0, r1),
    ffmpegCpuPercent: cpuPercent(f0, f1),
    machineBusyPercent: machineBusyPercent(m0, m1, availableParallelism()),
    rcvbufErrors: rb1 - rb0,
    egressPacketsPerSecond: loss.received / seconds,
  };
}

const TABLE_HEADER =
  'consumers  workerCpu%  consumers/core  loss%    received/expected     stalled  coverage  egress_pkt/s  recvCpu%  ffmpegCpu%  machine%  rcvbufErr';

function formatRow(r: StepResult): string {
  return [
    String(r.consumers).padStart(9),
    r.workerCpuPercent.toFixed(1).padStart(11),
    r.consumersPerCore.toFixed(0).padStart(15),
    r.lossPercent.toFixed(3).padStart(6),
    `${r.received}/${r.expected}`.padStart(20),
    String(r.stalled).padStart(8),
    r.coverage.toFixed(3).padStart(9),
    r.egressPacketsPerSecond.toFixed(0).padStart(13),
    r.receiverCpuPercent.toFixed(1).padStart(9),
    r.ffmpegCpuPercent.toFixed(1).padStart(11),
    r.machineBusyPercent.toFixed(0).padStart(9),
    String(r.rcvbufErrors).padStart(10),
  ].join(' ');
}

async function run(): Promise<StepResult | undefined> {
  if (!process.env.MEDIASOUP_WORKER_BIN) throw new Error('MEDIASOUP_WORKER_BIN is not set; run via `npm run bench:sfu`');
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  let died: Error | undefined;
  worker.on('died', (err) => {
    died = err;
    log(`worker died: ${err.message}`);
  });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const publisher = await startPublisher(router);
  const pool = ReceiverPool.start(RECEIVER_PROCESSES);
  try {
    await checkSource(publisher);
    log(`worker pid ${worker.pid}, SRTP ${SRTP_SUITE}, BWE extensions ${KEEP_BWE ? 'kept' : 'stripped'}, ` +
      `${RECEIVER_PROCESSES} receiver processes, ` +
      `warm-up ${WARMUP_MS} ms, window ${MEASURE_MS} ms, levels ${LEVELS.join(',')}`);
    const caps = consumerCapabilities(router);
    const consumers: ConsumerInfo[] = [];
    const results: StepResult[] = [];
    console.log(TABLE_HEADER);
    for (const level of LEVELS) {
      const subscribers = Math.ceil((level - consumers.length) / 2);
      if (subscribers <= 0) continue;
      consumers.push(...(await addSubscribers(router, publisher, caps, pool, subscribers)));
      await sleep(WARMUP_MS);
      const r = await measureStep(worker, publisher, pool, consumers);
      if (died) throw died;
      results.push(r);
      console.log(formatRow(r));
      if (r.lossPercent >= LOSS_LIMIT_PERCENT) {
        log(`stop: loss ${r.lossPercent.toFixed(3)}% >= ${LOSS_LIMIT_PERCENT}%`);
        break;
      }
      if (r.workerCpuPercent > CPU_STOP_PERCENT) {
        log(`stop: worker CPU ${r.workerCpuPercent.toFixed(1)}% > ${CPU_STOP_PERCENT}%`);
        break;
      }
    }
    return results.filter((r) => r.lossPercent < LOSS_LIMIT_PERCENT).reduce<StepResult | undefined>(
      (best, r) => (best === undefined || r.consumers > best.consumers ? r : best),
      undefined,
    );
  } finally {
    await pool.close();
    await publisher.source.stop();
    worker.close();
  }
}

run().then(
  (best) => {
    if (!best) {
      log('no load step stayed under the loss limit');
      process.exit(1);
    }
    console.log(
      JSON.stringify({
        consumers: best.consumers,
        workerCpuPercent: round(best.workerCpuPercent, 1),
        consumersPerCore: round(best.consumersPerCore, 1),
        lossPercent: round(best.lossPercent, 3),
      }),
    );
    process.exit(0);
  },
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
