/**
 * What a parent is told after each lesson about their child (pure): time present, mic / camera /
 * share minutes from the server's own producer records, and chat participation. Nothing about
 * other children and nothing about safeguarding flags: those reach parents only as notices the
 * safeguarding team writes.
 */
import { usageMinutes, type ProducerSpan } from './mediaUsage';

export interface LessonSummaryInput {
  childName: string;
  lessonTitle: string;
  className: string;
  startedAt: number;
  endedAt: number;
  /** The child's attendance spans (joined..left). */
  presence: ReadonlyArray<{ joinedAt: number; leftAt: number | null }>;
  producers: readonly ProducerSpan[];
  chatMessages: number;
}

export interface LessonSummary {
  childName: string;
  lessonTitle: string;
  className: string;
  startedAt: number;
  endedAt: number;
  presentMinutes: number;
  minutes: { mic: number; camera: number; share: number };
  chatMessages: number;
}

export function summariseLesson(i: LessonSummaryInput): LessonSummary {
  // Presence is the union of attendance spans; usageMinutes merges overlapping spans of one source.
  const present = usageMinutes(
    i.presence.map((p) => ({ source: 'mic' as const, startedAt: p.joinedAt, endedAt: p.leftAt ?? i.endedAt })),
    i.endedAt,
  ).mic;
  return {
    childName: i.childName,
    lessonTitle: i.lessonTitle,
    className: i.className,
    startedAt: i.startedAt,
    endedAt: i.endedAt,
    presentMinutes: present,
    minutes: usageMinutes(i.producers, i.endedAt),
    chatMessages: i.chatMessages,
  };
}

/** The summary as plain text (email and the inbox). */
export function summaryText(s: LessonSummary): string {
  const m = (n: number): string => `${n} minute${n === 1 ? '' : 's'}`;
  return [
    `${s.childName} attended "${s.lessonTitle}" (${s.className}) for ${m(s.presentMinutes)}.`,
    `Microphone: ${m(s.minutes.mic)}. Camera: ${m(s.minutes.camera)}. Screen sharing: ${m(s.minutes.share)}.`,
    `Chat messages sent: ${s.chatMessages}.`,
  ].join('\n');
}
