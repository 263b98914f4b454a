/**
 * Safeguarding flags: raising them (with containment and encrypted evidence), delivering them to
 * the DSL feed and to staff in the lesson, evidence access, and release. Every step is audited.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../shared/errors';
import type { MediaSource } from '../../shared/levels';
import type { FlagView } from '../../shared/protocol';
import type { Severity } from '../../shared/taxonomy';
import type { AuditLog } from '../audit/auditLog';
import type { Principal } from '../auth/tokens';
import { quarantineRange, type FrameAction } from '../domain/safeguardingPolicy';
import type { LiveLesson } from '../lessons/liveLesson';
import { Logger } from '../logger';
import type { RecordingService } from '../recording/recordingService';
import type { RecordingStore } from '../recording/recordingStore';
import type { Directory } from '../store/directory';
import type { DslFeed } from './dslFeed';
import type { EvidenceVault } from './evidenceVault';
import type { FlagFilter, FlagRow, FlagStore } from './flagStore';

export interface LiveLessonLookup {
  liveLesson(lessonId: string): LiveLesson | undefined;
}

export interface ChatFlagInput {
  lesson: LiveLesson;
  messageId: string;
  userId: string;
  text: string;
  offsetMs: number;
  label: string;
  score: number;
  severity: Severity;
  held: boolean;
  alert: boolean;
}

export interface FrameFlagInput {
  lesson: LiveLesson;
  userId: string;
  producerId: string;
  source: 'camera' | 'share';
  label: string;
  score: number;
  model: string;
  offsetMs: number;
  action: FrameAction;
  /** The frame, for person_visible / camera_in_share evidence; never passed for sexual content. */
  jpeg?: Buffer;
}

export const CHAT_MODEL = 'chaperone-chat@1 (rules + logistic regression, models/chat)';

export class FlagService {
  private readonly log = new Logger('[flags]');
  private feed?: DslFeed;

  constructor(
    private readonly store: FlagStore,
    private readonly vault: EvidenceVault,
    private readonly audit: AuditLog,
    private readonly directory: Directory,
    private readonly recordings: RecordingService,
    private readonly recordingStore: RecordingStore,
    private readonly lessons: LiveLessonLookup,
  ) {}

  attachFeed(feed: DslFeed): void {
    this.feed = feed;
  }

  /** Called before delivery of a flagged chat message; synchronous so the DSL hears within milliseconds. */
  raiseChat(i: ChatFlagInput): FlagView {
    const row: FlagRow = {
      ...this.base(i.lesson, i.userId, i.offsetMs),
      label: i.label,
      severity: i.severity,
      score: i.score,
      model: CHAT_MODEL,
      source: 'chat',
      action: i.held ? 'held' : i.alert ? 'alerted' : 'logged',
      chat_message_id: i.messageId,
      producer_id: null,
      quarantine_id: null,
    };
    this.store.insert(row);
    this.vault.put(row.id, 'chat_text', Buffer.from(i.text, 'utf8'));
    return this.announce(row, i.lesson);
  }

  /** A visual flag: contain at once, quarantine or keep encrypted evidence, then tell people. */
  async raiseFrame(i: FrameFlagInput): Promise<FlagView> {
    if (i.action.contain) i.lesson.contain(i.userId, i.source as MediaSource, true, containReason(i.label));
    let quarantineId: string | null = null;
    if (i.action.quarantine) {
      const q = this.recordings.quarantineForLesson(i.lesson.id, { ...quarantineRange(i.offsetMs), reason: `automatic: ${i.label} flag` });
      quarantineId = q?.id ?? null;
    }
    const row: FlagRow = {
      ...this.base(i.lesson, i.userId, i.offsetMs),
      label: i.label,
      severity: i.action.severity,
      score: i.score,
      model: i.model,
      source: i.source,
      action: i.action.contain ? 'contained' : i.action.alert ? 'alerted' : 'teacher_alerted',
      chat_message_id: null,
      producer_id: i.producerId,
      quarantine_id: quarantineId,
    };
    this.store.insert(row);
    // Policy: no snapshot or preview of suspected indecent images, ever.
    if (i.action.snapshot && i.jpeg && i.label !== 'sexual') {
      this.vault.put(row.id, 'snapshot', i.jpeg);
      this.vault.put(row.id, 'preview', await blurredPreview(i.jpeg));
    }
    return this.announce(row, i.lesson);
  }

  private base(lesson: LiveLesson, userId: string, offsetMs: number) {
    return {
      id: randomUUID(),
      school_id: lesson.schoolId,
      lesson_id: lesson.id,
      class_id: lesson.lesson.class_id,
      student_id: userId,
      offset_ms: Math.max(0, Math.round(offsetMs)),
      created_at: Date.now(),
      status: 'open',
      released_at: null,
      released_by: null,
      release_reason: null,
    };
  }

  private announce(row: FlagRow, lesson: LiveLesson): FlagView {
    this.audit.append({ actorId: null, actorRole: 'system', action: 'flag.raised', targetType: 'flag', targetId: row.id, detail: { label: row.label, severity: row.severity, lessonId: row.lesson_id, studentId: row.student_id, action: row.action } });
    const view = this.view(row);
    // A marker on the recording's timeline (label only: the evidence stays in the vault).
    lesson.timeline(null, 'flag', { flagId: row.id, label: row.label, severity: row.severity, studentId: row.student_id, action: row.action });
    this.feed?.publish(row.school_id, view);
    lesson.notifyStaff({ type: 'flag', flag: view });
    this.log.info('flag raised', { flagId: row.id, label: row.label, severity: row.severity, action: row.action });
    return view;
  }

  view(row: FlagRow): FlagView {
    const text = row.source === 'chat' ? this.vault.get(row.id, 'chat_text')?.toString('utf8') : undefined;
    return {
      id: row.id,
      lessonId: row.lesson_id,
      classId: row.class_id,
      className: this.directory.classById(row.class_id)?.name,
      studentId: row.student_id,
      studentName: this.directory.userById(row.student_id)?.name ?? 'unknown',
      label: row.label,
      severity: row.severity,
      score: Math.round(row.score * 1000) / 1000,
      model: row.model,
      source: row.source,
      action: row.action,
      offsetMs: row.offset_ms,
      at: row.created_at,
      status: row.status,
      text,
      hasSnapshot: this.vault.kinds(row.id).includes('snapshot'),
      recordingId: this.recordingStore.byLesson(row.lesson_id)?.id,
      grade: row.grade ?? null,
      assigneeId: row.assignee_id ?? null,
      assigneeName: row.assignee_id ? (this.directory.userById(row.assignee_id)?.name ?? null) : null,
    };
  }

  backlog(schoolId: string): FlagView[] {
    return this.store.list(schoolId, { status: 'open', limit: 200 }).map((r) => this.view(r));
  }

  /** The safeguarding team sees every flag of the school; a teacher sees those of their classes' lessons. */
  list(principal: Principal, filter: FlagFilter): FlagView[] {
    if (principal.role === 'dsl') return this.store.list(principal.schoolId, filter).map((r) => this.view(r));
    if (principal.role === 'teacher' && filter.lessonId) {
      const rows = this.store.list(principal.schoolId, { lessonId: filter.lessonId, limit: filter.limit });
      if (rows.length && !this.directory.isClassTeacher(rows[0].class_id, principal.userId)) throw new AppError('NOT_FOUND', 'no such lesson');
      return rows.map((r) => this.view(r));
    }
    throw new AppError('FORBIDDEN', 'only the safeguarding team sees all flags');
  }

  private flagFor(principal: Principal, flagId: string): FlagRow {
    const row = this.store.byId(flagId);
    if (!row || row.school_id !== principal.schoolId) throw new AppError('NOT_FOUND', 'no such flag');
    return row;
  }

  /** Blurred preview: DSL only, audited. */
  preview(principal: Principal, flagId: string): Buffer {
    if (principal.role !== 'dsl') throw new AppError('FORBIDDEN', 'only the safeguarding team sees evidence');
    const row = this.flagFor(principal, flagId);
    const img = this.vault.get(row.id, 'preview');
    if (!img) throw new AppError('NOT_FOUND', 'this flag has no preview');
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'flag.preview_viewed', targetType: 'flag', targetId: row.id });
    return img;
  }

  /** The unblurred snapshot: DSL only, with a written justification, audited. */
  snapshot(principal: Principal, flagId: string, justification: string): Buffer {
    if (principal.role !== 'dsl') throw new AppError('FORBIDDEN', 'only the safeguarding team sees evidence');
    const row = this.flagFor(principal, flagId);
    const img = this.vault.get(row.id, 'snapshot');
    if (!img) throw new AppError('NOT_FOUND', 'this flag has no snapshot');
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'flag.snapshot_revealed', targetType: 'flag', targetId: row.id, detail: { justification } });
    return img;
  }

  /** Release containment or a held message: the DSL, or the class teacher with a reason (audited). */
  release(principal: Principal, flagId: string, reason: string): FlagView {
    const row = this.flagFor(principal, flagId);
    const isTeacher = principal.role === 'teacher' && this.directory.isClassTeacher(row.class_id, principal.userId);
    if (principal.role !== 'dsl' && !isTeacher) throw new AppError('FORBIDDEN', 'only the safeguarding team or the class teacher can release');
    if (row.released_at) throw new AppError('CONFLICT', 'already released');
    const lesson = this.lessons.liveLesson(row.lesson_id);
    if (row.source === 'chat' && row.action === 'held' && row.chat_message_id) lesson?.releaseHeldChat(row.chat_message_id, principal.userId);
    if ((row.source === 'camera' || row.source === 'share') && row.action === 'contained') lesson?.contain(row.student_id, row.source, false, 'released by staff');
    this.store.markReleased(row.id, principal.userId, reason);
    this.audit.append({ actorId: principal.userId, actorRole: principal.role, action: 'flag.released', targetType: 'flag', targetId: row.id, detail: { reason, lessonLive: !!lesson } });
    return this.view(this.store.byId(row.id)!);
  }
}

function containReason(label: string): string {
  return label === 'camera_in_share'
    ? 'A face was seen in your shared screen. Your parent or carer has not allowed your camera, so sharing is paused while staff check.'
    : 'Paused by safeguarding while a member of staff reviews it.';
}

/** A heavily blurred, small preview: enough to triage, not enough to identify anyone. */
async function blurredPreview(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).resize({ width: 160 }).blur(8).jpeg({ quality: 50 }).toBuffer();
}
