/**
 * The chronology of safeguarding casework: every triage step on a flag, every step of a concern and
 * of an incident, timestamped and attributed. Codes and ids are stored in the clear; free text
 * (notes, reasons, details, notice bodies) is sealed (server/store/sealed.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db';
import type { Directory } from '../store/directory';
import type { Sealer } from '../store/sealed';

export type CaseSubject = 'flag' | 'concern' | 'incident';

export interface CaseEvent {
  id: string;
  subjectType: CaseSubject;
  subjectId: string;
  kind: string;
  value: string | null;
  text: string | null;
  actorId: string | null;
  actorName: string | null;
  at: number;
}

interface Row {
  id: string;
  subject_type: CaseSubject;
  subject_id: string;
  kind: string;
  value: string | null;
  sealed: string | null;
  actor_id: string | null;
  at: number;
}

export class CaseEvents {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly directory: Directory,
  ) {}

  add(schoolId: string, subjectType: CaseSubject, subjectId: string, kind: string, actorId: string | null, content: { value?: string | null; text?: string | null } = {}): CaseEvent {
    const id = randomUUID();
    const at = Date.now();
    const sealed = content.text ? this.sealer.seal(content.text, `case_events:${id}`) : null;
    this.db.run('INSERT INTO case_events (id, school_id, subject_type, subject_id, kind, value, sealed, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      schoolId,
      subjectType,
      subjectId,
      kind,
      content.value ?? null,
      sealed,
      actorId,
      at,
    ]);
    return this.toEvent({ id, subject_type: subjectType, subject_id: subjectId, kind, value: content.value ?? null, sealed, actor_id: actorId, at });
  }

  /** Oldest first, decrypted. */
  list(subjectType: CaseSubject, subjectIds: readonly string[]): CaseEvent[] {
    if (subjectIds.length === 0) return [];
    const marks = subjectIds.map(() => '?').join(',');
    return this.db
      .all<Row>(`SELECT * FROM case_events WHERE subject_type = ? AND subject_id IN (${marks}) ORDER BY at, rowid`, [subjectType, ...subjectIds])
      .map((r) => this.toEvent(r));
  }

  private toEvent(r: Row): CaseEvent {
    return {
      id: r.id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      kind: r.kind,
      value: r.value,
      text: r.sealed ? this.sealer.open(r.sealed, `case_events:${r.id}`) : null,
      actorId: r.actor_id,
      actorName: r.actor_id ? (this.directory.userById(r.actor_id)?.name ?? null) : null,
      at: r.at,
    };
  }
}
