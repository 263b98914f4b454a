/**
 * Incidents: the safeguarding team groups flags and records of concern into an incident (a record
 * of concern in the school's sense) with a status, linked students and staff, a chronology (the
 * flags and concerns, every triage step on them, and every step of the incident, each timestamped
 * and attributed), notices to parents, and an exportable report (printable HTML and PDF, with the
 * chronology and the audit trail; never an image). Every view and export is audited.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { ConcernView, FlagView, IncidentEventBody, IncidentStatus } from '../../shared/protocol';
import type { AuditEntry, AuditLog } from '../audit/auditLog';
import type { Principal } from '../auth/tokens';
import {
  ACTION_LABELS,
  incidentStatusAfterAction,
  incidentStatusChange,
  isSafeguardingTeam,
  orderChronology,
} from '../domain/safeguardingCase';
import type { ParentInbox } from '../parents/inbox';
import type { RecordingStore } from '../recording/recordingStore';
import type { Directory } from '../store/directory';
import type { Sealer } from '../store/sealed';
import type { CaseEvent, CaseEvents } from './caseEvents';
import type { ConcernService } from './concerns';
import type { ConcernStore } from './concernStore';
import type { FlagService } from './flagService';
import type { FlagStore } from './flagStore';
import type { IncidentRow, IncidentStore, LinkKind } from './incidentStore';
import { renderIncidentHtml, renderIncidentPdf } from './incidentReport';
import type { TriageAction } from '../../shared/protocol';

export interface IncidentSummary {
  id: string;
  title: string;
  status: IncidentStatus;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  counts: { flags: number; concerns: number; students: number };
}

export interface ChronologyItem {
  at: number;
  source: 'flag' | 'concern' | 'incident';
  subjectId: string;
  kind: string;
  actor: string | null;
  text: string;
}

export interface IncidentDetail extends IncidentSummary {
  summary: string;
  closedAt: number | null;
  flags: FlagView[];
  concerns: ConcernView[];
  /** Linked students (directly or through a flag or concern), with their parents and carers. */
  students: Array<{ id: string; name: string; guardians: Array<{ id: string; name: string }> }>;
  staff: Array<{ id: string; name: string; role: string }>;
  chronology: ChronologyItem[];
  notices: Array<{ at: number; to: string[]; child: string; subject: string; body: string; by: string | null }>;
}

export interface IncidentReportModel {
  schoolName: string;
  generatedAt: number;
  generatedBy: string;
  incident: IncidentDetail;
  evidence: Array<{ flagId: string; description: string }>;
  auditTrail: Array<{ seq: number; at: number; actor: string; action: string; target: string; detail: string }>;
  auditChain: { ok: boolean; entries?: number; firstBrokenSeq?: number; reason?: string; headHash?: string };
}

const INCIDENT_CTX = (id: string): string => `incidents:${id}`;

export class IncidentService {
  constructor(
    private readonly store: IncidentStore,
    private readonly events: CaseEvents,
    private readonly sealer: Sealer,
    private readonly flagStore: FlagStore,
    private readonly flags: FlagService,
    private readonly concernStore: ConcernStore,
    private readonly concerns: ConcernService,
    private readonly directory: Directory,
    private readonly recordingStore: RecordingStore,
    private readonly audit: AuditLog,
    private readonly inbox: ParentInbox,
  ) {}

  private assertTeam(principal: Principal): void {
    if (!isSafeguardingTeam(principal.role)) throw new AppError('FORBIDDEN', 'only the safeguarding team keeps incidents');
  }

  private rowFor(principal: Principal, id: string): IncidentRow {
    this.assertTeam(principal);
    const row = this.store.byId(id);
    if (!row || row.school_id !== principal.schoolId) throw new AppError('NOT_FOUND', 'no such incident');
    return row;
  }

  private texts(row: IncidentRow): { title: string; summary: string } {
    return this.sealer.openJson(row.sealed, INCIDENT_CTX(row.id));
  }

  create(principal: Principal, input: { title: string; summary?: string; flagIds: string[]; concernIds: string[]; studentIds: string[]; staffIds: string[] }): IncidentDetail {
    this.assertTeam(principal);
    const id = randomUUID();
    const now = Date.now();
    // Validate every link before writing anything.
    const links: Array<{ kind: LinkKind; id: string }> = [
      ...input.flagIds.map((x) => ({ kind: 'flag' as const, id: x })),
      ...input.concernIds.map((x) => ({ kind: 'concern' as const, id: x })),
      ...input.studentIds.map((x) => ({ kind: 'student' as const, id: x })),
      ...input.staffIds.map((x) => ({ kind: 'staff' as const, id: x })),
    ];
    for (const l of links) this.assertLinkable(principal, l.kind, l.id);
    this.store.insert({ id, school_id: principal.schoolId, sealed: this.sealer.sealJson({ title: input.title, summary: input.summary ?? '' }, INCIDENT_CTX(id)), status: 'open', created_by: principal.userId, created_at: now, updated_at: now, closed_at: null });
    this.events.add(principal.schoolId, 'incident', id, 'created', principal.userId, { text: input.title });
    for (const l of links) this.addLink(principal, id, l.kind, l.id);
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'incident.created', targetType: 'incident', targetId: id, detail: { flagIds: input.flagIds, concernIds: input.concernIds, studentIds: input.studentIds, staffIds: input.staffIds } });
    return this.build(this.store.byId(id)!);
  }

  list(principal: Principal, status?: IncidentStatus): IncidentSummary[] {
    this.assertTeam(principal);
    return this.store.list(principal.schoolId, status).map((r) => this.summaryOf(r));
  }

  /** Opening an incident is audited. */
  detail(principal: Principal, id: string): IncidentDetail {
    const row = this.rowFor(principal, id);
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'incident.viewed', targetType: 'incident', targetId: row.id });
    return this.build(row);
  }

  link(principal: Principal, id: string, kind: LinkKind, targetId: string): IncidentDetail {
    const row = this.rowFor(principal, id);
    this.assertLinkable(principal, kind, targetId);
    if (this.addLink(principal, row.id, kind, targetId)) {
      this.store.touch(row.id);
      this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'incident.linked', targetType: 'incident', targetId: row.id, detail: { kind, id: targetId } });
    }
    return this.build(this.store.byId(row.id)!);
  }

  addEvent(principal: Principal, id: string, body: IncidentEventBody): IncidentDetail {
    const row = this.rowFor(principal, id);
    switch (body.kind) {
      case 'note':
        this.events.add(row.school_id, 'incident', row.id, 'note', principal.userId, { text: body.text });
        break;
      case 'action': {
        this.events.add(row.school_id, 'incident', row.id, 'action', principal.userId, { value: body.action, text: body.detail || undefined });
        const next = incidentStatusAfterAction(row.status, body.action);
        if (next !== row.status) this.setStatus(principal, row, next, `after ${ACTION_LABELS[body.action]}`);
        break;
      }
      case 'status': {
        const ok = incidentStatusChange(row.status, body.status, body.reason);
        if (!ok.ok) throw new AppError('BAD_REQUEST', ok.why);
        this.setStatus(principal, row, body.status, body.reason);
        break;
      }
      default: {
        const unreachable: never = body;
        throw new AppError('BAD_REQUEST', `unknown event ${String(unreachable)}`);
      }
    }
    this.store.touch(row.id);
    this.audit.append({
      actorId: principal.userId,
      actorRole: principal.role,
      action: `incident.${body.kind}`,
      targetType: 'incident',
      targetId: row.id,
      detail: body.kind === 'action' ? { action: body.action } : body.kind === 'status' ? { status: body.status } : {},
    });
    return this.build(this.store.byId(row.id)!);
  }

  private setStatus(principal: Principal, row: IncidentRow, status: IncidentStatus, reason?: string): void {
    this.store.setStatus(row.id, status);
    this.events.add(row.school_id, 'incident', row.id, 'status', principal.userId, { value: status, text: reason || undefined });
  }

  /**
   * A notice to a child's parents about this incident: the DSL writes exactly what they see. The
   * child must be linked to the incident; parents must be the child's.
   */
  sendNotice(principal: Principal, id: string, n: { studentId: string; parentIds?: string[]; subject: string; body: string }): IncidentDetail {
    const row = this.rowFor(principal, id);
    const detail = this.build(row);
    const student = detail.students.find((s) => s.id === n.studentId);
    if (!student) throw new AppError('BAD_REQUEST', 'the child is not linked to this incident');
    const parentIds = n.parentIds ?? student.guardians.map((g) => g.id);
    if (!parentIds.length) throw new AppError('BAD_REQUEST', 'this child has no parent or carer on record');
    for (const p of parentIds) if (!student.guardians.some((g) => g.id === p)) throw new AppError('BAD_REQUEST', 'send notices only to the child’s parents or carers');
    const messageIds = this.inbox.postNotice({ schoolId: row.school_id, incidentId: row.id, studentId: n.studentId, parentIds, subject: n.subject, body: n.body, actorId: principal.userId });
    this.events.add(row.school_id, 'incident', row.id, 'notice_sent', principal.userId, {
      value: JSON.stringify({ studentId: n.studentId, parentIds }),
      text: JSON.stringify({ subject: n.subject, body: n.body }),
    });
    this.store.touch(row.id);
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'incident.notice_sent', targetType: 'incident', targetId: row.id, detail: { studentId: n.studentId, parentIds, messageIds } });
    return this.build(this.store.byId(row.id)!);
  }

  /** The report (printable HTML or PDF): chronology and audit trail; never an image. Audited. */
  report(principal: Principal, id: string, format: 'html' | 'pdf'): { body: Buffer; contentType: string; filename: string } {
    const row = this.rowFor(principal, id);
    // Audited first, so the export itself is in the trail it carries.
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'incident.exported', targetType: 'incident', targetId: row.id, detail: { format } });
    this.events.add(row.school_id, 'incident', row.id, 'exported', principal.userId, { value: format });
    const model = this.reportModel(principal, row);
    const filename = `incident-${row.id}.${format}`;
    if (format === 'pdf') return { body: renderIncidentPdf(model), contentType: 'application/pdf', filename };
    return { body: Buffer.from(renderIncidentHtml(model), 'utf8'), contentType: 'text/html; charset=utf-8', filename };
  }

  incidentsOfFlag(flagId: string): Array<{ id: string; title: string; status: string }> {
    return this.store.incidentsLinking('flag', flagId).map((r) => ({ id: r.id, title: this.texts(r).title, status: r.status }));
  }

  hasOpenForRecording(recordingId: string): boolean {
    return this.store.hasOpenForRecording(recordingId);
  }

  openCount(schoolId: string): number {
    return this.store.openCount(schoolId);
  }

  // ---- internals ---------------------------------------------------------------

  private assertLinkable(principal: Principal, kind: LinkKind, targetId: string): void {
    const bad = (): never => {
      throw new AppError('BAD_REQUEST', `unknown ${kind} ${targetId}`);
    };
    switch (kind) {
      case 'flag': {
        const f = this.flagStore.byId(targetId);
        if (!f || f.school_id !== principal.schoolId) bad();
        return;
      }
      case 'concern': {
        const c = this.concernStore.byId(targetId);
        if (!c || c.school_id !== principal.schoolId) bad();
        return;
      }
      case 'student': {
        const u = this.directory.userById(targetId);
        if (!u || u.school_id !== principal.schoolId || u.role !== 'student') bad();
        return;
      }
      case 'staff': {
        const u = this.directory.userById(targetId);
        if (!u || u.school_id !== principal.schoolId || !['teacher', 'dsl', 'admin'].includes(u.role)) bad();
        return;
      }
      default: {
        const unreachable: never = kind;
        throw new AppError('BAD_REQUEST', `unknown link ${String(unreachable)}`);
      }
    }
  }

  private addLink(principal: Principal, incidentId: string, kind: LinkKind, targetId: string): boolean {
    const added = this.store.link(incidentId, kind, targetId, principal.userId);
    if (!added) return false;
    this.events.add(principal.schoolId, 'incident', incidentId, 'linked', principal.userId, { value: `${kind}:${targetId}` });
    if (kind === 'concern') this.concerns.markLinked(this.concernStore.byId(targetId)!, incidentId, principal.userId);
    if (kind === 'flag') this.events.add(principal.schoolId, 'flag', targetId, 'linked', principal.userId, { value: incidentId });
    return true;
  }

  private summaryOf(r: IncidentRow): IncidentSummary {
    const links = this.store.links(r.id);
    return {
      id: r.id,
      title: this.texts(r).title,
      status: r.status,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      createdBy: this.directory.userById(r.created_by)?.name ?? 'unknown',
      counts: {
        flags: links.filter((l) => l.kind === 'flag').length,
        concerns: links.filter((l) => l.kind === 'concern').length,
        students: links.filter((l) => l.kind === 'student').length,
      },
    };
  }

  private build(r: IncidentRow): IncidentDetail {
    const links = this.store.links(r.id);
    const ids = (k: LinkKind): string[] => links.filter((l) => l.kind === k).map((l) => l.target_id);
    const flagRows = ids('flag').map((id) => this.flagStore.byId(id)!).filter(Boolean);
    const flags = flagRows.map((f) => this.flags.view(f));
    const concerns = ids('concern').map((id) => this.concerns.view(this.concernStore.byId(id)!));
    const studentIds = [...new Set([...ids('student'), ...flags.map((f) => f.studentId), ...concerns.flatMap((c) => c.students.map((s) => s.id))])];
    const name = (id: string | null): string | null => (id ? (this.directory.userById(id)?.name ?? 'unknown') : null);
    const students = studentIds.map((id) => ({ id, name: name(id) ?? 'unknown', guardians: this.directory.guardiansOf(id).map((g) => ({ id: g.id, name: g.name })) }));
    const staff = ids('staff').map((id) => {
      const u = this.directory.userById(id);
      return { id, name: u?.name ?? 'unknown', role: u?.role ?? 'unknown' };
    });
    const flagLabel = new Map(flags.map((f) => [f.id, `${f.label} flag (${f.studentName})`]));
    const items: ChronologyItem[] = [];
    for (const f of flags) {
      items.push({ at: f.at, source: 'flag', subjectId: f.id, kind: 'raised', actor: 'detection', text: `Flag raised: ${f.label}, ${f.severity} severity (score ${f.score}, ${f.model}) for ${f.studentName} in ${f.className ?? 'a lesson'} at ${clock(f.offsetMs)} into the lesson; ${f.action}.` });
    }
    for (const e of this.events.list('flag', flags.map((f) => f.id))) items.push(this.item(e, `${flagLabel.get(e.subjectId) ?? 'flag'}: `));
    for (const c of concerns) {
      const about = c.students.length ? ` about ${c.students.map((s) => s.name).join(', ')}` : '';
      items.push({ at: c.at, source: 'concern', subjectId: c.id, kind: 'raised', actor: c.raisedBy.name, text: `Record of concern raised by ${c.raisedBy.name} (${c.source})${about}${c.className ? ` in ${c.className}` : ''}: ${c.text}` });
    }
    for (const e of this.events.list('concern', concerns.map((c) => c.id))) items.push(this.item(e, 'Concern: '));
    const incidentEvents = this.events.list('incident', [r.id]);
    for (const e of incidentEvents) items.push(this.item(e, ''));
    const notices = incidentEvents
      .filter((e) => e.kind === 'notice_sent')
      .map((e) => {
        const who = JSON.parse(e.value ?? '{}') as { studentId?: string; parentIds?: string[] };
        const msg = JSON.parse(e.text ?? '{}') as { subject?: string; body?: string };
        return { at: e.at, to: (who.parentIds ?? []).map((p) => name(p) ?? 'unknown'), child: name(who.studentId ?? null) ?? 'unknown', subject: msg.subject ?? '', body: msg.body ?? '', by: e.actorName };
      });
    const texts = this.texts(r);
    return { ...this.summaryOf(r), summary: texts.summary, closedAt: r.closed_at, flags, concerns, students, staff, chronology: orderChronology(items), notices };
  }

  private item(e: CaseEvent, prefix: string): ChronologyItem {
    return { at: e.at, source: e.subjectType, subjectId: e.subjectId, kind: e.kind, actor: e.actorName, text: prefix + this.describe(e) };
  }

  private describe(e: CaseEvent): string {
    const t = e.text ? `: ${e.text}` : '';
    switch (e.kind) {
      case 'created':
        return `Incident opened${t}`;
      case 'grade':
        return `Graded ${e.value} of 5`;
      case 'false_positive':
        return `Marked false positive${t}`;
      case 'note':
        return `Note${t}`;
      case 'assign':
        return `Assigned to ${this.directory.userById(e.value ?? '')?.name ?? 'unknown'}`;
      case 'action':
        return `Action taken: ${ACTION_LABELS[e.value as TriageAction] ?? e.value}${t}`;
      case 'status':
        return `Status set to ${e.value}${t}`;
      case 'closed':
        return `Closed${t}`;
      case 'linked': {
        if (e.subjectType !== 'incident') return 'Added to an incident';
        const [kind, id] = (e.value ?? ':').split(':');
        return `Linked ${kind}: ${this.linkName(kind as LinkKind, id)}`;
      }
      case 'notice_sent': {
        const who = JSON.parse(e.value ?? '{}') as { studentId?: string; parentIds?: string[] };
        const msg = JSON.parse(e.text ?? '{}') as { subject?: string; body?: string };
        const to = (who.parentIds ?? []).map((p) => this.directory.userById(p)?.name ?? 'unknown').join(', ');
        return `Notice sent to ${to}: "${msg.subject ?? ''}" — ${msg.body ?? ''}`;
      }
      case 'exported':
        return `Report exported (${e.value})`;
      default:
        return `${e.kind}${e.value ? ` ${e.value}` : ''}${t}`;
    }
  }

  private linkName(kind: LinkKind, id: string): string {
    if (kind === 'student' || kind === 'staff') return this.directory.userById(id)?.name ?? id;
    if (kind === 'flag') {
      const f = this.flagStore.byId(id);
      return f ? `${f.label} flag (${this.directory.userById(f.student_id)?.name ?? 'unknown'})` : id;
    }
    return `record of concern ${id.slice(0, 8)}`;
  }

  private reportModel(principal: Principal, row: IncidentRow): IncidentReportModel {
    const incident = this.build(row);
    const evidence = incident.flags.map((f) => ({ flagId: f.id, description: evidenceDescription(f) }));
    const targets = new Set<string>([row.id, ...incident.flags.map((f) => f.id), ...incident.concerns.map((c) => c.id)]);
    const lessonIds = new Set([...incident.flags.map((f) => f.lessonId), ...incident.concerns.map((c) => c.lessonId).filter((x): x is string => !!x)]);
    for (const l of lessonIds) {
      const rec = this.recordingStore.byLesson(l);
      if (rec) targets.add(rec.id);
    }
    const entries = new Map<number, AuditEntry>();
    for (const t of targets) for (const e of this.audit.list({ targetId: t, limit: 1000 })) entries.set(e.seq, e);
    const auditTrail = [...entries.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actorId ? `${this.directory.userById(e.actorId)?.name ?? e.actorId} (${e.actorRole ?? ''})` : (e.actorRole ?? 'system'),
        action: e.action,
        target: `${e.targetType} ${e.targetId.slice(0, 8)}`,
        detail: compactDetail(e.detail),
      }));
    const v = this.audit.verify();
    const head = this.audit.head();
    return {
      schoolName: this.directory.schoolName(row.school_id),
      generatedAt: Date.now(),
      generatedBy: this.directory.userById(principal.userId)?.name ?? principal.userId,
      incident,
      evidence,
      auditTrail,
      auditChain: v.ok ? { ok: true, entries: v.entries, headHash: head?.hash } : { ok: false, firstBrokenSeq: v.firstBrokenSeq, reason: v.reason },
    };
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** What the report says about a flag's evidence: text for chat; never an image. */
export function evidenceDescription(f: FlagView): string {
  if (f.source === 'chat') return `Chat message (held as encrypted evidence): "${f.text ?? ''}"`;
  const where = f.recordingId ? ` Recording ${f.recordingId} at ${clock(f.offsetMs)}.` : '';
  if (f.label === 'sexual') return `Suspected indecent image: no snapshot or copy exists by policy; the recording range is quarantined and viewable only by the safeguarding team with a written justification.${where}`;
  if (f.hasSnapshot) return `Camera/share frame: an encrypted snapshot is held in the evidence vault and is not reproduced in this report.${where}`;
  return `Frame flag without a snapshot.${where}`;
}

function compactDetail(d: Record<string, unknown>): string {
  const s = JSON.stringify(d);
  return s === '{}' ? '' : s.length > 300 ? `${s.slice(0, 297)}...` : s;
}
