/** Service configuration from the environment, validated once at start. */
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir, cpus } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  CHAPERONE_DATA_DIR: z.string().default(join(homedir(), '.local', 'share', 'chaperone')),
  CHAPERONE_DB: z.string().optional(),
  CHAPERONE_RECORDINGS_DIR: z.string().default(join(__dirname, '..', 'recordings')),
  CHAPERONE_KEK_FILE: z.string().optional(),
  CHAPERONE_RETIRED_KEK_FILES: z.string().optional(),
  CHAPERONE_FRAME_WORKERS: z.coerce.number().int().min(0).max(8).default(1),
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  MEDIA_LISTEN_IP: z.string().default('127.0.0.1'),
  MEDIA_ANNOUNCED_ADDRESS: z.string().optional(),
  RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).default(Math.max(1, cpus().length)),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).default(7 * 24 * 3600),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** smtp://[user:pass@]host[:port] or smtps://...; unset: parent emails wait in the admin's outbox. */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().max(254).default('Chaperone <no-reply@chaperone.invalid>'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  recordingsDir: string;
  kekFile: string;
  /** Earlier key-encryption keys, kept to unwrap (and re-wrap) data keys after a rotation. */
  retiredKekFiles: string[];
  retentionSweepMinutes: number;
  /** Worker threads classifying frames (0 turns frame classification off: only for tests that do not need it). */
  frameWorkers: number;
  jwtSecret: Buffer;
  media: { listenIp: string; announcedAddress?: string; rtcMinPort: number; rtcMaxPort: number; workers: number };
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Parent email: sent through SMTP when set, otherwise held in the outbox for the admin. */
  smtp: { url: string | null; from: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = overrides.dataDir ?? e.CHAPERONE_DATA_DIR;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    dbFile: e.CHAPERONE_DB ?? join(dataDir, 'chaperone.sqlite'),
    recordingsDir: e.CHAPERONE_RECORDINGS_DIR,
    kekFile: e.CHAPERONE_KEK_FILE ?? join(dataDir, 'secrets', 'recording-kek.key'),
    retiredKekFiles: (e.CHAPERONE_RETIRED_KEK_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean),
    retentionSweepMinutes: e.RETENTION_SWEEP_MINUTES,
    frameWorkers: e.CHAPERONE_FRAME_WORKERS,
    jwtSecret: readOrCreateSecret(join(dataDir, 'secrets', 'jwt.key')),
    media: {
      listenIp: e.MEDIA_LISTEN_IP,
      announcedAddress: e.MEDIA_ANNOUNCED_ADDRESS,
      rtcMinPort: e.RTC_MIN_PORT,
      rtcMaxPort: e.RTC_MAX_PORT,
      workers: e.MEDIASOUP_WORKERS,
    },
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    smtp: { url: e.SMTP_URL ?? null, from: e.SMTP_FROM },
    ...overrides,
  };
}

/** A 256-bit secret generated on first start into a 0600 file outside the repository. */
export function readOrCreateSecret(file: string): Buffer {
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`secret file ${file} is not a base64 256-bit key`);
    return key;
  }
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
