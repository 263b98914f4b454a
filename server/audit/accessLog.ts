/**
 * The console's audit views: who viewed which recording, snapshot, flag, concern and incident, and
 * when (including refusals), for the safeguarding team of one school.
 */
import { AppError } from '../../shared/errors';
import type { Principal } from '../auth/tokens';
import { isSafeguardingTeam } from '../domain/safeguardingCase';
import type { Directory } from '../store/directory';
import type { AccessEntry } from '../../shared/api';
import type { AuditLog } from './auditLog';

export const ACCESS_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  recording: ['recording.view', 'recording.view.denied', 'recording.export', 'recording.export.denied'],
  flag: ['flag.viewed', 'flag.preview_viewed', 'flag.snapshot_revealed'],
  incident: ['incident.viewed', 'incident.exported'],
  concern: ['concern.viewed'],
};

export type { AccessEntry };

export function accessLog(audit: AuditLog, directory: Directory, principal: Principal, q: { targetType?: string; limit?: number }): AccessEntry[] {
  if (!isSafeguardingTeam(principal.role)) throw new AppError('FORBIDDEN', 'only the safeguarding team sees the access log');
  const actions = q.targetType ? (ACCESS_ACTIONS[q.targetType] ?? []) : Object.values(ACCESS_ACTIONS).flat();
  const limit = q.limit ?? 200;
  const out: AccessEntry[] = [];
  const schoolOf = new Map<string, string | undefined>();
  // Only actors of the principal's school (the audit log is shared by the whole service).
  for (const e of audit.list({ actions, limit: Math.min(1000, limit * 2) })) {
    if (!e.actorId) continue;
    if (!schoolOf.has(e.actorId)) schoolOf.set(e.actorId, directory.userById(e.actorId)?.school_id);
    if (schoolOf.get(e.actorId) !== principal.schoolId) continue;
    out.push({
      seq: e.seq,
      at: e.at,
      actorId: e.actorId,
      actorName: directory.userById(e.actorId)?.name ?? 'unknown',
      actorRole: e.actorRole,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      justification: typeof e.detail.justification === 'string' ? e.detail.justification : undefined,
      detail: e.detail,
    });
    if (out.length >= limit) break;
  }
  return out;
}
