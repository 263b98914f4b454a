/** School directory: schools, users, classes, enrolments, teachers, guardianships, levels. */
import { randomUUID } from 'node:crypto';
import type { Level, Role } from '../../shared/levels';
import type { Db } from './db';

export interface UserRow {
  id: string;
  school_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: number;
}

export interface ClassRow {
  id: string;
  school_id: string;
  name: string;
}

export class Directory {
  constructor(private readonly db: Db) {}

  createSchool(name: string, retentionDays = 365): string {
    const id = randomUUID();
    this.db.run('INSERT INTO schools (id, name, retention_days, created_at) VALUES (?, ?, ?, ?)', [id, name, retentionDays, Date.now()]);
    return id;
  }

  retentionDays(schoolId: string): number {
    return this.db.get<{ retention_days: number }>('SELECT retention_days FROM schools WHERE id = ?', [schoolId])?.retention_days ?? 365;
  }

  setRetentionDays(schoolId: string, days: number): void {
    this.db.run('UPDATE schools SET retention_days = ? WHERE id = ?', [days, schoolId]);
  }

  /** The school's safeguarding policy overrides as stored JSON (validated by the caller). */
  safeguardingPolicyJson(schoolId: string): string | null {
    return this.db.get<{ p: string | null }>('SELECT safeguarding_policy AS p FROM schools WHERE id = ?', [schoolId])?.p ?? null;
  }

  setSafeguardingPolicyJson(schoolId: string, json: string): void {
    this.db.run('UPDATE schools SET safeguarding_policy = ? WHERE id = ?', [json, schoolId]);
  }

  schoolByName(name: string): { id: string } | undefined {
    return this.db.get('SELECT id FROM schools WHERE name = ?', [name]);
  }

  createUser(u: { schoolId: string; email: string; name: string; role: Role; passwordHash: string; totpSecret?: string | null; totpEnabled?: boolean }): string {
    const id = randomUUID();
    this.db.run(
      'INSERT INTO users (id, school_id, email, name, role, password_hash, totp_secret, totp_enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, u.schoolId, u.email.toLowerCase(), u.name, u.role, u.passwordHash, u.totpSecret ?? null, u.totpEnabled ? 1 : 0, Date.now()],
    );
    return id;
  }

  userById(id: string): UserRow | undefined {
    return this.db.get('SELECT * FROM users WHERE id = ?', [id]);
  }

  userByEmail(email: string): UserRow | undefined {
    return this.db.get('SELECT * FROM users WHERE email = ?', [email.toLowerCase()]);
  }

  setTotp(userId: string, secret: string, enabled: boolean): void {
    this.db.run('UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?', [secret, enabled ? 1 : 0, userId]);
  }

  createClass(schoolId: string, name: string): string {
    const id = randomUUID();
    this.db.run('INSERT INTO classes (id, school_id, name, created_at) VALUES (?, ?, ?, ?)', [id, schoolId, name, Date.now()]);
    return id;
  }

  classById(id: string): ClassRow | undefined {
    return this.db.get('SELECT id, school_id, name FROM classes WHERE id = ?', [id]);
  }

  enrol(classId: string, studentId: string): void {
    this.db.run('INSERT INTO enrolments (class_id, student_id, enrolled_at) VALUES (?, ?, ?)', [classId, studentId, Date.now()]);
  }

  unenrol(classId: string, studentId: string): void {
    this.db.run('UPDATE enrolments SET left_at = ? WHERE class_id = ? AND student_id = ? AND left_at IS NULL', [Date.now(), classId, studentId]);
  }

  assignTeacher(classId: string, teacherId: string): void {
    this.db.run('INSERT INTO class_teachers (class_id, teacher_id) VALUES (?, ?)', [classId, teacherId]);
  }

  addGuardian(parentId: string, studentId: string): void {
    this.db.run('INSERT INTO guardianships (parent_id, student_id) VALUES (?, ?)', [parentId, studentId]);
  }

  isEnrolled(classId: string, studentId: string): boolean {
    return !!this.db.get('SELECT 1 AS x FROM enrolments WHERE class_id = ? AND student_id = ? AND left_at IS NULL', [classId, studentId]);
  }

  isClassTeacher(classId: string, teacherId: string): boolean {
    return !!this.db.get('SELECT 1 AS x FROM class_teachers WHERE class_id = ? AND teacher_id = ?', [classId, teacherId]);
  }

  /** How a user stands to a class, as the access rules ask it (enrolled student now, class teacher). */
  membership(classId: string, user: { userId: string; role: Role }): { isEnrolledStudent: boolean; isClassTeacher: boolean } {
    return {
      isEnrolledStudent: user.role === 'student' && this.isEnrolled(classId, user.userId),
      isClassTeacher: user.role === 'teacher' && this.isClassTeacher(classId, user.userId),
    };
  }

  isGuardian(parentId: string, studentId: string): boolean {
    return !!this.db.get('SELECT 1 AS x FROM guardianships WHERE parent_id = ? AND student_id = ?', [parentId, studentId]);
  }

  classesForUser(userId: string, role: Role): ClassRow[] {
    if (role === 'teacher') {
      return this.db.all('SELECT c.id, c.school_id, c.name FROM classes c JOIN class_teachers t ON t.class_id = c.id WHERE t.teacher_id = ? ORDER BY c.name', [userId]);
    }
    if (role === 'student') {
      return this.db.all('SELECT c.id, c.school_id, c.name FROM classes c JOIN enrolments e ON e.class_id = c.id WHERE e.student_id = ? AND e.left_at IS NULL ORDER BY c.name', [userId]);
    }
    return [];
  }

  roster(classId: string): Array<{ id: string; name: string }> {
    return this.db.all('SELECT u.id, u.name FROM users u JOIN enrolments e ON e.student_id = u.id WHERE e.class_id = ? AND e.left_at IS NULL ORDER BY u.name', [classId]);
  }

  childrenOf(parentId: string): Array<{ id: string; name: string }> {
    return this.db.all('SELECT u.id, u.name FROM users u JOIN guardianships g ON g.student_id = u.id WHERE g.parent_id = ? ORDER BY u.name', [parentId]);
  }

  /** Users of a school with one of the roles, by name (the safeguarding team, staff, students). */
  usersInSchool(schoolId: string, roles: readonly Role[]): Array<{ id: string; name: string; role: Role; email: string }> {
    if (roles.length === 0) return [];
    return this.db.all(`SELECT id, name, role, email FROM users WHERE school_id = ? AND role IN (${roles.map(() => '?').join(',')}) ORDER BY name`, [schoolId, ...roles]);
  }

  guardiansOf(studentId: string): Array<{ id: string; name: string; email: string }> {
    return this.db.all('SELECT u.id, u.name, u.email FROM users u JOIN guardianships g ON g.parent_id = u.id WHERE g.student_id = ? ORDER BY u.name', [studentId]);
  }

  schoolName(schoolId: string): string {
    return this.db.get<{ name: string }>('SELECT name FROM schools WHERE id = ?', [schoolId])?.name ?? '';
  }

  /** The parent's level, or null when none is set (the default applies). */
  levelOf(studentId: string): Level | null {
    const row = this.db.get<{ level: number }>('SELECT level FROM contribution_levels WHERE student_id = ?', [studentId]);
    return row ? (row.level as Level) : null;
  }

  setLevel(studentId: string, level: Level, setBy: string): void {
    const now = Date.now();
    const changed = this.db.run('UPDATE contribution_levels SET level = ?, set_by = ?, updated_at = ? WHERE student_id = ?', [level, setBy, now, studentId]);
    if (changed.changes === 0) {
      this.db.run('INSERT INTO contribution_levels (student_id, level, set_by, updated_at) VALUES (?, ?, ?, ?)', [studentId, level, setBy, now]);
    }
  }
}
