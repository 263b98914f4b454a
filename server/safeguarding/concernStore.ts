/** Persistence of records of concern; the text is sealed (server/store/sealed.ts). */
import type { Db } from '../store/db';

export interface ConcernRow {
  id: string;
  school_id: string;
  lesson_id: string | null;
  class_id: string | null;
  raised_by: string;
  source: 'teacher' | 'student' | 'dsl';
  offset_ms: number | null;
  sealed: string;
  status: 'open' | 'linked' | 'closed';
  created_at: number;
}

export class ConcernStore {
  constructor(private readonly db: Db) {}

  insert(c: ConcernRow, studentIds: readonly string[]): void {
    this.db.transaction(() => {
      this.db.run('INSERT INTO concerns (id, school_id, lesson_id, class_id, raised_by, source, offset_ms, sealed, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        c.id,
        c.school_id,
        c.lesson_id,
        c.class_id,
        c.raised_by,
        c.source,
        c.offset_ms,
        c.sealed,
        c.status,
        c.created_at,
      ]);
      for (const s of new Set(studentIds)) this.db.run('INSERT INTO concern_students (concern_id, student_id) VALUES (?, ?)', [c.id, s]);
    });
  }

  byId(id: string): ConcernRow | undefined {
    return this.db.get('SELECT * FROM concerns WHERE id = ?', [id]);
  }

  students(concernId: string): string[] {
    return this.db.all<{ student_id: string }>('SELECT student_id FROM concern_students WHERE concern_id = ?', [concernId]).map((r) => r.student_id);
  }

  list(schoolId: string, f: { status?: string; raisedBy?: string; limit?: number } = {}): ConcernRow[] {
    const where = ['school_id = ?'];
    const params: Array<string | number> = [schoolId];
    if (f.status) {
      where.push('status = ?');
      params.push(f.status);
    }
    if (f.raisedBy) {
      where.push('raised_by = ?');
      params.push(f.raisedBy);
    }
    params.push(Math.min(500, f.limit ?? 200));
    return this.db.all(`SELECT * FROM concerns WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT ?`, params);
  }

  setStatus(id: string, status: ConcernRow['status']): void {
    this.db.run('UPDATE concerns SET status = ? WHERE id = ?', [status, id]);
  }

  openCount(schoolId: string): number {
    return this.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM concerns WHERE school_id = ? AND status = 'open'", [schoolId])?.n ?? 0;
  }
}
