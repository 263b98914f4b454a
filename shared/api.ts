/** Shapes of HTTP API responses shared by the server and the browser app. */

export interface ChildSummary {
  id: string;
  name: string;
  level: 1 | 2 | 3;
  levelIsDefault: boolean;
}

export interface LessonUsage {
  lessonId: string;
  title: string;
  className: string;
  startedAt: number;
  endedAt: number | null;
  minutes: { mic: number; camera: number; share: number };
  chatMessages: number;
}

export interface RecordingSummary {
  id: string;
  lessonId: string;
  title: string;
  className: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number;
  status: string;
  quarantined: boolean;
}

export interface TrackSummary {
  id: string;
  source: string;
  kind: 'audio' | 'video';
  userName: string | null;
  startedOffsetMs: number;
  endedOffsetMs: number | null;
  complete: boolean;
}

export interface RecordingGrant {
  playbackToken: string;
  recording: RecordingSummary;
  tracks: TrackSummary[];
}

/** One entry of the safeguarding access log: who viewed what, when. */
export interface AccessEntry {
  seq: number;
  at: number;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string;
  justification?: string;
  detail: Record<string, unknown>;
}

/** A message in a parent's inbox: an after-lesson summary or a notice the DSL chose to send. */
export interface InboxMessageView {
  id: string;
  kind: 'lesson_summary' | 'notice';
  child: { id: string; name: string };
  at: number;
  read: boolean;
  summary?: { text: string };
  notice?: { subject: string; body: string; from: string };
}
