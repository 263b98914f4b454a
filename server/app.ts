/**
 * Composition root: builds the whole service from a Config. Used by main.ts, tests and benchmarks.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { Server as IoServer } from 'socket.io';
import type { Config } from './config';
import { AuthService } from './auth/authService';
import { TokenService } from './auth/tokens';
import { apiRouter } from './http/routes';
import { GuardianService } from './lessons/guardianService';
import { LessonService } from './lessons/lessonService';
import type { ChatGate } from './lessons/liveLesson';
import { Logger, setLogLevel } from './logger';
import { WorkerPool } from './media/workerPool';
import { attachLessonSignalling } from './signalling/lessonSocket';
import { openSqlite, type Db } from './store/db';
import { Directory } from './store/directory';
import { LessonStore } from './store/lessonStore';
import { migrate } from './store/migrations';
import { AuditLog } from './audit/auditLog';
import { KeyRing } from './recording/keys';
import type { TrackFs } from './recording/crypto/encryptedWriter';
import { LessonRecorder } from './recording/lessonRecorder';
import { RecordingService } from './recording/recordingService';
import { RecordingStore } from './recording/recordingStore';
import { recordingRoutes } from './http/recordingRoutes';
import type { LessonObserverFactory } from './lessons/lessonService';
import { SchoolPolicySchema, type SchoolPolicy } from './domain/safeguardingPolicy';
import { safeguardingRoutes } from './http/safeguardingRoutes';
import { SafeguardingChatGate } from './safeguarding/chatGate';
import { DslFeed } from './safeguarding/dslFeed';
import { EvidenceVault } from './safeguarding/evidenceVault';
import { FlagService } from './safeguarding/flagService';
import { FlagStore } from './safeguarding/flagStore';
import { FrameWatch } from './safeguarding/frameWatch';
import { FrameClassifierPool } from './safeguarding/frames/classifierPool';
import { loadFrameThresholds } from './safeguarding/frames/thresholds';
import { consoleRoutes } from './http/consoleRoutes';
import { ParentInbox } from './parents/inbox';
import { Outbox } from './parents/outbox';
import { SmtpTransport } from './parents/smtp';
import { CaseEvents } from './safeguarding/caseEvents';
import { ConcernService } from './safeguarding/concerns';
import { ConcernStore } from './safeguarding/concernStore';
import { IncidentService } from './safeguarding/incidents';
import { IncidentStore } from './safeguarding/incidentStore';
import { TriageService } from './safeguarding/triage';
import { Sealer } from './store/sealed';

export interface Chaperone {
  config: Config;
  db: Db;
  directory: Directory;
  lessonStore: LessonStore;
  lessons: LessonService;
  recordings: RecordingService;
  flags: FlagService;
  concerns: ConcernService;
  incidents: IncidentService;
  inbox: ParentInbox;
  outbox: Outbox;
  recordingStore: RecordingStore;
  audit: AuditLog;
  keys: KeyRing;
  tokens: TokenService;
  auth: AuthService;
  http: HttpServer;
  io: IoServer;
  /** Resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

const CLIENT_DIR = join(__dirname, '..', 'client');

export interface ChaperoneOptions {
  chatGate?: ChatGate;
  /** File system seam for recordings (tests simulate a full disk). */
  recordingFs?: TrackFs;
  onRecordingFailure?: (info: { recordingId: string; lessonId: string; schoolId: string; error: Error }) => void;
}

export async function createChaperone(config: Config, options: ChaperoneOptions = {}): Promise<Chaperone> {
  setLogLevel(config.logLevel);
  const log = new Logger('[app]');
  const db = openSqlite(config.dbFile);
  migrate(db);
  const directory = new Directory(db);
  const lessonStore = new LessonStore(db);
  const tokens = new TokenService(db, config.jwtSecret, config.accessTokenTtlSeconds, config.refreshTokenTtlSeconds);
  const auth = new AuthService(directory, tokens);
  const pool = await WorkerPool.create(config.media.workers, (err) => {
    // A dead worker takes its lessons' media with it; restart cleanly rather than limp on.
    log.error('mediasoup worker died; exiting', { error: err });
    process.exit(1);
  });
  const audit = new AuditLog(db);
  const keys = KeyRing.fromFiles(config.kekFile, config.retiredKekFiles);
  const recordingStore = new RecordingStore(db);
  mkdirSync(config.recordingsDir, { recursive: true, mode: 0o700 });
  // An open incident suspends retention of its lessons' recordings.
  const incidentStore = new IncidentStore(db);
  const recordings = new RecordingService(recordingStore, keys, config.recordingsDir, audit, directory, lessonStore, tokens, (rid) => incidentStore.hasOpenForRecording(rid));
  const retentionDays = (schoolId: string): number => directory.retentionDays(schoolId);
  const interrupted = recordings.recoverInterrupted(retentionDays);
  if (interrupted.length) log.warn('recordings interrupted by a previous crash are readable up to their last chunk', { count: interrupted.length });
  let dslFeed: DslFeed | undefined;
  const recorderFactory: LessonObserverFactory = (lesson, room) =>
    LessonRecorder.start(
      {
        store: recordingStore,
        keys,
        storageRoot: config.recordingsDir,
        retentionDays,
        trackFs: options.recordingFs,
        onFailure: ({ recordingId, lessonId, schoolId, error }) => {
          // The safeguarding team must know a lesson stopped being recorded (console: issue 5).
          audit.append({ actorId: null, actorRole: 'system', action: 'recording.failed', targetType: 'recording', targetId: recordingId, detail: { lessonId, schoolId, error: error.message } });
          dslFeed?.alert(schoolId, { type: 'recording_failed', lessonId, message: `The recording of this lesson stopped: ${error.message}`, at: Date.now() });
          options.onRecordingFailure?.({ recordingId, lessonId, schoolId, error });
        },
      },
      lesson,
      room,
    );
  const policyOf = (schoolId: string): SchoolPolicy | null => {
    const json = directory.safeguardingPolicyJson(schoolId);
    const parsed = json ? SchoolPolicySchema.safeParse(JSON.parse(json)) : null;
    return parsed?.success ? parsed.data : null;
  };
  // The gate needs the flag service, which needs the lesson service: resolve them lazily.
  let flags: FlagService | undefined;
  const chatGate: ChatGate = options.chatGate ?? new SafeguardingChatGate(() => flags!, (): LessonService => lessons, policyOf);
  const observerFactories: LessonObserverFactory[] = [recorderFactory];
  let framePool: FrameClassifierPool | undefined;
  if (config.frameWorkers > 0) {
    framePool = await FrameClassifierPool.create({ workers: config.frameWorkers });
    log.info('frame classifiers ready', { backend: framePool.backend });
  }
  const lessons: LessonService = new LessonService(directory, lessonStore, pool, config.media, chatGate, observerFactories);
  const flagStore = new FlagStore(db);
  flags = new FlagService(flagStore, new EvidenceVault(db, keys), audit, directory, recordings, recordingStore, lessons);
  if (framePool) observerFactories.push(FrameWatch.factory({ pool: framePool, flags, thresholds: loadFrameThresholds() }));
  const sweep = setInterval(() => {
    recordings.expire(Date.now(), retentionDays).catch((err: unknown) => log.error('retention sweep failed', { error: err }));
  }, config.retentionSweepMinutes * 60_000);
  sweep.unref();
  const guardians = new GuardianService(directory, lessonStore, lessons);

  // Safeguarding console: triage, records of concern, incidents; parents' inbox and the outbox.
  const sealer = new Sealer(keys);
  const caseEvents = new CaseEvents(db, sealer, directory);
  const outbox = new Outbox(db, sealer, config.smtp.url ? new SmtpTransport(new URL(config.smtp.url), config.smtp.from) : null, audit);
  const inbox = new ParentInbox(db, sealer, directory, lessonStore, outbox, audit);
  observerFactories.push(inbox.observerFactory);
  const concernStore = new ConcernStore(db);
  const concerns = new ConcernService(concernStore, sealer, caseEvents, audit, directory, lessonStore);
  const incidents = new IncidentService(incidentStore, caseEvents, sealer, flagStore, flags, concernStore, concerns, directory, recordingStore, audit, inbox);
  const triage = new TriageService(flagStore, flags, caseEvents, audit, directory, (flagId) => incidents.incidentsOfFlag(flagId));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    // Only our own script; evidence images and media come from our API (blob: for decrypted previews).
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    next();
  });
  app.use('/api', apiRouter({ auth, tokens, directory, lessonStore, lessons, guardians }, [recordingRoutes({ tokens, recordings, audit }), safeguardingRoutes({ tokens, flags, directory, audit }), consoleRoutes({ tokens, directory, audit, flagStore, triage, concerns, incidents, inbox, outbox })]));
  const distDir = join(CLIENT_DIR, 'dist');
  if (!existsSync(join(distDir, 'app.js'))) log.warn('client bundle missing; run npm run build:client');
  app.use('/static', express.static(distDir, { fallthrough: false }));
  app.get(['/', '/index.html'], (_req, res) => res.sendFile(join(CLIENT_DIR, 'index.html')));

  const http = createServer(app);
  const io = new IoServer(http, { maxHttpBufferSize: 64 * 1024, serveClient: false, cors: { origin: false } });
  attachLessonSignalling(io.of('/lessons'), tokens, lessons, concerns);
  const flagService = flags;
  dslFeed = new DslFeed(io.of('/safeguarding'), tokens, (schoolId) => flagService.backlog(schoolId));
  flagService.attachFeed(dslFeed);
  const feed = dslFeed;
  concerns.onRaised((schoolId, concern) => feed.publishConcern(schoolId, concern));

  let closed = false;
  return {
    config,
    db,
    directory,
    lessonStore,
    lessons,
    recordings,
    flags,
    concerns,
    incidents,
    inbox,
    outbox,
    recordingStore,
    audit,
    keys,
    tokens,
    auth,
    http,
    io,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          const addr = http.address();
          resolve(typeof addr === 'object' && addr ? addr.port : config.port);
        });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      await lessons.closeAll();
      await outbox.idle();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      pool.close();
      await framePool?.close();
      db.close();
    },
  };
}
