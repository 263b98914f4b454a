/**
 * Rules of safeguarding casework (pure): who may use the console, what a triage step does to a
 * flag's status, which incident status changes are allowed, what counts as open, and how a
 * chronology is ordered. The services ask; nothing else decides.
 */
import type { Role } from '../../shared/levels';
import type { IncidentStatus, TriageAction } from '../../shared/protocol';

export type FlagStatus = 'open' | 'in_review' | 'false_positive' | 'closed';

/** The console, its API, evidence, incidents and notices: the safeguarding team only (deny by default). */
export function isSafeguardingTeam(role: Role): boolean {
  return role === 'dsl';
}

/** Who may raise a record of concern from outside a lesson's "report to staff" button. */
export function canRaiseConcern(role: Role): boolean {
  return role === 'teacher' || role === 'dsl';
}

export type TriageStep =
  | { kind: 'grade' }
  | { kind: 'note' }
  | { kind: 'assign' }
  | { kind: 'action'; action: TriageAction }
  | { kind: 'false_positive' }
  | { kind: 'status'; status: FlagStatus };

/** The flag's status after a triage step: any work on an open flag puts it in review. */
export function flagStatusAfter(current: FlagStatus, step: TriageStep): FlagStatus {
  switch (step.kind) {
    case 'false_positive':
      return 'false_positive';
    case 'status':
      return step.status;
    case 'grade':
    case 'note':
    case 'assign':
    case 'action':
      return current === 'open' ? 'in_review' : current;
    default: {
      const unreachable: never = step;
      throw new Error(`unknown triage step ${String(unreachable)}`);
    }
  }
}

export function isOpenFlagStatus(status: string): boolean {
  return status === 'open' || status === 'in_review';
}

/** Closing an incident needs a reason on the record; every other move is allowed, including reopening. */
export function incidentStatusChange(from: IncidentStatus, to: IncidentStatus, reason: string | undefined): { ok: true } | { ok: false; why: string } {
  if (from === to) return { ok: false, why: `the incident is already ${to}` };
  if (to === 'closed' && !(reason && reason.trim().length >= 3)) return { ok: false, why: 'give a reason for closing the incident' };
  if (from === 'closed' && !(reason && reason.trim().length >= 3)) return { ok: false, why: 'give a reason for reopening the incident' };
  return { ok: true };
}

export const ACTION_LABELS: Readonly<Record<TriageAction, string>> = {
  parents_informed: 'Parents / carers informed',
  pastoral_support: 'Pastoral support',
  referred_police: 'Referred to police',
  referred_lado: 'Referred to LADO',
  referred_ceop: 'Referred to CEOP',
  referred_iwf: 'Reported to IWF',
  referred_social_care: "Referred to children's social care",
  sanction: 'Sanction',
};

/** Referral actions put an incident in 'referred' unless it is closed. */
export function incidentStatusAfterAction(current: IncidentStatus, action: TriageAction): IncidentStatus {
  return action.startsWith('referred_') && current !== 'closed' ? 'referred' : current;
}

export interface ChronologyEntry {
  at: number;
  /** Tie-break for equal times: stable by source order. */
  order?: number;
}

/** Oldest first; equal times keep their original order. */
export function orderChronology<T extends ChronologyEntry>(entries: readonly T[]): T[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || (a.e.order ?? a.i) - (b.e.order ?? b.i))
    .map((x) => x.e);
}

/** Policy guidance shown before suspected indecent material is opened (school policy, DESIGN.md section 1). */
export const INDECENT_IMAGE_GUIDANCE =
  'Suspected indecent image of a child. View it only if there is no other option; never copy, save, print, screenshot or forward it; do not show it to anyone else; involve the police where required. Your written justification is recorded in the audit log.';
