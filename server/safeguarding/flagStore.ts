/** Persistence of safeguarding flags. */
import type { Db } from '../store/db';

export interface FlagRow {
  id: string;
  school_id: string;
  lesson_id: string;
  class_id: string;
  student_id: string;
  label: string;
  severity: 'low' | 'medium' | 'high';
  score: number;
  model: string;
  source: 'chat' | 'camera' | 'share' | 'report';
  action: string;
  offset_ms: number;
  created_at: number;
  status: string;
  chat_message_id: string | null;
  producer_id: string | null;
  quarantine_id: string | null;
  released_at: number | null;
  released_by: string | null;
  release_reason: string | null;
  /** Triage (migration 4). */
  grade?: number | null;
  assignee_id?: string | null;
}

export type NewFlag = Omit<FlagRow, 'status' | 'released_at' | 'released_by' | 'release_reason' | 'grade' | 'assignee_id'>;

export interface FlagFilter {
  lessonId?: string;
  classId?: string;
  studentId?: string;
  label?: string;
  severity?: string;
  status?: string;
  limit?: number;
}

export class FlagStore {
  constructor(private readonly db: Db) {}

  insert(f: NewFlag): void {
    this.db.run(
      'INSERT INTO flags (id, school_id, lesson_id, class_id, student_id, label, severity, score, model, source, action, offset_ms, created_at, chat_message_id, producer_id, quarantine_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [f.id, f.school_id, f.lesson_id, f.class_id, f.student_id, f.label, f.severity, f.score, f.model, f.source, f.action, f.offset_ms, f.created_at, f.chat_message_id, f.producer_id, f.quarantine_id],
    );
  }

  byId(id: string): FlagRow | undefined {
    return this.db.get('SELECT * FROM flags WHERE id = ?', [id]);
  }

  list(schoolId: string, f: FlagFilter = {}): FlagRow[] {
    const where = ['school_id = ?'];
    const params: Array<string | number> = [schoolId];
    const add = (col: string, v: string | undefined): void => {
      if (v !== undefined) {
        where.push(`${col} = ?`);
        params.push(v);
      }
    };
    add('lesson_id', f.lessonId);
    add('class_id', f.classId);
    add('student_id', f.studentId);
    add('label', f.label);
    add('severity', f.severity);
    add('status', f.status);
    params.push(Math.min(500, f.limit ?? 200));
    return this.db.all(`SELECT * FROM flags WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT ?`, params);
  }

  markReleased(id: string, by: string, reason: string): void {
    this.db.run('UPDATE flags SET released_at = ?, released_by = ?, release_reason = ? WHERE id = ?', [Date.now(), by, reason, id]);
  }

  setStatus(id: string, status: string): void {
    this.db.run('UPDATE flags SET status = ? WHERE id = ?', [status, id]);
  }

  setGrade(id: string, grade: number): void {
    this.db.run('UPDATE flags SET grade = ? WHERE id = ?', [grade, id]);
  }

  setAssignee(id: string, assigneeId: string): void {
    this.db.run('UPDATE flags SET assignee_id = ? WHERE id = ?', [assigneeId, id]);
  }

  /** Open items (open or in review) of a school by severity. */
  openCounts(schoolId: string): Record<'low' | 'medium' | 'high', number> {
    const out = { low: 0, medium: 0, high: 0 };
    for (const r of this.db.all<{ severity: 'low' | 'medium' | 'high'; n: number }>("SELECT severity, COUNT(*) AS n FROM flags WHERE school_id = ? AND status IN ('open','in_review') GROUP BY severity", [schoolId])) out[r.severity] = r.n;
    return out;
  }
}
