/**
 * The live lessons of this server: starting, joining, ending, and telling live lessons when a
 * parent changes a child's level. Access decisions come from the pure domain rules.
 */
import { AppError } from '../../shared/errors';
import type { Level } from '../../shared/levels';
import type { JoinResult } from '../../shared/protocol';
import { canManageLesson, decideLessonAccess } from '../domain/lessonAccess';
import type { Principal } from '../auth/tokens';
import { Logger } from '../logger';
import { MediaRoom, type MediaNetwork } from '../media/mediaRoom';
import type { WorkerPool } from '../media/workerPool';
import type { Directory } from '../store/directory';
import type { LessonRow, LessonStore } from '../store/lessonStore';
import { DELIVER_ALL, LiveLesson, type ChatGate, type LessonObserver } from './liveLesson';

/** Builds what follows each new lesson (the recorder, frame classification) from its media room. */
export type LessonObserverFactory = (lesson: LiveLesson, room: MediaRoom) => Promise<LessonObserver>;
import type { Connection } from './participant';

export class LessonService {
  private readonly live = new Map<string, LiveLesson>();
  private readonly log = new Logger('[lessons]');

  constructor(
    private readonly directory: Directory,
    private readonly store: LessonStore,
    private readonly pool: WorkerPool,
    private readonly network: MediaNetwork,
    private readonly chatGate: ChatGate = DELIVER_ALL,
    private readonly observerFactories: readonly LessonObserverFactory[] = [],
  ) {
    // Lessons left open by a previous process cannot be rejoined: their media is gone.
    for (const stale of store.liveLessons()) store.end(stale.id);
  }

  async start(principal: Principal, classId: string, title?: string): Promise<LessonRow> {
    const cls = this.directory.classById(classId);
    if (!cls || cls.school_id !== principal.schoolId) throw new AppError('NOT_FOUND', 'unknown class');
    if (!canManageLesson(principal.role, this.directory.isClassTeacher(classId, principal.userId))) {
      throw new AppError('FORBIDDEN', 'only a teacher of this class can start its lesson');
    }
    const existing = this.store.liveForClass(classId);
    if (existing && this.live.has(existing.id)) return existing;
    const room = await MediaRoom.create(this.pool, this.network);
    const row = this.store.create(classId, principal.userId, title ?? `${cls.name} lesson`);
    const lesson = new LiveLesson(row, cls.school_id, room, this.store, this.chatGate);
    try {
      for (const make of this.observerFactories) lesson.observe(await make(lesson, room));
    } catch (err) {
      // No lesson runs unrecorded: if the recorder cannot start, the lesson does not either.
      await lesson.close();
      throw err;
    }
    this.live.set(row.id, lesson);
    this.log.info('lesson started', { lessonId: row.id, classId });
    return row;
  }

  /** The live lesson a principal may act in; unknown, ended and foreign lessons look the same. */
  lessonFor(principal: Principal, lessonId: string): LiveLesson {
    const lesson = this.live.get(lessonId);
    if (!lesson || lesson.isClosed || lesson.schoolId !== principal.schoolId) throw new AppError('NOT_FOUND', 'no such live lesson');
    return lesson;
  }

  join(principal: Principal, lessonId: string, connection: Connection): { lesson: LiveLesson; result: JoinResult } {
    const lesson = this.live.get(lessonId);
    const row = lesson?.lesson ?? this.store.byId(lessonId);
    const cls = row ? this.directory.classById(row.class_id) : undefined;
    if (!row || !cls) throw new AppError('NOT_FOUND', 'no such lesson');
    const decision = decideLessonAccess({
      userRole: principal.role,
      userSchoolId: principal.schoolId,
      lessonSchoolId: cls.school_id,
      ...this.directory.membership(cls.id, principal),
      lessonLive: !!lesson && !lesson.isClosed,
    });
    if (!decision.allow) {
      if (decision.why === 'other_school') throw new AppError('NOT_FOUND', 'no such lesson');
      if (decision.why === 'lesson_not_live') throw new AppError('LESSON_ENDED', 'this lesson is not live');
      throw new AppError('FORBIDDEN', 'you are not a member of this class');
    }
    const user = this.directory.userById(principal.userId);
    if (!user || !lesson) throw new AppError('NOT_FOUND', 'no such lesson');
    const result = lesson.join(
      {
        userId: user.id,
        name: user.name,
        userRole: user.role,
        role: decision.as,
        parentLevel: user.role === 'student' ? this.directory.levelOf(user.id) : null,
      },
      connection,
    );
    return { lesson, result };
  }

  async end(principal: Principal, lessonId: string): Promise<void> {
    const lesson = this.lessonFor(principal, lessonId);
    if (!canManageLesson(principal.role, this.directory.isClassTeacher(lesson.lesson.class_id, principal.userId))) {
      throw new AppError('FORBIDDEN', 'only a teacher of this class can end its lesson');
    }
    this.live.delete(lessonId);
    await lesson.close();
  }

  /** A parent changed a child's level: every live lesson the child is in applies it at once. */
  levelChanged(studentId: string, level: Level | null): void {
    for (const lesson of this.live.values()) if (lesson.isParticipant(studentId)) lesson.setParentLevel(studentId, level);
  }

  liveLessonForClass(classId: string): LiveLesson | undefined {
    for (const l of this.live.values()) if (l.lesson.class_id === classId && !l.isClosed) return l;
    return undefined;
  }

  liveLesson(lessonId: string): LiveLesson | undefined {
    const l = this.live.get(lessonId);
    return l && !l.isClosed ? l : undefined;
  }

  liveInSchool(schoolId: string): LiveLesson[] {
    return [...this.live.values()].filter((l) => l.schoolId === schoolId && !l.isClosed);
  }

  async closeAll(): Promise<void> {
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.all(all.map((l) => l.close()));
  }
}
