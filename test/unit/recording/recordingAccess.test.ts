import {
  decideRecordingAccess,
  type RecordingAccessDecision,
  type RecordingAccessFacts,
  type RecordingViewerRole,
} from '../../../server/domain/recordingAccess';

const JUSTIFICATION = 'Reviewing flag 42 reported by the class teacher';
const REQUEST = { agency: 'police' as const, reference: 'CAD-2026-0117' };

const facts = (f: Partial<RecordingAccessFacts> = {}): RecordingAccessFacts => ({
  viewerRole: 'student',
  viewerSchoolId: 's1',
  recordingSchoolId: 's1',
  isEnrolledNow: false,
  isClassTeacher: false,
  quarantined: false,
  purpose: 'view',
  ...f,
});

const ALLOW = { allow: true, requiresAudit: true, needsJustification: false };
const ALLOW_JUSTIFIED = { allow: true, requiresAudit: true, needsJustification: true };
const denied = (status: 403 | 404, code: string) => expect.objectContaining({ allow: false, status, code });

/** The viewer relationships worth distinguishing. */
const VIEWERS: { name: string; f: Partial<RecordingAccessFacts> }[] = [
  { name: 'enrolled student', f: { viewerRole: 'student', isEnrolledNow: true } },
  { name: 'former/other-class student', f: { viewerRole: 'student', isEnrolledNow: false } },
  { name: 'class teacher', f: { viewerRole: 'teacher', isClassTeacher: true } },
  { name: 'other teacher', f: { viewerRole: 'teacher', isClassTeacher: false } },
  { name: 'dsl', f: { viewerRole: 'dsl' } },
  { name: 'parent (of an enrolled child)', f: { viewerRole: 'parent', isEnrolledNow: true } },
  { name: 'admin (even if teaching the class)', f: { viewerRole: 'admin', isClassTeacher: true } },
];

/** Expected decision per viewer for: [view, view quarantined without/with justification, export plain, export quarantined with request]. */
const MATRIX: Record<string, [string, string, string, string, string]> = {
  'enrolled student': ['allow', 'quarantined', 'quarantined', 'export_not_allowed', 'export_not_allowed'],
  'former/other-class student': ['not_enrolled', 'not_enrolled', 'not_enrolled', 'not_enrolled', 'not_enrolled'],
  'class teacher': ['allow', 'quarantined', 'quarantined', 'export_not_allowed', 'export_not_allowed'],
  'other teacher': ['not_class_teacher', 'not_class_teacher', 'not_class_teacher', 'not_class_teacher', 'not_class_teacher'],
  dsl: ['allow', 'justification_required', 'allow_justified', 'allow_justified', 'allow_justified'],
  'parent (of an enrolled child)': ['role_not_allowed', 'role_not_allowed', 'role_not_allowed', 'role_not_allowed', 'role_not_allowed'],
  'admin (even if teaching the class)': ['role_not_allowed', 'role_not_allowed', 'role_not_allowed', 'role_not_allowed', 'role_not_allowed'],
};

const SCENARIOS: Partial<RecordingAccessFacts>[] = [
  { purpose: 'view' },
  { purpose: 'view', quarantined: true },
  { purpose: 'view', quarantined: true, justification: JUSTIFICATION },
  { purpose: 'export', justification: JUSTIFICATION },
  { purpose: 'export', quarantined: true, justification: JUSTIFICATION, exportRequest: REQUEST },
];

function expected(outcome: string): unknown {
  if (outcome === 'allow') return ALLOW;
  if (outcome === 'allow_justified') return ALLOW_JUSTIFIED;
  return denied(403, outcome);
}

describe('decideRecordingAccess: the matrix', () => {
  for (const v of VIEWERS) {
    SCENARIOS.forEach((sc, i) => {
      const outcome = (MATRIX[v.name] as string[])[i] as string;
      test(`${v.name} / ${JSON.stringify(sc)} -> ${outcome}`, () => {
        expect(decideRecordingAccess(facts({ ...v.f, ...sc }))).toEqual(expected(outcome));
      });
    });
  }

  test.each(['student', 'parent', 'teacher', 'dsl', 'admin'] as RecordingViewerRole[])('another school is 404 for %s, whatever else is true', (role) => {
    const d = decideRecordingAccess(
      facts({ viewerRole: role, viewerSchoolId: 's2', isEnrolledNow: true, isClassTeacher: true, justification: JUSTIFICATION, exportRequest: REQUEST }),
    );
    expect(d).toEqual(denied(404, 'other_school'));
  });
});

describe('justifications and export requests', () => {
  const dsl = (f: Partial<RecordingAccessFacts>) => decideRecordingAccess(facts({ viewerRole: 'dsl', ...f }));

  test('a justification must be at least 10 real characters', () => {
    expect(dsl({ quarantined: true, justification: 'too short' })).toEqual(denied(403, 'justification_required'));
    expect(dsl({ quarantined: true, justification: '          x          ' })).toEqual(denied(403, 'justification_required'));
    expect(dsl({ quarantined: true, justification: '0123456789' })).toEqual(ALLOW_JUSTIFIED);
  });

  test('exporting quarantined material needs a recorded agency request with a reference', () => {
    expect(dsl({ purpose: 'export', quarantined: true, justification: JUSTIFICATION })).toEqual(denied(403, 'export_request_required'));
    expect(dsl({ purpose: 'export', quarantined: true, justification: JUSTIFICATION, exportRequest: { agency: 'ceop', reference: '   ' } })).toEqual(
      denied(403, 'export_request_required'),
    );
    const bogus = { agency: 'press', reference: 'x' } as unknown as RecordingAccessFacts['exportRequest'];
    expect(dsl({ purpose: 'export', quarantined: true, justification: JUSTIFICATION, exportRequest: bogus })).toEqual(denied(403, 'export_request_required'));
    for (const agency of ['police', 'lado', 'ceop', 'iwf', 'social_care'] as const) {
      expect(dsl({ purpose: 'export', quarantined: true, justification: JUSTIFICATION, exportRequest: { agency, reference: 'R1' } })).toEqual(ALLOW_JUSTIFIED);
    }
  });

  test('any export needs a justification, even with an agency request', () => {
    expect(dsl({ purpose: 'export', exportRequest: REQUEST })).toEqual(denied(403, 'justification_required'));
    expect(dsl({ purpose: 'export', quarantined: true, exportRequest: REQUEST })).toEqual(denied(403, 'justification_required'));
  });

  test('an agency request does not let anyone but the dsl export', () => {
    for (const v of VIEWERS.filter((x) => x.name !== 'dsl')) {
      const d = decideRecordingAccess(facts({ ...v.f, purpose: 'export', quarantined: true, justification: JUSTIFICATION, exportRequest: REQUEST }));
      expect(d.allow).toBe(false);
    }
  });
});

describe('refusals reveal nothing', () => {
  test('students and teachers are not told that material is quarantined', () => {
    const reasons = [
      decideRecordingAccess(facts({ isEnrolledNow: true, quarantined: true })),
      decideRecordingAccess(facts({ viewerRole: 'teacher', isClassTeacher: true, quarantined: true })),
      decideRecordingAccess(facts({ viewerRole: 'parent' })),
      decideRecordingAccess(facts({ viewerRole: 'teacher' })),
    ].map((d: RecordingAccessDecision) => (d.allow ? '' : d.reason));
    expect(new Set(reasons).size).toBe(1);
    for (const r of reasons) expect(r).not.toMatch(/quarantin|flag|enrol|teacher|parent/i);
  });

  test('another school gets the same answer as an unknown recording', () => {
    const d = decideRecordingAccess(facts({ viewerRole: 'dsl', viewerSchoolId: 's2' }));
    expect(d).toEqual(expect.objectContaining({ status: 404, reason: 'recording not found' }));
  });

  test('an unknown role at run time is refused, not thrown', () => {
    expect(decideRecordingAccess(facts({ viewerRole: 'governor' as unknown as RecordingViewerRole })).allow).toBe(false);
  });
});
