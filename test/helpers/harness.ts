/**
 * Test harness: a real Chaperone (real mediasoup worker, real SQLite in a temp dir) on a free port,
 * with the demo school seeded and helpers to sign in as its users.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createChaperone, type Chaperone, type ChaperoneOptions } from '../../server/app';
import { loadConfig } from '../../server/config';
import { totpAtStep } from '../../server/auth/totp';
import { DEMO_PASSWORD, seedDemoSchool, type SeededSchool } from '../../server/seed';
import type { FlagView, Notification, RequestMethod, Response } from '../../shared/protocol';

export interface Harness {
  app: Chaperone;
  dataDir: string;
  school: SeededSchool;
  baseUrl: string;
  /** Access + refresh tokens for a seeded user (cached: staff TOTP codes cannot be replayed). */
  login(key: string): Promise<{ accessToken: string; refreshToken: string }>;
  http<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startHarness(options: ChaperoneOptions & { env?: Record<string, string> } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chaperone-test-'));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    MEDIASOUP_WORKERS: '1',
    CHAPERONE_DATA_DIR: dataDir,
    CHAPERONE_RECORDINGS_DIR: join(dataDir, 'recordings'),
    CHAPERONE_FRAME_WORKERS: '0',
    ...options.env,
  });
  const app = await createChaperone(config, options);
  const school = await seedDemoSchool(app.directory);
  const port = await app.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  const cache = new Map<string, { accessToken: string; refreshToken: string }>();

  const http = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };

  const login = async (key: string): Promise<{ accessToken: string; refreshToken: string }> => {
    const hit = cache.get(key);
    if (hit) return hit;
    const user = school.users[key];
    const r = await http<{ status: string; accessToken: string; refreshToken: string; mfaToken: string }>('POST', '/auth/login', undefined, {
      email: user.email,
      password: DEMO_PASSWORD,
    });
    let tokens = r.body;
    if (r.body.status === 'mfa_required') {
      // A code cannot be used twice; the verifier accepts one step of drift either side.
      for (const step of [0, 1, -1]) {
        const m = await http<typeof tokens>('POST', '/auth/mfa', undefined, { mfaToken: r.body.mfaToken, code: totpAtStep(user.totpSecret!, step) });
        tokens = m.body;
        if (tokens.accessToken) break;
      }
    }
    if (!tokens.accessToken) throw new Error(`login failed for ${key}: ${JSON.stringify(r.body)}`);
    cache.set(key, tokens);
    return tokens;
  };

  return {
    app,
    dataDir,
    school,
    baseUrl,
    login,
    http,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signalling client speaking the protocol of shared/protocol.ts, recording every notification. */
export class SignalClient {
  readonly notifications: Notification[] = [];
  private waiters: Array<{ pred: (n: Notification) => boolean; resolve: (n: Notification) => void }> = [];

  private constructor(readonly socket: Socket) {
    socket.on('notify', (n: Notification) => {
      this.notifications.push(n);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(n)) return true;
        w.resolve(n);
        return false;
      });
    });
  }

  static connect(baseUrl: string, token: string): Promise<SignalClient> {
    const socket = io(`${baseUrl}/lessons`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new SignalClient(socket)));
      socket.once('connect_error', (err) => reject(err));
    });
  }

  request<T = any>(method: RequestMethod | string, data?: unknown): Promise<Response<T>> {
    return new Promise((resolve) => this.socket.emit('request', { method, data }, (r: Response<T>) => resolve(r)));
  }

  async ok<T = any>(method: RequestMethod, data?: unknown): Promise<T> {
    const r = await this.request<T>(method, data);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.data;
  }

  waitFor<T extends Notification['type']>(type: T, pred: (n: Extract<Notification, { type: T }>) => boolean = () => true, timeoutMs = 5000): Promise<Extract<Notification, { type: T }>> {
    const match = (n: Notification): boolean => n.type === type && pred(n as Extract<Notification, { type: T }>);
    const seen = this.notifications.find(match);
    if (seen) return Promise.resolve(seen as Extract<Notification, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
      this.waiters.push({ pred: match, resolve: (n) => (clearTimeout(timer), resolve(n as Extract<Notification, { type: T }>)) });
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** A DSL's live feed on /safeguarding, recording the backlog and every flag. */
export class DslFeedClient {
  readonly flags: FlagView[] = [];
  readonly alerts: Array<{ type: string; lessonId: string; message: string }> = [];
  backlog: FlagView[] | null = null;
  private waiters: Array<{ pred: (f: FlagView) => boolean; resolve: (f: FlagView) => void }> = [];

  private constructor(readonly socket: Socket) {
    socket.on('backlog', (b: FlagView[]) => (this.backlog = b));
    socket.on('alert', (a: { type: string; lessonId: string; message: string }) => this.alerts.push(a));
    socket.on('flag', (f: FlagView) => {
      this.flags.push(f);
      this.waiters = this.waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
  }

  static connect(baseUrl: string, token: string): Promise<DslFeedClient> {
    const socket = io(`${baseUrl}/safeguarding`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    return new Promise((resolve, reject) => {
      const client = new DslFeedClient(socket);
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (err) => reject(err));
    });
  }

  waitFor(pred: (f: FlagView) => boolean, timeoutMs = 10000): Promise<FlagView> {
    const seen = this.flags.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a flag')), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** RTP parameters a browser would send for a VP8 camera or an Opus mic (enough for the real worker). */
export function fakeRtpParameters(kind: 'audio' | 'video', ssrc: number): Record<string, unknown> {
  return kind === 'video'
    ? { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [] }], encodings: [{ ssrc }], headerExtensions: [], rtcp: { cname: 'test' } }
    : { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }], headerExtensions: [], rtcp: { cname: 'test' } };
}
