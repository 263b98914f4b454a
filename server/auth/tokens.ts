/**
 * Sessions and tokens. Access tokens are short-lived JWTs carrying user, role, school and session;
 * a session can be revoked (logout) and every access token of it stops working at once.
 * Refresh tokens are opaque random strings stored only as hashes, rotated on every use.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { RoleSchema, type Role } from '../../shared/levels';
import { AppError } from '../../shared/errors';
import type { Db } from '../store/db';

export interface Principal {
  userId: string;
  role: Role;
  schoolId: string;
  sessionId: string;
}

const AccessClaims = z.object({ sub: z.string(), role: RoleSchema, school: z.string(), sid: z.string(), typ: z.literal('access') });
const MfaClaims = z.object({ sub: z.string(), typ: z.literal('mfa') });
const PlaybackClaims = z.object({ sub: z.string(), sid: z.string(), rid: z.string(), typ: z.literal('playback') });

/** A short-lived grant to stream one recording, issued after an audited access decision. */
export interface PlaybackGrant {
  userId: string;
  sessionId: string;
  recordingId: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly secret: Buffer,
    private readonly accessTtl: number,
    private readonly refreshTtl: number,
  ) {}

  issue(user: { id: string; role: Role; school_id: string }): IssuedTokens {
    const sessionId = randomUUID();
    const refreshToken = randomBytes(32).toString('base64url');
    const now = Date.now();
    this.db.run('INSERT INTO sessions (id, user_id, refresh_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
      sessionId,
      user.id,
      sha256(refreshToken),
      now,
      now + this.refreshTtl * 1000,
    ]);
    return { accessToken: this.sign(user, sessionId), refreshToken, expiresIn: this.accessTtl };
  }

  private sign(user: { id: string; role: Role; school_id: string }, sessionId: string): string {
    return jwt.sign({ role: user.role, school: user.school_id, sid: sessionId, typ: 'access' }, this.secret, {
      algorithm: 'HS256',
      subject: user.id,
      expiresIn: this.accessTtl,
    });
  }

  verifyAccess(token: string): Principal {
    let claims: z.infer<typeof AccessClaims>;
    try {
      claims = AccessClaims.parse(jwt.verify(token, this.secret, { algorithms: ['HS256'] }));
    } catch {
      throw new AppError('UNAUTHENTICATED', 'invalid or expired access token');
    }
    const session = this.db.get<{ revoked_at: number | null; expires_at: number }>('SELECT revoked_at, expires_at FROM sessions WHERE id = ?', [claims.sid]);
    if (!session || session.revoked_at !== null || session.expires_at < Date.now()) {
      throw new AppError('UNAUTHENTICATED', 'session has ended');
    }
    return { userId: claims.sub, role: claims.role, schoolId: claims.school, sessionId: claims.sid };
  }

  /** Exchange a refresh token for new tokens; the old refresh token stops working. */
  refresh(refreshToken: string, loadUser: (id: string) => { id: string; role: Role; school_id: string } | undefined): IssuedTokens {
    const row = this.db.get<{ id: string; user_id: string; expires_at: number; revoked_at: number | null }>(
      'SELECT id, user_id, expires_at, revoked_at FROM sessions WHERE refresh_hash = ?',
      [sha256(refreshToken)],
    );
    if (!row || row.revoked_at !== null || row.expires_at < Date.now()) throw new AppError('UNAUTHENTICATED', 'invalid refresh token');
    const user = loadUser(row.user_id);
    if (!user) throw new AppError('UNAUTHENTICATED', 'invalid refresh token');
    const next = randomBytes(32).toString('base64url');
    this.db.run('UPDATE sessions SET refresh_hash = ? WHERE id = ?', [sha256(next), row.id]);
    return { accessToken: this.sign(user, row.id), refreshToken: next, expiresIn: this.accessTtl };
  }

  revoke(sessionId: string): void {
    this.db.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [Date.now(), sessionId]);
  }

  /** Media elements cannot send headers, so playback URLs carry this grant (30 minutes, one recording). */
  signPlayback(principal: Principal, recordingId: string): string {
    return jwt.sign({ typ: 'playback', sid: principal.sessionId, rid: recordingId }, this.secret, { algorithm: 'HS256', subject: principal.userId, expiresIn: 1800 });
  }

  verifyPlayback(token: string, recordingId: string): PlaybackGrant {
    let claims: z.infer<typeof PlaybackClaims>;
    try {
      claims = PlaybackClaims.parse(jwt.verify(token, this.secret, { algorithms: ['HS256'] }));
    } catch {
      throw new AppError('UNAUTHENTICATED', 'invalid or expired playback grant; open the recording again');
    }
    if (claims.rid !== recordingId) throw new AppError('FORBIDDEN', 'this grant is for another recording');
    const session = this.db.get<{ revoked_at: number | null }>('SELECT revoked_at FROM sessions WHERE id = ?', [claims.sid]);
    if (!session || session.revoked_at !== null) throw new AppError('UNAUTHENTICATED', 'session has ended');
    return { userId: claims.sub, sessionId: claims.sid, recordingId: claims.rid };
  }

  /** A 5-minute token proving the password step passed, exchanged for a session after TOTP. */
  signMfa(userId: string): string {
    return jwt.sign({ typ: 'mfa' }, this.secret, { algorithm: 'HS256', subject: userId, expiresIn: 300 });
  }

  verifyMfa(token: string): string {
    try {
      return MfaClaims.parse(jwt.verify(token, this.secret, { algorithms: ['HS256'] })).sub;
    } catch {
      throw new AppError('UNAUTHENTICATED', 'invalid or expired sign-in step; sign in again');
    }
  }
}
