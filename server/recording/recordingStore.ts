/** Persistence of recordings, their tracks and quarantines (tables from migration 2). */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db';

export type RecordingStatus = 'recording' | 'complete' | 'interrupted' | 'failed' | 'expired';

export interface RecordingRow {
  id: string;
  lesson_id: string;
  class_id: string;
  school_id: string;
  started_at: number;
  ended_at: number | null;
  status: RecordingStatus;
  wrapped_key: string | null;
  kek_id: string | null;
  expires_at: number | null;
  legal_hold: number;
  hold_reason: string | null;
}

export interface TrackRow {
  id: string;
  recording_id: string;
  user_id: string | null;
  source: 'mic' | 'camera' | 'share' | 'timeline';
  kind: 'audio' | 'video' | 'timeline';
  file: string;
  container: 'webm' | 'jsonl';
  started_offset_ms: number;
  ended_offset_ms: number | null;
  bytes: number;
  complete: number;
}

export interface QuarantineRow {
  id: string;
  recording_id: string;
  from_ms: number | null;
  to_ms: number | null;
  reason: string;
  created_by: string | null;
  created_at: number;
  lifted_by: string | null;
  lifted_at: number | null;
  lift_reason: string | null;
}

export class RecordingStore {
  constructor(readonly db: Db) {}

  create(r: { id: string; lessonId: string; classId: string; schoolId: string; startedAt: number; wrappedKey: string; kekId: string }): void {
    this.db.run(
      "INSERT INTO recordings (id, lesson_id, class_id, school_id, started_at, status, wrapped_key, kek_id) VALUES (?, ?, ?, ?, ?, 'recording', ?, ?)",
      [r.id, r.lessonId, r.classId, r.schoolId, r.startedAt, r.wrappedKey, r.kekId],
    );
  }

  byId(id: string): RecordingRow | undefined {
    return this.db.get('SELECT * FROM recordings WHERE id = ?', [id]);
  }

  byLesson(lessonId: string): RecordingRow | undefined {
    return this.db.get('SELECT * FROM recordings WHERE lesson_id = ?', [lessonId]);
  }

  forClass(classId: string): RecordingRow[] {
    return this.db.all("SELECT * FROM recordings WHERE class_id = ? AND status != 'expired' ORDER BY started_at DESC", [classId]);
  }

  forSchool(schoolId: string): RecordingRow[] {
    return this.db.all("SELECT * FROM recordings WHERE school_id = ? AND status != 'expired' ORDER BY started_at DESC", [schoolId]);
  }

  withStatus(status: RecordingStatus): RecordingRow[] {
    return this.db.all('SELECT * FROM recordings WHERE status = ?', [status]);
  }

  finish(id: string, status: RecordingStatus, endedAt: number, expiresAt: number | null): void {
    this.db.run('UPDATE recordings SET status = ?, ended_at = ?, expires_at = ? WHERE id = ?', [status, endedAt, expiresAt, id]);
  }

  setWrappedKey(id: string, wrappedKey: string, kekId: string): void {
    this.db.run('UPDATE recordings SET wrapped_key = ?, kek_id = ? WHERE id = ?', [wrappedKey, kekId, id]);
  }

  setHold(id: string, hold: boolean, reason: string | null): void {
    this.db.run('UPDATE recordings SET legal_hold = ?, hold_reason = ? WHERE id = ?', [hold ? 1 : 0, reason, id]);
  }

  addTrack(t: Omit<TrackRow, 'ended_offset_ms' | 'bytes' | 'complete'>): void {
    this.db.run(
      'INSERT INTO recording_tracks (id, recording_id, user_id, source, kind, file, container, started_offset_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [t.id, t.recording_id, t.user_id, t.source, t.kind, t.file, t.container, t.started_offset_ms],
    );
  }

  finishTrack(id: string, endedOffsetMs: number, bytes: number, complete: boolean): void {
    this.db.run('UPDATE recording_tracks SET ended_offset_ms = ?, bytes = ?, complete = ? WHERE id = ?', [endedOffsetMs, bytes, complete ? 1 : 0, id]);
  }

  tracks(recordingId: string): TrackRow[] {
    return this.db.all('SELECT * FROM recording_tracks WHERE recording_id = ? ORDER BY started_offset_ms', [recordingId]);
  }

  track(recordingId: string, trackId: string): TrackRow | undefined {
    return this.db.get('SELECT * FROM recording_tracks WHERE recording_id = ? AND id = ?', [recordingId, trackId]);
  }

  quarantine(recordingId: string, q: { fromMs: number | null; toMs: number | null; reason: string; createdBy: string | null }): QuarantineRow {
    const row: QuarantineRow = {
      id: randomUUID(),
      recording_id: recordingId,
      from_ms: q.fromMs,
      to_ms: q.toMs,
      reason: q.reason,
      created_by: q.createdBy,
      created_at: Date.now(),
      lifted_by: null,
      lifted_at: null,
      lift_reason: null,
    };
    this.db.run('INSERT INTO recording_quarantines (id, recording_id, from_ms, to_ms, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.recording_id,
      row.from_ms,
      row.to_ms,
      row.reason,
      row.created_by,
      row.created_at,
    ]);
    return row;
  }

  activeQuarantines(recordingId: string): QuarantineRow[] {
    return this.db.all('SELECT * FROM recording_quarantines WHERE recording_id = ? AND lifted_at IS NULL ORDER BY created_at', [recordingId]);
  }

  liftQuarantine(recordingId: string, quarantineId: string, by: string, reason: string): boolean {
    return (
      this.db.run('UPDATE recording_quarantines SET lifted_by = ?, lifted_at = ?, lift_reason = ? WHERE id = ? AND recording_id = ? AND lifted_at IS NULL', [
        by,
        Date.now(),
        reason,
        quarantineId,
        recordingId,
      ]).changes > 0
    );
  }
}
