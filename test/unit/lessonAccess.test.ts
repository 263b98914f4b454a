import { decideLessonAccess, type LessonAccessFacts } from '../../server/domain/lessonAccess';

const facts = (f: Partial<LessonAccessFacts>): LessonAccessFacts => ({
  userRole: 'student',
  userSchoolId: 's1',
  lessonSchoolId: 's1',
  isEnrolledStudent: false,
  isClassTeacher: false,
  lessonLive: true,
  ...f,
});

describe('decideLessonAccess', () => {
  test('enrolled students join as students; others are refused', () => {
    expect(decideLessonAccess(facts({ isEnrolledStudent: true }))).toEqual({ allow: true, as: 'student' });
    expect(decideLessonAccess(facts({}))).toEqual({ allow: false, why: 'not_enrolled' });
  });
  test("only the class's teachers", () => {
    expect(decideLessonAccess(facts({ userRole: 'teacher', isClassTeacher: true }))).toEqual({ allow: true, as: 'teacher' });
    expect(decideLessonAccess(facts({ userRole: 'teacher' }))).toEqual({ allow: false, why: 'not_class_teacher' });
  });
  test('the safeguarding team observes; parents and admins never join', () => {
    expect(decideLessonAccess(facts({ userRole: 'dsl' }))).toEqual({ allow: true, as: 'observer' });
    expect(decideLessonAccess(facts({ userRole: 'parent', isEnrolledStudent: true }))).toEqual({ allow: false, why: 'role_not_allowed' });
    expect(decideLessonAccess(facts({ userRole: 'admin' }))).toEqual({ allow: false, why: 'role_not_allowed' });
  });
  test('another school, or a lesson that is not live, is refused whoever asks', () => {
    expect(decideLessonAccess(facts({ userRole: 'dsl', lessonSchoolId: 's2' }))).toEqual({ allow: false, why: 'other_school' });
    expect(decideLessonAccess(facts({ isEnrolledStudent: true, lessonLive: false }))).toEqual({ allow: false, why: 'lesson_not_live' });
  });
});
