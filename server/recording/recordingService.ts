/**
 * Everything done with recordings after capture: audited access decisions, decrypting playback
 * (in memory, with byte ranges), the timeline, quarantine, legal hold, export to agencies,
 * retention (crypto-shredding), key rotation, and recovery after a crash.
 */
import { join } from 'node:path';
import type { RecordingGrant, RecordingSummary, TrackSummary } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/auditLog';
import type { Principal, TokenService } from '../auth/tokens';
import { decideRecordingAccess, type ExportAgency } from '../domain/recordingAccess';
import { expiresAt, isExpired } from '../domain/retention';
import { Logger } from '../logger';
import type { Directory } from '../store/directory';
import type { LessonStore } from '../store/lessonStore';
import { EncryptedTrackReader } from './crypto/encryptedReader';
import { RecordingIntegrityError } from './crypto/errors';
import { KeyError, parseWrappedKey, type KeyRing } from './keys';
import { rewrapAllDataKeys } from './keyRotation';
import type { QuarantineRow, RecordingRow, RecordingStore, TrackRow } from './recordingStore';
import { cryptoShred } from './shredder';

export interface AccessRequest {
  justification?: string;
  purpose: 'view' | 'export';
  exportRequest?: { agency: ExportAgency; reference: string };
}



export interface OpenTrack {
  size: number;
  complete: boolean;
  read(start: number, endInclusive: number): AsyncIterable<Buffer>;
}

export class RecordingService {
  private readonly log = new Logger('[recordings]');

  constructor(
    private readonly store: RecordingStore,
    private readonly keys: KeyRing,
    private readonly storageRoot: string,
    private readonly audit: AuditLog,
    private readonly directory: Directory,
    private readonly lessons: LessonStore,
    private readonly tokens: TokenService,
    private readonly hasOpenIncident: (recordingId: string) => boolean = () => false,
  ) {}

  /** After a crash: recordings still marked "recording" are readable up to their last chunk. */
  recoverInterrupted(retentionDays: (schoolId: string) => number): string[] {
    const ids: string[] = [];
    for (const r of this.store.withStatus('recording')) {
      const endedAt = Date.now();
      this.store.finish(r.id, 'interrupted', endedAt, expiresAt(endedAt, retentionDays(r.school_id)));
      this.audit.append({ actorId: null, actorRole: 'system', action: 'recording.interrupted', targetType: 'recording', targetId: r.id, detail: { lessonId: r.lesson_id } });
      ids.push(r.id);
    }
    return ids;
  }

  private quarantined(recordingId: string): boolean {
    return this.store.activeQuarantines(recordingId).length > 0;
  }

  /** The one gate: decide with the pure rule, audit the decision whatever it is, throw if refused. */
  private decide(principal: Principal, recordingId: string, req: AccessRequest): RecordingRow {
    const rec = this.store.byId(recordingId);
    const base = { actorId: principal.userId, actorRole: principal.role, targetType: 'recording', targetId: recordingId };
    if (!rec || rec.status === 'expired') {
      this.audit.append({ ...base, action: `recording.${req.purpose}.denied`, detail: { code: 'not_found' } });
      throw new AppError('NOT_FOUND', 'recording not found');
    }
    const quarantined = this.quarantined(rec.id);
    const member = this.directory.membership(rec.class_id, principal);
    const decision = decideRecordingAccess({
      viewerRole: principal.role,
      viewerSchoolId: principal.schoolId,
      recordingSchoolId: rec.school_id,
      isEnrolledNow: member.isEnrolledStudent,
      isClassTeacher: member.isClassTeacher,
      quarantined,
      justification: req.justification,
      purpose: req.purpose,
      exportRequest: req.exportRequest,
    });
    if (!decision.allow) {
      this.audit.append({ ...base, action: `recording.${req.purpose}.denied`, detail: { code: decision.code } });
      const err = new AppError(decision.status === 404 ? 'NOT_FOUND' : 'FORBIDDEN', decision.reason, principal.role === 'dsl' ? decision.code : undefined);
      throw err;
    }
    this.audit.append({
      ...base,
      action: `recording.${req.purpose}`,
      detail: {
        quarantined,
        ...(req.justification ? { justification: req.justification } : {}),
        ...(req.exportRequest ? { exportRequest: req.exportRequest } : {}),
      },
    });
    return rec;
  }

  /** Grant a view: audited; returns what the player needs and a playback token for media URLs. */
  grantView(principal: Principal, recordingId: string, justification?: string): RecordingGrant {
    const rec = this.decide(principal, recordingId, { purpose: 'view', justification });
    return { playbackToken: this.tokens.signPlayback(principal, rec.id), recording: this.summary(rec), tracks: this.trackSummaries(rec.id) };
  }

  /** Recordings the principal may see, without auditing each (listing reveals only what they may view). */
  listFor(principal: Principal): RecordingSummary[] {
    let rows: RecordingRow[] = [];
    if (principal.role === 'dsl') rows = this.store.forSchool(principal.schoolId);
    else if (principal.role === 'teacher' || principal.role === 'student') {
      rows = this.directory.classesForUser(principal.userId, principal.role).flatMap((c) => this.store.forClass(c.id));
      rows = rows.filter((r) => !this.quarantined(r.id));
    }
    return rows.filter((r) => r.school_id === principal.schoolId).map((r) => this.summary(r));
  }

  private summary(rec: RecordingRow): RecordingSummary {
    const lesson = this.lessons.byId(rec.lesson_id);
    const end = rec.ended_at ?? Date.now();
    return {
      id: rec.id,
      lessonId: rec.lesson_id,
      title: lesson?.title ?? '',
      className: this.directory.classById(rec.class_id)?.name ?? '',
      startedAt: rec.started_at,
      endedAt: rec.ended_at,
      durationMs: end - rec.started_at,
      status: rec.status,
      quarantined: this.quarantined(rec.id),
    };
  }

  private trackSummaries(recordingId: string): TrackSummary[] {
    return this.store
      .tracks(recordingId)
      .filter((t): t is TrackRow & { kind: 'audio' | 'video' } => t.kind !== 'timeline')
      .map((t) => ({
        id: t.id,
        source: t.source,
        kind: t.kind,
        userName: t.user_id ? (this.directory.userById(t.user_id)?.name ?? null) : null,
        startedOffsetMs: t.started_offset_ms,
        endedOffsetMs: t.ended_offset_ms,
        complete: t.complete === 1,
      }));
  }

  private dataKey(rec: RecordingRow): Buffer {
    if (!rec.wrapped_key) throw new AppError('NOT_FOUND', 'recording not found');
    try {
      return this.keys.unwrap(parseWrappedKey(rec.wrapped_key), rec.id);
    } catch (err) {
      if (err instanceof KeyError) {
        this.log.error('cannot unwrap a recording key', { recordingId: rec.id, error: err });
        throw new AppError('INTERNAL', `recording key unavailable: ${err.message}`);
      }
      throw err;
    }
  }

  private async openReader(rec: RecordingRow, track: TrackRow): Promise<EncryptedTrackReader> {
    const key = this.dataKey(rec);
    try {
      return await EncryptedTrackReader.open({ file: join(this.storageRoot, track.file), dataKey: key, recordingId: rec.id, trackId: track.id });
    } catch (err) {
      if (err instanceof RecordingIntegrityError) {
        this.log.error('recording failed integrity check', { recordingId: rec.id, trackId: track.id, error: err });
        this.audit.append({ actorId: null, actorRole: 'system', action: 'recording.integrity_failure', targetType: 'recording', targetId: rec.id, detail: { trackId: track.id, message: err.message } });
        throw new AppError('CONFLICT', 'this recording failed its integrity check and cannot be played');
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', 'recording track not found');
      throw err;
    } finally {
      key.fill(0);
    }
  }

  /** A media track for a playback grant (the grant was audited when issued). */
  async openTrack(playbackToken: string, recordingId: string, trackId: string): Promise<OpenTrack> {
    const { rec, track } = this.resolveGrant(playbackToken, recordingId, trackId);
    if (track.kind === 'timeline') throw new AppError('NOT_FOUND', 'recording track not found');
    const reader = await this.openReader(rec, track);
    return { size: reader.plaintextSize, complete: reader.complete, read: (a, b) => reader.read(a, b) };
  }

  async timeline(playbackToken: string, recordingId: string): Promise<Array<Record<string, unknown>>> {
    const { rec } = this.resolveGrant(playbackToken, recordingId);
    const track = this.store.tracks(rec.id).find((t) => t.kind === 'timeline');
    if (!track) return [];
    const reader = await this.openReader(rec, track);
    const text = (await reader.readAll()).toString('utf8');
    const names = new Map<string, string | null>();
    const nameOf = (id: string | null): string | null => {
      if (!id) return null;
      if (!names.has(id)) names.set(id, this.directory.userById(id)?.name ?? null);
      return names.get(id) ?? null;
    };
    return text
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .map((e) => ({ ...e, actorName: nameOf((e.actorId as string | null) ?? null) }));
  }

  /** Re-checks the grant against the current rules: a quarantine placed after it was issued revokes it. */
  private resolveGrant(token: string, recordingId: string, trackId?: string): { rec: RecordingRow; track: TrackRow } {
    const grant = this.tokens.verifyPlayback(token, recordingId);
    const rec = this.store.byId(recordingId);
    const user = this.directory.userById(grant.userId);
    if (!rec || !user || rec.status === 'expired') throw new AppError('NOT_FOUND', 'recording not found');
    const q = this.quarantined(rec.id);
    if (q && user.role !== 'dsl') throw new AppError('FORBIDDEN', 'you do not have access to this recording');
    const track = trackId ? this.store.track(rec.id, trackId) : this.store.tracks(rec.id)[0];
    if (!track) throw new AppError('NOT_FOUND', 'recording track not found');
    return { rec, track };
  }

  // ---- quarantine, hold, export ------------------------------------------------

  /** Called by detection (principal null = system) or by the safeguarding team. */
  quarantine(actor: Principal | null, recordingId: string, q: { fromMs: number | null; toMs: number | null; reason: string }): QuarantineRow {
    if (actor && actor.role !== 'dsl') throw new AppError('FORBIDDEN', 'only the safeguarding team quarantines recordings');
    const rec = this.store.byId(recordingId);
    if (!rec || (actor && rec.school_id !== actor.schoolId)) throw new AppError('NOT_FOUND', 'recording not found');
    const row = this.store.quarantine(recordingId, { ...q, createdBy: actor?.userId ?? null });
    this.audit.append({ actorId: actor?.userId ?? null, actorRole: actor?.role ?? 'system', action: 'recording.quarantine', targetType: 'recording', targetId: recordingId, detail: { quarantineId: row.id, fromMs: q.fromMs, toMs: q.toMs, reason: q.reason } });
    return row;
  }

  quarantineForLesson(lessonId: string, q: { fromMs: number | null; toMs: number | null; reason: string }): QuarantineRow | null {
    const rec = this.store.byLesson(lessonId);
    return rec ? this.quarantine(null, rec.id, q) : null;
  }

  liftQuarantine(actor: Principal, recordingId: string, quarantineId: string, reason: string): void {
    this.assertDslOf(actor, recordingId);
    if (!this.store.liftQuarantine(recordingId, quarantineId, actor.userId, reason)) throw new AppError('NOT_FOUND', 'no such active quarantine');
    this.audit.append({ actorId: actor.userId, actorRole: actor.role, action: 'recording.quarantine_lifted', targetType: 'recording', targetId: recordingId, detail: { quarantineId, reason } });
  }

  quarantines(actor: Principal, recordingId: string): QuarantineRow[] {
    this.assertDslOf(actor, recordingId);
    return this.store.activeQuarantines(recordingId);
  }

  setLegalHold(actor: Principal, recordingId: string, hold: boolean, reason: string): void {
    this.assertDslOf(actor, recordingId);
    this.store.setHold(recordingId, hold, hold ? reason : null);
    this.audit.append({ actorId: actor.userId, actorRole: actor.role, action: hold ? 'recording.hold' : 'recording.hold_released', targetType: 'recording', targetId: recordingId, detail: { reason } });
  }

  /** Export a track for a police or agency request: DSL only, audited, decrypted on the fly. */
  async exportTrack(actor: Principal, recordingId: string, trackId: string, req: { agency: ExportAgency; reference: string; justification: string }): Promise<OpenTrack> {
    const rec = this.decide(actor, recordingId, { purpose: 'export', justification: req.justification, exportRequest: { agency: req.agency, reference: req.reference } });
    const track = this.store.track(rec.id, trackId);
    if (!track) throw new AppError('NOT_FOUND', 'recording track not found');
    const reader = await this.openReader(rec, track);
    return { size: reader.plaintextSize, complete: reader.complete, read: (a, b) => reader.read(a, b) };
  }

  private assertDslOf(actor: Principal, recordingId: string): RecordingRow {
    const rec = this.store.byId(recordingId);
    if (actor.role !== 'dsl') throw new AppError('FORBIDDEN', 'only the safeguarding team can do this');
    if (!rec || rec.school_id !== actor.schoolId) throw new AppError('NOT_FOUND', 'recording not found');
    return rec;
  }

  // ---- retention and keys -----------------------------------------------------

  /** Crypto-shred every recording past its school's retention unless held, quarantined or under an open incident. */
  async expire(now: number, retentionDays: (schoolId: string) => number): Promise<string[]> {
    const shredded: string[] = [];
    for (const status of ['complete', 'interrupted', 'failed'] as const) {
      for (const rec of this.store.withStatus(status)) {
        const expired = isExpired(
          {
            endedAt: rec.ended_at,
            retentionDays: retentionDays(rec.school_id),
            legalHold: rec.legal_hold === 1,
            activeQuarantine: this.quarantined(rec.id),
            openIncident: this.hasOpenIncident(rec.id),
          },
          now,
        );
        if (!expired) continue;
        await cryptoShred(this.store.db, this.storageRoot, rec.id);
        this.audit.append({ actorId: null, actorRole: 'system', action: 'recording.expired', targetType: 'recording', targetId: rec.id, detail: { retentionDays: retentionDays(rec.school_id) } });
        shredded.push(rec.id);
      }
    }
    return shredded;
  }

  /** Re-wrap every data key (recordings, evidence, sealed text) under the current key-encryption key; media is not touched. */
  rotateKeys(): number {
    const { recordings, evidence, sealed } = rewrapAllDataKeys(this.store.db, this.keys, this.audit);
    return recordings + evidence + sealed;
  }
}
