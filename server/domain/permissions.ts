/**
 * The one function that decides what a participant may contribute in a lesson
 * (DESIGN.md section 2). Pure: everything else asks it, nothing else decides.
 *
 * effective = parent's level - teacher restrictions (room-wide or per student) - containment.
 * Staff are never capped by a level; the safeguarding team observes silently.
 */
import { DEFAULT_LEVEL, LEVEL_SOURCES, SOURCES, type Level, type Role, type Source } from '../../shared/levels';

/** Why a source is not allowed, most fundamental first. */
export type DenyReason =
  | 'not_a_participant'
  | 'observer'
  | 'contribution_level'
  | 'teacher_restriction'
  | 'room_restriction'
  | 'containment';

export interface PermissionInput {
  role: Role;
  /** The level the parent chose; null when no parent has set one (default applies). */
  parentLevel: Level | null;
  /** Sources the teacher restricted for this student. */
  studentRestrictions: ReadonlySet<Source>;
  /** Sources the teacher restricted for every student in the room (e.g. chat locked). */
  roomRestrictions: ReadonlySet<Source>;
  /** Sources automatically contained by safeguarding (section 5). */
  containment: ReadonlySet<Source>;
}

export interface Permissions {
  allowed: Record<Source, boolean>;
  /** For each source that is not allowed, the first reason that forbids it. */
  denied: Partial<Record<Source, DenyReason>>;
  /** The level that applied (students only). */
  level: Level | null;
}

export const NO_SOURCES: ReadonlySet<Source> = new Set();

export function effectivePermissions(input: PermissionInput): Permissions {
  const allowed = {} as Record<Source, boolean>;
  const denied: Partial<Record<Source, DenyReason>> = {};
  const level = input.role === 'student' ? (input.parentLevel ?? DEFAULT_LEVEL) : null;
  for (const source of SOURCES) {
    const reason = denyReason(input, level, source);
    allowed[source] = reason === null;
    if (reason !== null) denied[source] = reason;
  }
  return { allowed, denied, level };
}

function denyReason(input: PermissionInput, level: Level | null, source: Source): DenyReason | null {
  switch (input.role) {
    case 'teacher':
      return null;
    case 'dsl':
      return 'observer';
    case 'parent':
    case 'admin':
      return 'not_a_participant';
    case 'student':
      if (level === null || !LEVEL_SOURCES[level].includes(source)) return 'contribution_level';
      if (input.studentRestrictions.has(source)) return 'teacher_restriction';
      if (input.roomRestrictions.has(source)) return 'room_restriction';
      if (input.containment.has(source)) return 'containment';
      return null;
    default: {
      const unreachable: never = input.role;
      throw new Error(`unknown role ${String(unreachable)}`);
    }
  }
}

/** Sources that were allowed before and are not now: the live producers to close. */
export function revokedSources(before: Permissions, after: Permissions): Source[] {
  return SOURCES.filter((s) => before.allowed[s] && !after.allowed[s]);
}

const REASON_TEXT: Record<DenyReason, string> = {
  not_a_participant: 'Only students, their teachers and the safeguarding team take part in lessons.',
  observer: 'The safeguarding team observes lessons silently.',
  contribution_level: 'Your parent or carer has not allowed this at your contribution level.',
  teacher_restriction: 'Your teacher has turned this off for you.',
  room_restriction: 'Your teacher has turned this off for the class.',
  containment: 'Paused by safeguarding while a member of staff reviews it.',
};

export function explainDenial(reason: DenyReason): string {
  return REASON_TEXT[reason];
}
