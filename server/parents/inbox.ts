/**
 * Each parent's inbox: after every lesson, a summary of their child's time present, mic / camera /
 * share minutes and chat participation (from the server's own records); and the notices the
 * safeguarding team writes about an incident (the parent sees exactly what the DSL wrote, nothing
 * else). A parent only ever sees messages addressed to them about their own children. Content is
 * sealed at rest; each message is also announced by email (or held in the outbox for the admin).
 */
import type { InboxMessageView } from '../../shared/api';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/auditLog';
import type { Principal } from '../auth/tokens';
import { summariseLesson, summaryText, type LessonSummary } from '../domain/lessonSummary';
import type { LessonObserverFactory } from '../lessons/lessonService';
import { Logger } from '../logger';
import type { Db } from '../store/db';
import type { Directory } from '../store/directory';
import type { LessonStore } from '../store/lessonStore';
import type { Sealer } from '../store/sealed';
import type { Outbox } from './outbox';

export interface InboxMessage extends InboxMessageView {
  summary?: LessonSummary & { text: string };
}

interface Row {
  id: string;
  school_id: string;
  parent_id: string;
  student_id: string;
  kind: 'lesson_summary' | 'notice';
  lesson_id: string | null;
  incident_id: string | null;
  sealed: string;
  created_by: string | null;
  created_at: number;
  read_at: number | null;
}

export class ParentInbox {
  private readonly log = new Logger('[inbox]');

  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly directory: Directory,
    private readonly lessons: LessonStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** Follows each lesson; when it ends, every attending student's parents get a summary. */
  readonly observerFactory: LessonObserverFactory = async (lesson) => ({
    lessonClosed: () => {
      try {
        this.lessonEnded(lesson.id);
      } catch (err) {
        this.log.error('could not post lesson summaries', { lessonId: lesson.id, error: err });
      }
    },
  });

  /** Idempotent (one summary per parent, child and lesson). Returns the number posted. */
  lessonEnded(lessonId: string): number {
    const lesson = this.lessons.byId(lessonId);
    if (!lesson) return 0;
    const cls = this.directory.classById(lesson.class_id);
    if (!cls) return 0;
    const endedAt = lesson.ended_at ?? Date.now();
    const register = this.lessons.attendance(lessonId).filter((a) => a.role === 'student');
    const students = [...new Set(register.map((a) => a.user_id))];
    let posted = 0;
    for (const studentId of students) {
      const guardians = this.directory.guardiansOf(studentId);
      if (!guardians.length) continue;
      const summary = summariseLesson({
        childName: register.find((a) => a.user_id === studentId)!.name,
        lessonTitle: lesson.title,
        className: cls.name,
        startedAt: lesson.started_at,
        endedAt,
        presence: register.filter((a) => a.user_id === studentId).map((a) => ({ joinedAt: a.joined_at, leftAt: a.left_at })),
        producers: this.lessons.producerSpans(lessonId, studentId).map((s) => ({ source: s.source, startedAt: s.started_at, endedAt: s.ended_at })),
        chatMessages: this.lessons.chatCount(lessonId, studentId),
      });
      for (const g of guardians) {
        const id = randomUUID();
        const inserted = this.db.run(
          "INSERT OR IGNORE INTO parent_messages (id, school_id, parent_id, student_id, kind, lesson_id, sealed, created_at) VALUES (?, ?, ?, ?, 'lesson_summary', ?, ?, ?)",
          [id, cls.school_id, g.id, studentId, lessonId, this.sealer.sealJson(summary, `parent_messages:${id}`), Date.now()],
        );
        if (inserted.changes === 0) continue;
        posted++;
        this.outbox.queue(cls.school_id, id, { to: g.email, subject: `Lesson summary: ${summary.lessonTitle}`, text: `${summaryText(summary)}\n\nSign in to Chaperone to see every lesson and to change what your child may use.` });
      }
    }
    return posted;
  }

  /** A notice written by the safeguarding team; the caller has checked the incident and the child. */
  postNotice(n: { schoolId: string; incidentId: string; studentId: string; parentIds: readonly string[]; subject: string; body: string; actorId: string }): string[] {
    const ids: string[] = [];
    for (const parentId of n.parentIds) {
      const parent = this.directory.userById(parentId);
      if (!parent || !this.directory.isGuardian(parentId, n.studentId)) throw new AppError('BAD_REQUEST', 'send notices only to the child’s parents or carers');
      const id = randomUUID();
      this.db.run("INSERT INTO parent_messages (id, school_id, parent_id, student_id, kind, incident_id, sealed, created_by, created_at) VALUES (?, ?, ?, ?, 'notice', ?, ?, ?, ?)", [
        id,
        n.schoolId,
        parentId,
        n.studentId,
        n.incidentId,
        this.sealer.sealJson({ subject: n.subject, body: n.body }, `parent_messages:${id}`),
        n.actorId,
        Date.now(),
      ]);
      // The email says only that there is a message: its content stays behind sign-in.
      this.outbox.queue(n.schoolId, id, {
        to: parent.email,
        subject: `A message from ${this.directory.schoolName(n.schoolId) || 'school'}`,
        text: 'You have a new message from the school’s safeguarding team. Please sign in to Chaperone to read it.',
      });
      ids.push(id);
    }
    return ids;
  }

  /** The signed-in parent's messages, about their own children only. */
  list(principal: Principal): InboxMessage[] {
    if (principal.role !== 'parent') throw new AppError('FORBIDDEN', 'only parents and carers have an inbox');
    const rows = this.db.all<Row>('SELECT * FROM parent_messages WHERE parent_id = ? AND school_id = ? ORDER BY created_at DESC LIMIT 200', [principal.userId, principal.schoolId]);
    return rows.filter((r) => this.directory.isGuardian(principal.userId, r.student_id)).map((r) => this.view(r));
  }

  markRead(principal: Principal, id: string): InboxMessage {
    if (principal.role !== 'parent') throw new AppError('FORBIDDEN', 'only parents and carers have an inbox');
    const row = this.db.get<Row>('SELECT * FROM parent_messages WHERE id = ?', [id]);
    if (!row || row.parent_id !== principal.userId || !this.directory.isGuardian(principal.userId, row.student_id)) throw new AppError('NOT_FOUND', 'no such message');
    if (!row.read_at) {
      this.db.run('UPDATE parent_messages SET read_at = ? WHERE id = ?', [Date.now(), id]);
      if (row.kind === 'notice') this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'notice.read', targetType: 'incident', targetId: row.incident_id ?? row.id, detail: { messageId: row.id } });
    }
    return this.view(this.db.get<Row>('SELECT * FROM parent_messages WHERE id = ?', [id])!);
  }

  /** Notices sent for an incident (for its chronology and report). */
  noticesFor(incidentId: string): Array<{ id: string; parentId: string; studentId: string; at: number; readAt: number | null }> {
    return this.db
      .all<Row>("SELECT * FROM parent_messages WHERE incident_id = ? AND kind = 'notice' ORDER BY created_at", [incidentId])
      .map((r) => ({ id: r.id, parentId: r.parent_id, studentId: r.student_id, at: r.created_at, readAt: r.read_at }));
  }

  private view(r: Row): InboxMessage {
    const base = { id: r.id, kind: r.kind, child: { id: r.student_id, name: this.directory.userById(r.student_id)?.name ?? '' }, at: r.created_at, read: r.read_at !== null };
    if (r.kind === 'lesson_summary') {
      const s = this.sealer.openJson<LessonSummary>(r.sealed, `parent_messages:${r.id}`);
      return { ...base, summary: { ...s, text: summaryText(s) } };
    }
    const n = this.sealer.openJson<{ subject: string; body: string }>(r.sealed, `parent_messages:${r.id}`);
    return { ...base, notice: { ...n, from: 'School safeguarding team' } };
  }
}
