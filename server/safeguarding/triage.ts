/**
 * Triage of flags by the safeguarding team: grade 1-5, false positive (with a reason), notes,
 * assignment to a team member, and actions taken (parents informed, pastoral support, referrals,
 * sanctions). Each step is a timestamped, attributed chronology entry (free text sealed) and an
 * audit entry (codes only, never the text).
 */
import { AppError } from '../../shared/errors';
import type { FlagView, TriageBody } from '../../shared/protocol';
import type { AuditLog } from '../audit/auditLog';
import type { Principal } from '../auth/tokens';
import { flagStatusAfter, isSafeguardingTeam, type FlagStatus, type TriageStep } from '../domain/safeguardingCase';
import type { Directory } from '../store/directory';
import type { CaseEvent, CaseEvents } from './caseEvents';
import type { FlagService } from './flagService';
import type { FlagRow, FlagStore } from './flagStore';

export interface FlagDetail {
  flag: FlagView;
  events: CaseEvent[];
  incidents: Array<{ id: string; title: string; status: string }>;
}

export class TriageService {
  constructor(
    private readonly store: FlagStore,
    private readonly flags: FlagService,
    private readonly events: CaseEvents,
    private readonly audit: AuditLog,
    private readonly directory: Directory,
    private readonly incidentsOfFlag: (flagId: string) => Array<{ id: string; title: string; status: string }>,
  ) {}

  private flagFor(principal: Principal, flagId: string): FlagRow {
    if (!isSafeguardingTeam(principal.role)) throw new AppError('FORBIDDEN', 'only the safeguarding team triages flags');
    const row = this.store.byId(flagId);
    if (!row || row.school_id !== principal.schoolId) throw new AppError('NOT_FOUND', 'no such flag');
    return row;
  }

  /** A flag with its triage history; opening it is audited. */
  detail(principal: Principal, flagId: string): FlagDetail {
    const row = this.flagFor(principal, flagId);
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'flag.viewed', targetType: 'flag', targetId: row.id });
    return { flag: this.flags.view(row), events: this.events.list('flag', [row.id]), incidents: this.incidentsOfFlag(row.id) };
  }

  apply(principal: Principal, flagId: string, body: TriageBody): FlagDetail {
    const row = this.flagFor(principal, flagId);
    let step: TriageStep;
    let content: { value?: string; text?: string } = {};
    switch (body.kind) {
      case 'grade':
        this.store.setGrade(row.id, body.grade);
        step = { kind: 'grade' };
        content = { value: String(body.grade) };
        break;
      case 'false_positive':
        step = { kind: 'false_positive' };
        content = { text: body.reason };
        break;
      case 'note':
        step = { kind: 'note' };
        content = { text: body.text };
        break;
      case 'assign': {
        const assignee = this.directory.userById(body.assigneeId);
        if (!assignee || assignee.school_id !== principal.schoolId || !isSafeguardingTeam(assignee.role)) {
          throw new AppError('BAD_REQUEST', 'assign to a member of the safeguarding team');
        }
        this.store.setAssignee(row.id, assignee.id);
        step = { kind: 'assign' };
        content = { value: assignee.id };
        break;
      }
      case 'action':
        step = { kind: 'action', action: body.action };
        content = { value: body.action, text: body.detail || undefined };
        break;
      case 'status':
        step = { kind: 'status', status: body.status };
        content = { value: body.status, text: body.reason || undefined };
        break;
      default: {
        const unreachable: never = body;
        throw new AppError('BAD_REQUEST', `unknown triage step ${String(unreachable)}`);
      }
    }
    this.events.add(row.school_id, 'flag', row.id, body.kind, principal.userId, content);
    const before = row.status as FlagStatus;
    const after = flagStatusAfter(before, step);
    if (after !== before) this.store.setStatus(row.id, after);
    this.audit.append({
      actorId: principal.userId,
      actorRole: principal.role,
      action: `flag.triage.${body.kind}`,
      targetType: 'flag',
      targetId: row.id,
      // Codes only: notes and reasons are personal data and stay sealed in the chronology.
      detail: { ...(content.value !== undefined ? { value: content.value } : {}), statusBefore: before, statusAfter: after, hasText: !!content.text },
    });
    return { flag: this.flags.view(this.store.byId(row.id)!), events: this.events.list('flag', [row.id]), incidents: this.incidentsOfFlag(row.id) };
  }
}
