/**
 * Who may join a live lesson (pure). Deny unless a rule allows.
 * Enrolled students, the class's teachers, and the school's safeguarding team (silent observers).
 */
import type { Role } from '../../shared/levels';

export interface LessonAccessFacts {
  userRole: Role;
  userSchoolId: string;
  lessonSchoolId: string;
  isEnrolledStudent: boolean;
  isClassTeacher: boolean;
  lessonLive: boolean;
}

export type LessonAccessDecision =
  | { allow: true; as: 'student' | 'teacher' | 'observer' }
  | { allow: false; why: 'other_school' | 'not_enrolled' | 'not_class_teacher' | 'role_not_allowed' | 'lesson_not_live' };

export function decideLessonAccess(f: LessonAccessFacts): LessonAccessDecision {
  if (f.userSchoolId !== f.lessonSchoolId) return { allow: false, why: 'other_school' };
  if (!f.lessonLive) return { allow: false, why: 'lesson_not_live' };
  switch (f.userRole) {
    case 'student':
      return f.isEnrolledStudent ? { allow: true, as: 'student' } : { allow: false, why: 'not_enrolled' };
    case 'teacher':
      return f.isClassTeacher ? { allow: true, as: 'teacher' } : { allow: false, why: 'not_class_teacher' };
    case 'dsl':
      return { allow: true, as: 'observer' };
    case 'parent':
    case 'admin':
      return { allow: false, why: 'role_not_allowed' };
    default: {
      const unreachable: never = f.userRole;
      throw new Error(`unknown role ${String(unreachable)}`);
    }
  }
}

/** A teacher may start or end lessons only for classes they teach. */
export function canManageLesson(role: Role, isClassTeacher: boolean): boolean {
  return role === 'teacher' && isClassTeacher;
}
