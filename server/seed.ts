/**
 * Demo school: one class, a teacher, three students at levels 1, 2 and 3, their parents, a DSL,
 * a student of another class, and an admin. Idempotent: seeds once per database.
 * Staff TOTP secrets are fixed for the demo so the printed secret can be added to an authenticator.
 */
import type { Level, Role } from '../shared/levels';
import { hashPassword } from './auth/passwords';
import type { Directory } from './store/directory';

export const DEMO_SCHOOL = 'Riverside Online School';
export const DEMO_PASSWORD = 'chaperone-demo';

export interface DemoUser {
  key: string;
  email: string;
  name: string;
  role: Role;
  totpSecret?: string;
  level?: Level;
  /** Shown next to the login by `npm start`. */
  note?: string;
}

// Base32 secrets (demo only; real staff enrol their own on first sign-in).
const TOTP = { teacher: 'JBSWY3DPEHPK3PXPJBSWY3DP', dsl: 'KRSXG5CTMVRXEZLUKRSXG5CT', admin: 'MFRGGZDFMZTWQ2LKMFRGGZDF', teacher2: 'GEZDGNBVGY3TQOJQGEZDGNBV' };

export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'teacher', email: 'teacher@riverside.example', name: 'Ms Teacher', role: 'teacher', totpSecret: TOTP.teacher, note: 'teaches Year 9 Science' },
  { key: 'teacher2', email: 'teacher2@riverside.example', name: 'Mr Other', role: 'teacher', totpSecret: TOTP.teacher2, note: 'teaches Year 10 History' },
  { key: 'dsl', email: 'dsl@riverside.example', name: 'Mrs Safeguarding', role: 'dsl', totpSecret: TOTP.dsl, note: 'Designated Safeguarding Lead' },
  { key: 'admin', email: 'admin@riverside.example', name: 'Mr Admin', role: 'admin', totpSecret: TOTP.admin, note: 'school admin (no safeguarding role)' },
  { key: 'student1', email: 'ava@riverside.example', name: 'Ava (level 1)', role: 'student', level: 1, note: 'Year 9 Science, level 1 (chat, whiteboard, share)' },
  { key: 'student2', email: 'ben@riverside.example', name: 'Ben (level 2)', role: 'student', level: 2, note: 'Year 9 Science, level 2 (+ microphone)' },
  { key: 'student3', email: 'cal@riverside.example', name: 'Cal (level 3)', role: 'student', level: 3, note: 'Year 9 Science, level 3 (+ camera; the default)' },
  { key: 'outsider', email: 'dee@riverside.example', name: 'Dee (other class)', role: 'student', note: 'Year 10 History: cannot join Year 9 Science' },
  { key: 'parent1', email: 'parent.ava@riverside.example', name: "Ava's parent", role: 'parent', note: "Ava's parent" },
  { key: 'parent2', email: 'parent.ben@riverside.example', name: "Ben's parent", role: 'parent', note: "Ben's parent" },
  { key: 'parent3', email: 'parent.cal@riverside.example', name: "Cal's parent", role: 'parent', note: "Cal's parent" },
];

export interface SeededSchool {
  schoolId: string;
  classId: string;
  otherClassId: string;
  users: Record<string, { id: string; email: string; role: Role; totpSecret?: string }>;
  created: boolean;
}

export async function seedDemoSchool(directory: Directory): Promise<SeededSchool> {
  const existing = directory.schoolByName(DEMO_SCHOOL);
  const users: SeededSchool['users'] = {};
  if (existing) {
    for (const u of DEMO_USERS) {
      const row = directory.userByEmail(u.email);
      if (row) users[u.key] = { id: row.id, email: u.email, role: u.role, totpSecret: u.totpSecret };
    }
    const classes = directory.classesForUser(users.teacher.id, 'teacher');
    const other = directory.classesForUser(users.teacher2.id, 'teacher');
    return { schoolId: existing.id, classId: classes[0].id, otherClassId: other[0].id, users, created: false };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const schoolId = directory.createSchool(DEMO_SCHOOL);
  for (const u of DEMO_USERS) {
    const id = directory.createUser({ schoolId, email: u.email, name: u.name, role: u.role, passwordHash, totpSecret: u.totpSecret, totpEnabled: !!u.totpSecret });
    users[u.key] = { id, email: u.email, role: u.role, totpSecret: u.totpSecret };
  }
  const classId = directory.createClass(schoolId, 'Year 9 Science');
  const otherClassId = directory.createClass(schoolId, 'Year 10 History');
  directory.assignTeacher(classId, users.teacher.id);
  directory.assignTeacher(otherClassId, users.teacher2.id);
  for (const n of [1, 2, 3] as const) {
    directory.enrol(classId, users[`student${n}`].id);
    directory.addGuardian(users[`parent${n}`].id, users[`student${n}`].id);
    // Level 3 is the default: leave Cal's unset to show it.
    if (n !== 3) directory.setLevel(users[`student${n}`].id, n, users[`parent${n}`].id);
  }
  directory.enrol(otherClassId, users.outsider.id);
  return { schoolId, classId, otherClassId, users, created: true };
}
