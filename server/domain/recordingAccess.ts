/**
 * Who may view or export a lesson recording (pure; DESIGN.md section 4). Deny unless a rule allows.
 *
 * View: students enrolled in the class *now*, the class's teachers, and the safeguarding team (dsl).
 * Nobody else: parents, other staff, students of other classes, former students, admins without
 * the dsl role. Another school's recording is answered 404, exactly like an unknown id, so ids
 * cannot be probed across schools.
 *
 * Quarantined material (the whole recording, or a requested range overlapping an active quarantine):
 * students and teachers are refused; the dsl only with a written justification (>= 10 characters).
 *
 * Export (a copy leaving the secure store) is dsl-only, always with a justification:
 *  - quarantined material additionally needs a recorded police/agency request (agency + reference);
 *  - non-quarantined material: our choice is dsl-only as well (a copy of children's personal data
 *    leaves our control, so it is a safeguarding decision, not a teaching one); the agency request
 *    is optional there and is audited when given.
 *
 * Every allowed decision must be audited (requiresAudit), with the justification and export request.
 * Every refusal carries a `reason` that is safe to show the requester: it never reveals whether the
 * recording exists, who is in it, or that it is quarantined, except to the dsl, who is entitled to
 * know that a justification is needed. `code` is the precise cause, for the audit log only.
 */

export type RecordingViewerRole = 'student' | 'parent' | 'teacher' | 'dsl' | 'admin';
export const EXPORT_AGENCIES = ['police', 'lado', 'ceop', 'iwf', 'social_care'] as const;
export type ExportAgency = (typeof EXPORT_AGENCIES)[number];

export interface RecordingAccessFacts {
  viewerRole: RecordingViewerRole;
  viewerSchoolId: string;
  recordingSchoolId: string;
  /** The viewer is a student enrolled in the recording's class now (not merely at recording time). */
  isEnrolledNow: boolean;
  /** The viewer teaches the recording's class. */
  isClassTeacher: boolean;
  /** The whole recording, or the requested range, overlaps an active (not lifted) quarantine. */
  quarantined: boolean;
  /** Written reason given by the viewer (required for dsl access to quarantined material and for export). */
  justification?: string;
  purpose: 'view' | 'export';
  exportRequest?: { agency: ExportAgency; reference: string };
}

export type RecordingAccessDenialCode =
  | 'other_school'
  | 'role_not_allowed'
  | 'not_enrolled'
  | 'not_class_teacher'
  | 'quarantined'
  | 'justification_required'
  | 'export_not_allowed'
  | 'export_request_required';

export type RecordingAccessDecision =
  | { allow: true; requiresAudit: true; needsJustification: boolean }
  | { allow: false; status: 403 | 404; reason: string; code: RecordingAccessDenialCode };

export const MIN_JUSTIFICATION_CHARS = 10;

/** Shown to anyone refused who is not entitled to know more. */
const NOT_PERMITTED = 'you do not have access to this recording';
const NOT_FOUND = 'recording not found';

export function decideRecordingAccess(f: RecordingAccessFacts): RecordingAccessDecision {
  if (f.viewerSchoolId !== f.recordingSchoolId) return deny(404, NOT_FOUND, 'other_school');
  switch (f.viewerRole) {
    case 'student':
      if (!f.isEnrolledNow) return deny(403, NOT_PERMITTED, 'not_enrolled');
      return teachingAccess(f);
    case 'teacher':
      if (!f.isClassTeacher) return deny(403, NOT_PERMITTED, 'not_class_teacher');
      return teachingAccess(f);
    case 'dsl':
      return safeguardingAccess(f);
    case 'parent':
    case 'admin':
      return deny(403, NOT_PERMITTED, 'role_not_allowed');
    default: {
      // Exhaustive at compile time; an unknown role at run time is refused, not thrown.
      const unreachable: never = f.viewerRole;
      void unreachable;
      return deny(403, NOT_PERMITTED, 'role_not_allowed');
    }
  }
}

/** True if the text is a real justification (not blank padding). */
export function isValidJustification(text: string | undefined): boolean {
  return typeof text === 'string' && text.trim().length >= MIN_JUSTIFICATION_CHARS;
}

/** Enrolled students and class teachers: view only, never quarantined material. */
function teachingAccess(f: RecordingAccessFacts): RecordingAccessDecision {
  if (f.purpose !== 'view') return deny(403, NOT_PERMITTED, 'export_not_allowed');
  if (f.quarantined) return deny(403, NOT_PERMITTED, 'quarantined');
  return { allow: true, requiresAudit: true, needsJustification: false };
}

function safeguardingAccess(f: RecordingAccessFacts): RecordingAccessDecision {
  const justified = isValidJustification(f.justification);
  if (f.purpose === 'export') {
    if (!justified) return deny(403, `a written justification of at least ${MIN_JUSTIFICATION_CHARS} characters is required to export`, 'justification_required');
    if (f.quarantined && !isValidExportRequest(f.exportRequest)) {
      return deny(403, 'exporting quarantined material requires a recorded police or agency request (agency and reference)', 'export_request_required');
    }
    return { allow: true, requiresAudit: true, needsJustification: true };
  }
  if (f.quarantined) {
    if (!justified) return deny(403, `this material is quarantined: a written justification of at least ${MIN_JUSTIFICATION_CHARS} characters is required`, 'justification_required');
    return { allow: true, requiresAudit: true, needsJustification: true };
  }
  return { allow: true, requiresAudit: true, needsJustification: false };
}

function isValidExportRequest(r: RecordingAccessFacts['exportRequest']): boolean {
  return r !== undefined && (EXPORT_AGENCIES as readonly string[]).includes(r.agency) && typeof r.reference === 'string' && r.reference.trim().length > 0;
}

function deny(status: 403 | 404, reason: string, code: RecordingAccessDenialCode): RecordingAccessDecision {
  return { allow: false, status, reason, code };
}
