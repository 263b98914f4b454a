/** Persistence of lessons: lifecycle, attendance register, producer records, chat, whiteboard, timeline. */
import { randomUUID } from 'node:crypto';
import type { MediaSource } from '../../shared/levels';
import type { Db } from './db';

export interface LessonRow {
  id: string;
  class_id: string;
  started_by: string;
  title: string;
  started_at: number;
  ended_at: number | null;
}

export interface AttendanceRow {
  id: string;
  user_id: string;
  name: string;
  role: string;
  joined_at: number;
  left_at: number | null;
  notice_ack_at: number | null;
  leave_reason: string | null;
}

export class LessonStore {
  constructor(private readonly db: Db) {}

  create(classId: string, startedBy: string, title: string): LessonRow {
    const row: LessonRow = { id: randomUUID(), class_id: classId, started_by: startedBy, title, started_at: Date.now(), ended_at: null };
    this.db.run('INSERT INTO lessons (id, class_id, started_by, title, started_at) VALUES (?, ?, ?, ?, ?)', [row.id, row.class_id, row.started_by, row.title, row.started_at]);
    return row;
  }

  byId(id: string): LessonRow | undefined {
    return this.db.get('SELECT * FROM lessons WHERE id = ?', [id]);
  }

  liveForClass(classId: string): LessonRow | undefined {
    return this.db.get('SELECT * FROM lessons WHERE class_id = ? AND ended_at IS NULL ORDER BY started_at DESC', [classId]);
  }

  liveLessons(): LessonRow[] {
    return this.db.all('SELECT * FROM lessons WHERE ended_at IS NULL');
  }

  end(id: string, at = Date.now()): void {
    this.db.transaction(() => {
      this.db.run('UPDATE lessons SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [at, id]);
      this.db.run('UPDATE attendance SET left_at = ?, leave_reason = ? WHERE lesson_id = ? AND left_at IS NULL', [at, 'lesson_ended', id]);
      this.db.run('UPDATE producer_records SET ended_at = ?, close_reason = ? WHERE lesson_id = ? AND ended_at IS NULL', [at, 'lesson_ended', id]);
    });
  }

  lessonsForClass(classId: string, limit = 50): LessonRow[] {
    return this.db.all('SELECT * FROM lessons WHERE class_id = ? ORDER BY started_at DESC LIMIT ?', [classId, limit]);
  }

  recordJoin(lessonId: string, userId: string, role: string): string {
    const id = randomUUID();
    this.db.run('INSERT INTO attendance (id, lesson_id, user_id, role, joined_at) VALUES (?, ?, ?, ?, ?)', [id, lessonId, userId, role, Date.now()]);
    return id;
  }

  recordNoticeAck(attendanceId: string): void {
    this.db.run('UPDATE attendance SET notice_ack_at = ? WHERE id = ? AND notice_ack_at IS NULL', [Date.now(), attendanceId]);
  }

  recordLeave(attendanceId: string, reason: string): void {
    this.db.run('UPDATE attendance SET left_at = ?, leave_reason = ? WHERE id = ? AND left_at IS NULL', [Date.now(), reason, attendanceId]);
  }

  attendance(lessonId: string): AttendanceRow[] {
    return this.db.all(
      'SELECT a.id, a.user_id, u.name, a.role, a.joined_at, a.left_at, a.notice_ack_at, a.leave_reason FROM attendance a JOIN users u ON u.id = a.user_id WHERE a.lesson_id = ? ORDER BY a.joined_at',
      [lessonId],
    );
  }

  producerStarted(id: string, lessonId: string, userId: string, source: MediaSource): void {
    this.db.run('INSERT INTO producer_records (id, lesson_id, user_id, source, started_at) VALUES (?, ?, ?, ?, ?)', [id, lessonId, userId, source, Date.now()]);
  }

  producerEnded(id: string, reason: string): void {
    this.db.run('UPDATE producer_records SET ended_at = ?, close_reason = ? WHERE id = ? AND ended_at IS NULL', [Date.now(), reason, id]);
  }

  producerSpans(lessonId: string, userId: string): Array<{ source: MediaSource; started_at: number; ended_at: number | null; close_reason: string | null }> {
    return this.db.all('SELECT source, started_at, ended_at, close_reason FROM producer_records WHERE lesson_id = ? AND user_id = ? ORDER BY started_at', [lessonId, userId]);
  }

  /**
   * Records that a message was sent (for participation counts). Its text is never stored in
   * plaintext: it lives in the encrypted lesson timeline, and as encrypted evidence when flagged.
   */
  addChat(id: string, lessonId: string, userId: string, status: 'delivered' | 'held', at: number): void {
    this.db.run('INSERT INTO chat_messages (id, lesson_id, user_id, status, created_at) VALUES (?, ?, ?, ?, ?)', [id, lessonId, userId, status, at]);
  }

  setChatStatus(id: string, status: 'delivered' | 'held'): void {
    this.db.run('UPDATE chat_messages SET status = ? WHERE id = ?', [status, id]);
  }

  chatCount(lessonId: string, userId: string): number {
    return this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM chat_messages WHERE lesson_id = ? AND user_id = ?', [lessonId, userId])?.n ?? 0;
  }

  addStroke(lessonId: string, userId: string, strokeJson: string): void {
    this.db.run('INSERT INTO whiteboard_strokes (id, lesson_id, user_id, stroke, created_at) VALUES (?, ?, ?, ?, ?)', [randomUUID(), lessonId, userId, strokeJson, Date.now()]);
  }

  strokes(lessonId: string): string[] {
    return this.db.all<{ stroke: string }>('SELECT stroke FROM whiteboard_strokes WHERE lesson_id = ? ORDER BY created_at', [lessonId]).map((r) => r.stroke);
  }

  lessonsAttendedBy(userId: string, limit = 50): LessonRow[] {
    return this.db.all('SELECT DISTINCT l.* FROM lessons l JOIN attendance a ON a.lesson_id = l.id WHERE a.user_id = ? ORDER BY l.started_at DESC LIMIT ?', [userId, limit]);
  }
}
