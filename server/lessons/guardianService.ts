/**
 * What parents and carers do: set each child's contribution level (a global setting, applied
 * to live lessons at once) and see, per lesson, how long the child used mic and camera.
 */
import { AppError } from '../../shared/errors';
import type { Level } from '../../shared/levels';
import { DEFAULT_LEVEL } from '../../shared/levels';
import { usageMinutes } from '../domain/mediaUsage';
import type { ChildSummary, LessonUsage } from '../../shared/api';
import type { Principal } from '../auth/tokens';
import type { Directory } from '../store/directory';
import type { LessonStore } from '../store/lessonStore';
import type { LessonService } from './lessonService';

export class GuardianService {
  constructor(
    private readonly directory: Directory,
    private readonly store: LessonStore,
    private readonly lessons: LessonService,
  ) {}

  children(principal: Principal): ChildSummary[] {
    this.assertParent(principal);
    return this.directory.childrenOf(principal.userId).map((c) => {
      const level = this.directory.levelOf(c.id);
      return { id: c.id, name: c.name, level: level ?? DEFAULT_LEVEL, levelIsDefault: level === null };
    });
  }

  setLevel(principal: Principal, childId: string, level: Level): ChildSummary {
    this.assertGuardianOf(principal, childId);
    this.directory.setLevel(childId, level, principal.userId);
    this.lessons.levelChanged(childId, level);
    return this.children(principal).find((c) => c.id === childId)!;
  }

  usage(principal: Principal, childId: string): LessonUsage[] {
    this.assertGuardianOf(principal, childId);
    const now = Date.now();
    return this.store.lessonsAttendedBy(childId).map((l) => {
      const spans = this.store.producerSpans(l.id, childId).map((s) => ({ source: s.source, startedAt: s.started_at, endedAt: s.ended_at }));
      const m = usageMinutes(spans, now);
      return {
        lessonId: l.id,
        title: l.title,
        className: this.directory.classById(l.class_id)?.name ?? '',
        startedAt: l.started_at,
        endedAt: l.ended_at,
        minutes: m,
        chatMessages: this.store.chatCount(l.id, childId),
      };
    });
  }

  private assertParent(principal: Principal): void {
    if (principal.role !== 'parent') throw new AppError('FORBIDDEN', 'only parents and carers can do this');
  }

  private assertGuardianOf(principal: Principal, childId: string): void {
    this.assertParent(principal);
    // Unknown and other people's children look the same.
    if (!this.directory.isGuardian(principal.userId, childId)) throw new AppError('NOT_FOUND', 'no such child');
  }
}
