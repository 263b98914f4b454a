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
 *   Consumers use the router's full rtpCapabilities, i.e. what a browser negotiates: transport-cc and
 *   abs-send-time stay on, so the worker runs its send-side congestion controller per packet as it does
 *   for real subscribers (it needs no feedback to forward; without feedback it only adds rare probation
 *   padding on another SSRC, which is not counted). BENCH_SFU_STRIP_BWE=1 removes them for comparison
 *   (about 25-30% less worker CPU here). NACK/PLI/FIR are negotiated either way.
 * - Receivers: every subscriber's transport sends to its own UDP socket, owned by one of a few child
 *   processes that count packets per SSRC (bench/lib/udpCounter.ts), so the receiver is not the bottleneck.
 * - CPU: utime+stime of the worker process from /proc/<worker.pid>/stat over the measurement window.
 * - Loss: per consumer, expected = advance of the highest RTP sequence number received during the window
 *   (consumer sequence numbers are contiguous, and producer-side gaps carry through), received = packets
 *   counted in the window. This needs no clock alignment between worker and receivers. A consumer whose
 *   sequence barely advanced counts the producer's packets of the window as expected instead, so a
 *   stalled consumer is loss rather than invisible.
 * - Keeping up: no loss is not enough if packets only queue. A step also fails if the worker's ingress
 *   socket holds a backlog through the window (the worker is behind real time), or if the receivers
 *   counted < 95% of what the worker forwarded in the window (the receivers are behind: step void).
 * - Load steps up until a step fails, worker CPU > 90% or the last level; the result is the largest load
 *   that passed. Last stdout line: {"consumers","workerCpuPercent","consumersPerCore","lossPercent"};
 *   the per-step table goes to stdout before it, progress and diagnostics to stderr.
 * - After the steps: the source stops, and every packet the worker says it sent (consumer stats) is
 *   checked against what the receivers counted over the whole run.
 *
 * Environment overrides: BENCH_SFU_SRTP (crypto suite, default AES_CM_128_HMAC_SHA1_80, the suite every
 * WebRTC stack implements and the costlier one per packet; browsers often negotiate AEAD_AES_256_GCM),
 * BENCH_SFU_LEVELS (comma-separated consumer counts), BENCH_SFU_MEASURE_MS, BENCH_SFU_RECEIVERS,
 * BENCH_SFU_STRIP_BWE=1 (consume without transport-cc/goog-remb/abs-send-time).
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
  sampleRunqueueWaitNs,
} from './lib/cpu';
import { udpSocketTotals } from './lib/udpSockets';
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
const INGRESS_RECV_BUFFER_BYTES = 4 << 20;
/** Below this share of forwarded packets counted in a window, the receivers are behind: the step is void. */
const MIN_DELIVERED_PERCENT = 95;
/** ~0.2 s of the source (kernel bytes incl. per-packet overhead): more than that, the worker is behind. */
const MAX_INGRESS_BACKLOG_BYTES = 64 * 1024;
const BACKLOG_SAMPLE_MS = 500;
const SOURCE_PROBE_MS = 4000;
const LEVELS = (process.env.BENCH_SFU_LEVELS ?? '100,200,400,600,800,1000,1200,1400,1600')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((x) => Number.isInteger(x) && x > 0);
const SRTP_SUITE = srtpSuiteFromEnv();
/** BENCH_SFU_STRIP_BWE=1 consumes without bandwidth-estimation feedback/extensions, for comparison. */
const STRIP_BWE = process.env.BENCH_SFU_STRIP_BWE === '1';

/** Master key + salt lengths (bytes) per suite, as mediasoup expects them in keyBase64. */
const SRTP_KEY_BYTES: Record<types.SrtpCryptoSuite, number> = {
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_CM_128_HMAC_SHA1_32: 30,
  AEAD_AES_128_GCM: 28,
  AEAD_AES_256_GCM: 44,
};

/** Header extensions only used for bandwidth estimation (removed with BENCH_SFU_STRIP_BWE=1). */
const BWE_EXTENSION_URIS = new Set<string>([
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
]);

type Kind = 'audio' | 'video';

interface ConsumerInfo {
  readonly consumer: types.Consumer;
  readonly kind: Kind;
  readonly ssrc: number;
}

interface Publisher {
  readonly producers: Record<Kind, types.Producer>;
  readonly transports: types.PlainTransport[];
  /** Local RTP/RTCP ports of the producer transports (to read their kernel drop counters). */
  readonly ingressPorts: number[];
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
  /** Received / (producer packets in the window x consumers of that kind): catches receivers falling behind. */
  readonly deliveredPercent: number;
  /** Producer packets in the window / the source rate measured with an idle worker (informative). */
  readonly ingestPercent: number;
  /** Bytes queued in the receivers' sockets at the end of the window. */
  readonly receiverBacklogBytes: number;
  /** Median bytes queued in the worker's ingress sockets during the window: catches the worker falling behind. */
  readonly ingressBacklogBytes: number;
  /** Share of the window the worker was runnable but waiting for a CPU (starved by other processes). */
  readonly workerWaitPercent: number;
  readonly receiverCpuPercent: number;
  readonly ffmpegCpuPercent: number;
  readonly machineBusyPercent: number;
  /** Kernel drops on the receivers' sockets (buffer full: the receiver fell behind). */
  readonly receiverDrops: number;
  /** Kernel drops on the worker's ingress sockets (the worker fell behind reading ffmpeg's RTP). */
  readonly ingressDrops: number;
  /** Packets lost between ffmpeg and the worker according to the producers' own stats. */
  readonly ingressLost: number;
  readonly lossPercentByKind: Record<Kind, number>;
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

/** What subscribers consume with: the router's capabilities, optionally without BWE (see header comment). */
function consumerCapabilities(router: types.Router): types.RtpCapabilities {
  const caps = router.rtpCapabilities;
  if (!STRIP_BWE) return caps;
  return {
    codecs: caps.codecs?.map((c) => ({
      ...c,
      rtcpFeedback: c.rtcpFeedback?.filter((fb) => fb.type !== 'transport-cc' && fb.type !== 'goog-remb'),
    })),
    headerExtensions: caps.headerExtensions?.filter((h) => !BWE_EXTENSION_URIS.has(h.uri)),
  };
}

interface ProducerCount {
  /** Packets the producer received from ffmpeg. */
  readonly packets: number;
  /** Packets missing from ffmpeg's sequence (ingress loss, which also shows up in every consumer). */
  readonly lost: number;
}

async function producerCount(producer: types.Producer): Promise<ProducerCount> {
  const stats = await producer.getStats();
  return {
    packets: stats.reduce((sum, s) => sum + s.packetCount, 0),
    lost: stats.reduce((sum, s) => sum + s.packetsLost, 0),
  };
}

async function producerCounts(p: Publisher): Promise<Record<Kind, ProducerCount>> {
  const [video, audio] = await Promise.all([producerCount(p.producers.video), producerCount(p.producers.audio)]);
  return { video, audio };
}

/**
 * Two comedia PlainTransports fed by ffmpeg. No rtcpMux: ffmpeg sends RTCP from its own port. No SRTP on
 * ingress: one incoming stream per kind, negligible next to the per-consumer egress encryption.
 * A larger receive buffer on ingress (as production SFUs configure) so that the worker being descheduled
 * for a moment on this shared 2-core box (other processes run too) does not drop the source's packets.
 */
async function startPublisher(router: types.Router): Promise<Publisher> {
  const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: IP, recvBufferSize: INGRESS_RECV_BUFFER_BYTES };
  const open = (): Promise<types.PlainTransport> =>
    router.createPlainTransport({ listenInfo, rtcpListenInfo: listenInfo, rtcpMux: false, comedia: true });
  const [videoTransport, audioTransport] = await Promise.all([open(), open()]);
  const video = await videoTransport.produce({ kind: 'video', rtpParameters: VIDEO_PRODUCER_PARAMETERS });
  const audio = await audioTransport.produce({ kind: 'audio', rtpParameters: AUDIO_PRODUCER_PARAMETERS });
  const target = (t: types.PlainTransport): RtpTarget => {
    if (!t.rtcpTuple) throw new Error('producer transport has no RTCP tuple');
    return { rtpPort: t.tuple.localPort, rtcpPort: t.rtcpTuple.localPort };
  };
  const source = startRtpSource(IP, target(videoTransport), target(audioTransport));
  const ingressPorts = [videoTransport, audioTransport].flatMap((t) => [t.tuple.localPort, t.rtcpTuple?.localPort ?? 0]);
  return { producers: { video, audio }, transports: [videoTransport, audioTransport], ingressPorts, source };
}

/** Wait for both producers to receive media, then measure the source's packet rates (idle worker). */
async function measureSource(p: Publisher): Promise<Record<Kind, number>> {
  const deadline = Date.now() + 15000;
  for (;;) {
    const c = await producerCounts(p);
    if (c.video.packets > 0 && c.audio.packets > 0) break;
    if (Date.now() > deadline) throw new Error(`no RTP from ffmpeg (video ${c.video.packets}, audio ${c.audio.packets} packets)`);
    await sleep(200);
  }
  await sleep(1000); // let the encoder's rate control settle
  const a = await producerCounts(p);
  const t0 = Date.now();
  await sleep(SOURCE_PROBE_MS);
  const b = await producerCounts(p);
  const secs = (Date.now() - t0) / 1000;
  const rates = { video: (b.video.packets - a.video.packets) / secs, audio: (b.audio.packets - a.audio.packets) / secs };
  const [videoStats] = await p.producers.video.getStats();
  log(
    `source: video ${rates.video.toFixed(1)} pkt/s (${Math.round((videoStats?.bitrate ?? 0) / 1000)} kbps, VP8 640x360@30), ` +
      `audio ${rates.audio.toFixed(1)} pkt/s (Opus)`,
  );
  return rates;
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
    out.push({ consumer, kind, ssrc });
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
): { expected: number; received: number; stalled: number; lossPercentByKind: Record<Kind, number> } {
  let expected = 0;
  let received = 0;
  let stalled = 0;
  const byKind: Record<Kind, { expected: number; received: number }> = {
    video: { expected: 0, received: 0 },
    audio: { expected: 0, received: 0 },
  };
  for (const c of consumers) {
    const a = before.bySsrc.get(c.ssrc);
    const b = after.bySsrc.get(c.ssrc);
    const produced = producerDelta[c.kind];
    const got = (b?.packets ?? 0) - (a?.packets ?? 0);
    const seqAdvance = a && b ? b.highestSeq - a.highestSeq : 0;
    const isStalled = seqAdvance < STALL_FRACTION * produced;
    const exp = isStalled ? Math.max(produced, got) : seqAdvance;
    if (isStalled) stalled++;
    expected += exp;
    received += got;
    byKind[c.kind].expected += exp;
    byKind[c.kind].received += got;
  }
  const pct = (k: Kind): number => (byKind[k].expected > 0 ? (1 - byKind[k].received / byKind[k].expected) * 100 : 0);
  return {
    expected,
    received,
    stalled,
    lossPercentByKind: { video: pct('video'), audio: pct('audio') },
  };
}

async function measureStep(
  worker: types.Worker,
  p: Publisher,
  pool: ReceiverPool,
  consumers: readonly ConsumerInfo[],
  sourceRates: Record<Kind, number>,
): Promise<StepResult> {
  if (p.source.unexpectedExit()) throw new Error(p.source.unexpectedExit());
  const ffmpegPid = p.source.process.pid ?? 0;
  const prod0 = await producerCounts(p);
  const receiverPorts = new Set(pool.ports);
  const ingressPorts = new Set(p.ingressPorts);
  const rd0 = udpSocketTotals(receiverPorts);
  const id0 = udpSocketTotals(ingressPorts);
  const snap0 = await pool.snapshot();
  const m0 = sampleMachineCpu();
  const w0 = sampleProcessCpu(worker.pid);
  const wait0 = sampleRunqueueWaitNs(worker.pid);
  const r0 = sampleProcessesCpu(pool.pids);
  const f0 = sampleProcessCpu(ffmpegPid);

  // The worker's ingress backlog, sampled through the window: if it keeps growing the worker is not
  // keeping up with real time even though nothing is lost yet (its ingress buffer is large).
  const backlogSamples: number[] = [];
  for (const end = Date.now() + MEASURE_MS; Date.now() < end; ) {
    await sleep(Math.min(BACKLOG_SAMPLE_MS, Math.max(0, end - Date.now())));
    backlogSamples.push(udpSocketTotals(ingressPorts).rxQueueBytes);
  }

  const w1 = sampleProcessCpu(worker.pid);
  const wait1 = sampleRunqueueWaitNs(worker.pid);
  const r1 = sampleProcessesCpu(pool.pids);
  const f1 = sampleProcessCpu(ffmpegPid);
  const m1 = sampleMachineCpu();
  const snap1 = await pool.snapshot();
  const rd1 = udpSocketTotals(receiverPorts);
  const id1 = udpSocketTotals(ingressPorts);
  const prod1 = await producerCounts(p);
  if (p.source.unexpectedExit()) throw new Error(p.source.unexpectedExit());

  const producerDelta = { video: prod1.video.packets - prod0.video.packets, audio: prod1.audio.packets - prod0.audio.packets };
  const ingressLost = prod1.video.lost - prod0.video.lost + (prod1.audio.lost - prod0.audio.lost);
  const loss = computeLoss(consumers, snap0, snap1, producerDelta);
  const workerCpu = cpuPercent(w0, w1);
  const seconds = Number(w1.atNs - w0.atNs) / 1e9;
  const producedForAll = consumers.reduce((sum, c) => sum + producerDelta[c.kind], 0);
  const ingestPercent = ((producerDelta.video + producerDelta.audio) / ((sourceRates.video + sourceRates.audio) * seconds)) * 100;
  return {
    consumers: consumers.length,
    workerCpuPercent: workerCpu,
    consumersPerCore: workerCpu > 0 ? consumers.length / (workerCpu / 100) : 0,
    lossPercent: loss.expected > 0 ? Math.max(0, (1 - loss.received / loss.expected) * 100) : 100,
    expected: loss.expected,
    received: loss.received,
    stalled: loss.stalled,
    deliveredPercent: producedForAll > 0 ? (loss.received / producedForAll) * 100 : 0,
    ingestPercent,
    receiverBacklogBytes: rd1.rxQueueBytes,
    ingressBacklogBytes: median(backlogSamples),
    workerWaitPercent: ((wait1 - wait0) / 1e9 / seconds) * 100,
    receiverCpuPercent: cpuPercent(r0, r1),
    ffmpegCpuPercent: cpuPercent(f0, f1),
    machineBusyPercent: machineBusyPercent(m0, m1, availableParallelism()),
    receiverDrops: rd1.drops - rd0.drops,
    ingressDrops: id1.drops - id0.drops,
    ingressLost,
    lossPercentByKind: loss.lossPercentByKind,
    egressPacketsPerSecond: loss.received / seconds,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length > 0 ? (s[Math.floor(s.length / 2)] ?? 0) : 0;
}

/** Why a step does not count as sustained (undefined if it does). */
function failure(r: StepResult): string | undefined {
  if (r.lossPercent >= LOSS_LIMIT_PERCENT) return `loss ${r.lossPercent.toFixed(3)}% >= ${LOSS_LIMIT_PERCENT}%`;
  if (r.ingressBacklogBytes > MAX_INGRESS_BACKLOG_BYTES) {
    return `worker fell behind real time (median ingress backlog ${Math.round(r.ingressBacklogBytes / 1024)} KB)`;
  }
  if (r.deliveredPercent < MIN_DELIVERED_PERCENT) {
    return `only ${r.deliveredPercent.toFixed(1)}% of the forwarded packets were counted in the window (the receivers fell behind the worker)`;
  }
  return undefined;
}

/** After the source stops, wait until the receivers' counts stop moving (worker and receivers drained). */
async function waitForQuiet(pool: ReceiverPool): Promise<void> {
  const total = async (): Promise<number> => {
    let n = 0;
    for (const c of (await pool.snapshot()).bySsrc.values()) n += c.packets;
    return n;
  };
  let last = await total();
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    await sleep(500);
    const now = await total();
    if (now === last) return;
    last = now;
  }
  log('receivers still counting 20 s after the source stopped');
}

/**
 * Whole-run cross-check once the source is stopped and the receivers have drained: every RTP packet the
 * worker says it sent (consumer outbound packetCount) against what the receivers counted for that SSRC.
 */
async function crossCheckTotals(consumers: readonly ConsumerInfo[], pool: ReceiverPool): Promise<void> {
  let sent = 0;
  for (let i = 0; i < consumers.length; i += 64) {
    const stats = await Promise.all(consumers.slice(i, i + 64).map((c) => c.consumer.getStats()));
    for (const list of stats) for (const s of list) if (s.type === 'outbound-rtp') sent += s.packetCount;
  }
  const snap = await pool.snapshot();
  const counted = consumers.reduce((sum, c) => sum + (snap.bySsrc.get(c.ssrc)?.packets ?? 0), 0);
  const missing = sent > 0 ? ((sent - counted) / sent) * 100 : 0;
  log(`whole run: worker sent ${sent} RTP packets to ${consumers.length} consumers, receivers counted ${counted} ` +
    `(${missing.toFixed(3)}% missing, including any failed last step); ${snap.rtcpPackets} SRTCP packets also received`);
}

const TABLE_HEADER =
  'consumers  workerCpu%  workerWait%  consumers/core  loss%  (video/audio)  received/expected     stalled  delivered%  ingest%  egress_pkt/s  ' +
  'recvCpu%  ffmpegCpu%  machine%  recvDrops  ingressDrops/Lost  backlogKB(recv/ingress)';

function formatRow(r: StepResult): string {
  return [
    String(r.consumers).padStart(9),
    r.workerCpuPercent.toFixed(1).padStart(11),
    r.workerWaitPercent.toFixed(1).padStart(12),
    r.consumersPerCore.toFixed(0).padStart(15),
    r.lossPercent.toFixed(3).padStart(6),
    `(${r.lossPercentByKind.video.toFixed(2)}/${r.lossPercentByKind.audio.toFixed(2)})`.padStart(14),
    `${r.received}/${r.expected}`.padStart(20),
    String(r.stalled).padStart(8),
    r.deliveredPercent.toFixed(1).padStart(11),
    r.ingestPercent.toFixed(1).padStart(8),
    r.egressPacketsPerSecond.toFixed(0).padStart(13),
    r.receiverCpuPercent.toFixed(1).padStart(9),
    r.ffmpegCpuPercent.toFixed(1).padStart(11),
    r.machineBusyPercent.toFixed(0).padStart(9),
    String(r.receiverDrops).padStart(10),
    `${r.ingressDrops}/${r.ingressLost}`.padStart(18),
    `${Math.round(r.receiverBacklogBytes / 1024)}/${Math.round(r.ingressBacklogBytes / 1024)}`.padStart(24),
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
  // ffmpeg is the one helper that would outlive us (receivers exit on IPC disconnect, the worker on its
  // channel closing), so stop it on interruption too.
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping`);
    void publisher.source.stop().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const pool = ReceiverPool.start(RECEIVER_PROCESSES);
  try {
    const sourceRates = await measureSource(publisher);
    log(`worker pid ${worker.pid}, SRTP ${SRTP_SUITE}, transport-cc/abs-send-time ${STRIP_BWE ? 'stripped' : 'negotiated'}, ` +
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
      const r = await measureStep(worker, publisher, pool, consumers, sourceRates);
      if (died) throw died;
      results.push(r);
      console.log(formatRow(r));
      const why = failure(r);
      if (why) {
        log(`stop: ${why}`);
        break;
      }
      if (r.workerCpuPercent > CPU_STOP_PERCENT) {
        log(`stop: worker CPU ${r.workerCpuPercent.toFixed(1)}% > ${CPU_STOP_PERCENT}%`);
        break;
      }
    }
    await publisher.source.stop();
    await waitForQuiet(pool);
    await crossCheckTotals(consumers, pool);
    return results.filter((r) => failure(r) === undefined).reduce<StepResult | undefined>(
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
      log('no load step passed (see the reasons above)');
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
