/**
 * `npm run bench:recording`: what recording costs. Real VP8 + Opus RTP (ffmpeg, as a camera and mic
 * would send it) enters one worker; the lesson recorder captures N tracks (PlainTransport -> ffmpeg
 * `-c copy` -> WebM -> AES-256-GCM chunks on disk). CPU of the capturing ffmpeg processes is read
 * from /proc over a steady window. encryptMBps is the streaming encryptor's throughput on one core.
 * Prints {"tracks":..,"cpuPercentPerTrack":..,"encryptMBps":..} on its last line.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { WorkerPool } from '../server/media/workerPool';
import type { ProducerAppData } from '../server/media/mediaRoom';
import { LessonRecorder } from '../server/recording/lessonRecorder';
import { KeyRing } from '../server/recording/keys';
import { RecordingStore } from '../server/recording/recordingStore';
import { openSqlite } from '../server/store/db';
import { migrate } from '../server/store/migrations';
import { Directory } from '../server/store/directory';
import { LessonStore } from '../server/store/lessonStore';
import { setLogLevel } from '../server/logger';
import { cpuPercent, sampleProcessesCpu } from './lib/cpu';
import { AUDIO_PRODUCER_PARAMETERS, startRtpSource, VIDEO_PRODUCER_PARAMETERS } from './lib/rtpSource';
import { measureEncryptMBps } from './recording-crypto';
import { round } from './lib/stats';

const TRACKS_PER_KIND = Number(process.env.BENCH_TRACKS_PER_KIND ?? 6);
const MEASURE_S = Number(process.env.BENCH_MEASURE_S ?? 10);

/** ffmpeg processes that are capturing (reading an SDP from stdin), children of this process. */
function capturePids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sdp');
      } catch {
        return false;
      }
    });
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const dir = mkdtempSync(join(tmpdir(), 'chaperone-bench-rec-'));
  const db = openSqlite(join(dir, 'db.sqlite'));
  migrate(db);
  const directory = new Directory(db);
  const schoolId = directory.createSchool('Bench');
  const classId = directory.createClass(schoolId, 'Bench class');
  const teacher = directory.createUser({ schoolId, email: 't@bench.example', name: 'T', role: 'teacher', passwordHash: 'x' });
  const lesson = new LessonStore(db).create(classId, teacher, 'bench');
  const pool = await WorkerPool.create(1, (err) => {
    throw err;
  });
  const router = await pool.createRouter();
  const transport = (rtcp: boolean) => router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: !rtcp, comedia: true });
  const vt = await transport(true);
  const at = await transport(true);
  const video = (await vt.produce({ kind: 'video', rtpParameters: VIDEO_PRODUCER_PARAMETERS, appData: { userId: teacher, source: 'camera' } })) as types.Producer<ProducerAppData>;
  const audio = (await at.produce({ kind: 'audio', rtpParameters: AUDIO_PRODUCER_PARAMETERS, appData: { userId: teacher, source: 'mic' } })) as types.Producer<ProducerAppData>;
  const source = startRtpSource('127.0.0.1', { rtpPort: vt.tuple.localPort, rtcpPort: vt.rtcpTuple!.localPort }, { rtpPort: at.tuple.localPort, rtcpPort: at.rtcpTuple!.localPort });

  const recorder = await LessonRecorder.start(
    {
      store: new RecordingStore(db),
      keys: KeyRing.fromFiles(join(dir, 'kek.key')),
      storageRoot: join(dir, 'recordings'),
      retentionDays: () => 30,
      onFailure: ({ error }) => process.stderr.write(`recording failed: ${error.message}\n`),
    },
    { id: lesson.id, schoolId, lesson },
    { router },
  );
  // Each capture is its own consumer + ffmpeg: the cost of one recorded track.
  for (let i = 0; i < TRACKS_PER_KIND; i++) {
    recorder.producerOpened(video);
    recorder.producerOpened(audio);
  }
  process.stderr.write('captures starting\n');
  await new Promise((r) => setTimeout(r, 4000)); // warm-up: key frames, container headers
  const pids = capturePids();
  const from = sampleProcessesCpu(pids);
  await new Promise((r) => setTimeout(r, MEASURE_S * 1000));
  const to = sampleProcessesCpu(pids);
  const tracks = pids.length;
  process.stderr.write(`measured ${tracks} captures; stopping\n`);
  const total = cpuPercent(from, to);
  await recorder.lessonClosed();
  process.stderr.write('recording closed\n');
  await source.stop();
  pool.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const encryptMBps = await measureEncryptMBps();
  process.stderr.write(`capture ffmpeg processes: ${tracks}, total CPU ${total.toFixed(1)}% of one core over ${MEASURE_S} s\n`);
  process.stdout.write(JSON.stringify({ tracks, cpuPercentPerTrack: round(total / Math.max(1, tracks), 3), encryptMBps: round(encryptMBps, 0) }) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:recording failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
