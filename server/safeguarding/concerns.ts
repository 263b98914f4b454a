/**
 * Records of concern raised by people: a teacher (from the lesson view or afterwards) or a student
 * reporting privately during a lesson ("report to staff"). Only staff and the safeguarding team see
 * them: a student's report reaches the staff in that lesson (unless the student asks for the
 * safeguarding team only, e.g. about a member of staff) and the DSL's live feed; it is never put
 * on the lesson's recording timeline, which classmates can replay.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { ConcernView } from '../../shared/protocol';
import type { AuditLog } from '../audit/auditLog';
import type { Principal } from '../auth/tokens';
import { canRaiseConcern, isSafeguardingTeam } from '../domain/safeguardingCase';
import type { LiveLesson } from '../lessons/liveLesson';
import type { Directory } from '../store/directory';
import type { LessonStore } from '../store/lessonStore';
import type { Sealer } from '../store/sealed';
import type { CaseEvent, CaseEvents } from './caseEvents';
import type { ConcernRow, ConcernStore } from './concernStore';

export type ConcernAnnouncer = (schoolId: string, concern: ConcernView) => void;

export class ConcernService {
  private announce: ConcernAnnouncer = () => {};

  constructor(
    private readonly store: ConcernStore,
    private readonly sealer: Sealer,
    private readonly events: CaseEvents,
    private readonly audit: AuditLog,
    private readonly directory: Directory,
    private readonly lessonStore: LessonStore,
  ) {}

  /** The DSL's live feed. */
  onRaised(announce: ConcernAnnouncer): void {
    this.announce = announce;
  }

  /** A teacher (or the DSL) records a concern, about a lesson or not, naming students or not. */
  raise(principal: Principal, input: { text: string; lessonId?: string; studentIds: readonly string[] }): ConcernView {
    if (!canRaiseConcern(principal.role)) throw new AppError('FORBIDDEN', 'only staff raise records of concern');
    let lesson: { id: string; class_id: string; started_at: number } | undefined;
    if (input.lessonId) {
      lesson = this.lessonStore.byId(input.lessonId);
      const cls = lesson ? this.directory.classById(lesson.class_id) : undefined;
      const mayUse = !!cls && cls.school_id === principal.schoolId && (isSafeguardingTeam(principal.role) || this.directory.isClassTeacher(cls.id, principal.userId));
      if (!lesson || !mayUse) throw new AppError('NOT_FOUND', 'no such lesson');
    }
    for (const id of input.studentIds) {
      const s = this.directory.userById(id);
      if (!s || s.school_id !== principal.schoolId || s.role !== 'student') throw new AppError('BAD_REQUEST', 'name students of your school');
    }
    return this.insert({
      schoolId: principal.schoolId,
      lessonId: lesson?.id ?? null,
      classId: lesson?.class_id ?? null,
      raisedBy: principal.userId,
      source: principal.role === 'dsl' ? 'dsl' : 'teacher',
      offsetMs: lesson && !this.lessonStore.byId(lesson.id)?.ended_at ? Date.now() - lesson.started_at : null,
      text: input.text,
      studentIds: input.studentIds,
    });
  }

  /** A student's private report in a live lesson (signalling `reportConcern`). */
  reportFromLesson(lesson: LiveLesson, studentId: string, text: string, safeguardingTeamOnly: boolean): { received: true; message: string } {
    lesson.reportConcern(
      studentId,
      (r) =>
        this.insert({
          schoolId: lesson.schoolId,
          lessonId: lesson.id,
          classId: lesson.lesson.class_id,
          raisedBy: studentId,
          source: 'student',
          offsetMs: r.offsetMs,
          text,
          studentIds: [studentId],
        }),
      !safeguardingTeamOnly,
    );
    return {
      received: true,
      message: safeguardingTeamOnly
        ? 'Thank you for telling us. Only the school safeguarding team will read this.'
        : 'Thank you for telling us. Staff in this lesson and the school safeguarding team will read this.',
    };
  }

  private insert(c: { schoolId: string; lessonId: string | null; classId: string | null; raisedBy: string; source: ConcernRow['source']; offsetMs: number | null; text: string; studentIds: readonly string[] }): ConcernView {
    const id = randomUUID();
    const row: ConcernRow = {
      id,
      school_id: c.schoolId,
      lesson_id: c.lessonId,
      class_id: c.classId,
      raised_by: c.raisedBy,
      source: c.source,
      offset_ms: c.offsetMs === null ? null : Math.max(0, Math.round(c.offsetMs)),
      sealed: this.sealer.seal(c.text, `concerns:${id}`),
      status: 'open',
      created_at: Date.now(),
    };
    this.store.insert(row, c.studentIds);
    this.audit.append({ actorId: c.raisedBy, actorRole: c.source === 'dsl' ? 'dsl' : c.source, action: 'concern.raised', targetType: 'concern', targetId: id, detail: { lessonId: c.lessonId, studentIds: [...c.studentIds], source: c.source } });
    const view = this.view(row);
    this.announce(c.schoolId, view);
    return view;
  }

  view(row: ConcernRow): ConcernView {
    const by = this.directory.userById(row.raised_by);
    return {
      id: row.id,
      lessonId: row.lesson_id,
      classId: row.class_id,
      className: row.class_id ? this.directory.classById(row.class_id)?.name : undefined,
      raisedBy: { id: row.raised_by, name: by?.name ?? 'unknown', role: by?.role ?? 'unknown' },
      students: this.store.students(row.id).map((id) => ({ id, name: this.directory.userById(id)?.name ?? 'unknown' })),
      text: this.sealer.open(row.sealed, `concerns:${row.id}`),
      source: row.source,
      offsetMs: row.offset_ms,
      at: row.created_at,
      status: row.status,
    };
  }

  /** The safeguarding team sees every concern of the school; a teacher sees those they raised. */
  list(principal: Principal, status?: ConcernRow['status']): ConcernView[] {
    if (isSafeguardingTeam(principal.role)) return this.store.list(principal.schoolId, { status }).map((r) => this.view(r));
    if (principal.role === 'teacher') return this.store.list(principal.schoolId, { status, raisedBy: principal.userId }).map((r) => this.view(r));
    throw new AppError('FORBIDDEN', 'only staff see records of concern');
  }

  rowFor(principal: Principal, id: string): ConcernRow {
    if (!isSafeguardingTeam(principal.role)) throw new AppError('FORBIDDEN', 'only the safeguarding team can do this');
    const row = this.store.byId(id);
    if (!row || row.school_id !== principal.schoolId) throw new AppError('NOT_FOUND', 'no such concern');
    return row;
  }

  /** One concern with its history; audited. */
  detail(principal: Principal, id: string): { concern: ConcernView; events: CaseEvent[] } {
    const row = this.rowFor(principal, id);
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'concern.viewed', targetType: 'concern', targetId: row.id });
    return { concern: this.view(row), events: this.events.list('concern', [row.id]) };
  }

  close(principal: Principal, id: string, reason: string): ConcernView {
    const row = this.rowFor(principal, id);
    if (row.status === 'closed') throw new AppError('CONFLICT', 'already closed');
    this.store.setStatus(row.id, 'closed');
    this.events.add(row.school_id, 'concern', row.id, 'closed', principal.userId, { text: reason });
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'concern.closed', targetType: 'concern', targetId: row.id });
    return this.view(this.store.byId(row.id)!);
  }

  /** Called when an incident takes the concern in. */
  markLinked(row: ConcernRow, incidentId: string, actorId: string): void {
    if (row.status === 'open') this.store.setStatus(row.id, 'linked');
    this.events.add(row.school_id, 'concern', row.id, 'linked', actorId, { value: incidentId });
  }

  openCount(schoolId: string): number {
    return this.store.openCount(schoolId);
  }
}
