/** Persistence of incidents (records of concern grouped by the safeguarding team) and their links. */
import type { IncidentStatus } from '../../shared/protocol';
import type { Db } from '../store/db';

export interface IncidentRow {
  id: string;
  school_id: string;
  /** Sealed JSON { title, summary }. */
  sealed: string;
  status: IncidentStatus;
  created_by: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

export type LinkKind = 'flag' | 'concern' | 'student' | 'staff';

export interface LinkRow {
  kind: LinkKind;
  target_id: string;
  added_by: string;
  added_at: number;
}

export class IncidentStore {
  constructor(private readonly db: Db) {}

  insert(row: IncidentRow): void {
    this.db.run('INSERT INTO incidents (id, school_id, sealed, status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.school_id,
      row.sealed,
      row.status,
      row.created_by,
      row.created_at,
      row.updated_at,
    ]);
  }

  byId(id: string): IncidentRow | undefined {
    return this.db.get('SELECT * FROM incidents WHERE id = ?', [id]);
  }

  list(schoolId: string, status?: IncidentStatus): IncidentRow[] {
    return status
      ? this.db.all('SELECT * FROM incidents WHERE school_id = ? AND status = ? ORDER BY updated_at DESC LIMIT 500', [schoolId, status])
      : this.db.all('SELECT * FROM incidents WHERE school_id = ? ORDER BY updated_at DESC LIMIT 500', [schoolId]);
  }

  setStatus(id: string, status: IncidentStatus): void {
    const now = Date.now();
    this.db.run('UPDATE incidents SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?', [status, now, status === 'closed' ? now : null, id]);
  }

  touch(id: string): void {
    this.db.run('UPDATE incidents SET updated_at = ? WHERE id = ?', [Date.now(), id]);
  }

  /** True if the link was new. */
  link(incidentId: string, kind: LinkKind, targetId: string, by: string): boolean {
    const r = this.db.run('INSERT OR IGNORE INTO incident_links (incident_id, kind, target_id, added_by, added_at) VALUES (?, ?, ?, ?, ?)', [incidentId, kind, targetId, by, Date.now()]);
    return r.changes > 0;
  }

  links(incidentId: string): LinkRow[] {
    return this.db.all('SELECT kind, target_id, added_by, added_at FROM incident_links WHERE incident_id = ? ORDER BY added_at', [incidentId]);
  }

  /** Incidents a flag or concern belongs to. */
  incidentsLinking(kind: LinkKind, targetId: string): IncidentRow[] {
    return this.db.all('SELECT i.* FROM incidents i JOIN incident_links l ON l.incident_id = i.id WHERE l.kind = ? AND l.target_id = ? ORDER BY i.created_at', [kind, targetId]);
  }

  openCount(schoolId: string): number {
    return this.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM incidents WHERE school_id = ? AND status != 'closed'", [schoolId])?.n ?? 0;
  }

  /** An open incident holds a flag from this recording's lesson: retention must not expire it. */
  hasOpenForRecording(recordingId: string): boolean {
    return !!this.db.get(
      `SELECT 1 AS x FROM incident_links l
         JOIN incidents i ON i.id = l.incident_id
         JOIN flags f ON f.id = l.target_id
         JOIN recordings r ON r.lesson_id = f.lesson_id
       WHERE l.kind = 'flag' AND i.status != 'closed' AND r.id = ?
       UNION
       SELECT 1 AS x FROM incident_links l
         JOIN incidents i ON i.id = l.incident_id
         JOIN concerns c ON c.id = l.target_id
         JOIN recordings r ON r.lesson_id = c.lesson_id
       WHERE l.kind = 'concern' AND i.status != 'closed' AND r.id = ?`,
      [recordingId, recordingId],
    );
  }
}
