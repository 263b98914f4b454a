/**
 * The signalling protocol between browser and server, in one place.
 *
 * Client -> server: socket.io event `request` with `{ method, data }` and an ack callback.
 * The server validates `data` against REQUEST_SCHEMAS[method] and acks with a Response.
 * Server -> client: socket.io event `notify` with a Notification.
 * Connection: `io('/lessons', { auth: { token: <access JWT> } })`.
 */
import { z } from 'zod';
import { LevelSchema, MediaSourceSchema, SourceSchema, type Level, type MediaSource, type Source } from './levels';
import type { ErrorBody } from './errors';

const Id = z.string().min(1).max(64);
const Json = z.record(z.unknown());

const DtlsParameters = z
  .object({
    role: z.enum(['auto', 'client', 'server']).optional(),
    fingerprints: z.array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) })).min(1).max(8),
  })
  .strict();

const RtpParameters = z
  .object({
    mid: z.string().max(32).optional(),
    msid: z.string().max(256).optional(),
    codecs: z.array(Json).min(1).max(16),
    headerExtensions: z.array(Json).max(32).optional(),
    encodings: z.array(Json).max(8).optional(),
    rtcp: Json.optional(),
  })
  .strict();

const RtpCapabilities = z
  .object({
    codecs: z.array(Json).max(64).optional(),
    headerExtensions: z.array(Json).max(64).optional(),
  })
  .strict();

/** Whiteboard stroke: normalised coordinates (0..1) so every screen size agrees. */
export const StrokeSchema = z
  .object({
    points: z.array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)])).min(1).max(500),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    width: z.number().min(1).max(40),
  })
  .strict();
export type Stroke = z.infer<typeof StrokeSchema>;

export const RestrictTargetSchema = z.union([z.object({ userId: Id }).strict(), z.literal('room')]);

export const REQUEST_SCHEMAS = {
  joinLesson: z.object({ lessonId: Id }).strict(),
  ackRecordingNotice: z.object({}).strict(),
  createTransport: z.object({ direction: z.enum(['send', 'recv']) }).strict(),
  connectTransport: z.object({ transportId: Id, dtlsParameters: DtlsParameters }).strict(),
  produce: z
    .object({ transportId: Id, kind: z.enum(['audio', 'video']), rtpParameters: RtpParameters, source: MediaSourceSchema })
    .strict(),
  closeProducer: z.object({ producerId: Id }).strict(),
  consume: z.object({ producerId: Id, rtpCapabilities: RtpCapabilities }).strict(),
  resumeConsumer: z.object({ consumerId: Id }).strict(),
  setConsumerLayers: z.object({ consumerId: Id, spatialLayer: z.number().int().min(0).max(2) }).strict(),
  chat: z.object({ text: z.string().trim().min(1).max(2000) }).strict(),
  whiteboardStroke: StrokeSchema,
  raiseHand: z.object({}).strict(),
  lowerHand: z.object({ userId: Id.optional() }).strict(),
  restrict: z.object({ target: RestrictTargetSchema, source: SourceSchema, restricted: z.boolean() }).strict(),
  removeParticipant: z.object({ userId: Id }).strict(),
  endLesson: z.object({}).strict(),
  leaveLesson: z.object({}).strict(),
  /** A student tells staff privately ("report to staff"); only staff in the lesson and the DSL see it. */
  reportConcern: z.object({ text: z.string().trim().min(3).max(2000), safeguardingTeamOnly: z.boolean().default(false) }).strict(),
} as const;

export type RequestMethod = keyof typeof REQUEST_SCHEMAS;
export type RequestData<M extends RequestMethod> = z.infer<(typeof REQUEST_SCHEMAS)[M]>;

export const RequestEnvelopeSchema = z
  .object({ method: z.string().max(64), data: z.unknown().optional() })
  .strict();

export type Response<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type ParticipantRole = 'student' | 'teacher' | 'observer';

export interface PeerInfo {
  userId: string;
  name: string;
  role: ParticipantRole;
}

export interface ProducerInfo {
  producerId: string;
  userId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
}

export interface PermissionsView {
  level: Level | null;
  allowed: Record<Source, boolean>;
  /** Human-readable reason for each source that is not allowed. */
  why: Partial<Record<Source, string>>;
}

export interface ChatMessageView {
  id: string;
  userId: string;
  name: string;
  text: string;
  at: number;
}

/** A safeguarding flag as staff see it (teachers in their lesson; the DSL everywhere). */
export interface FlagView {
  id: string;
  lessonId: string;
  classId: string;
  className?: string;
  studentId: string;
  studentName: string;
  label: string;
  severity: 'low' | 'medium' | 'high';
  score: number;
  model: string;
  source: 'chat' | 'camera' | 'share' | 'report';
  /** What was done at once: hold, contain, alert, log. */
  action: string;
  offsetMs: number;
  at: number;
  status: string;
  /** Chat flags: the message text (staff only). */
  text?: string;
  hasSnapshot: boolean;
  recordingId?: string;
  /** Triage (DSL console): grade 1-5 and the team member it is assigned to. */
  grade?: number | null;
  assigneeId?: string | null;
  assigneeName?: string | null;
}

/** A record of concern raised by a person (a teacher, or a student reporting privately in a lesson). */
export interface ConcernView {
  id: string;
  lessonId: string | null;
  classId: string | null;
  className?: string;
  raisedBy: { id: string; name: string; role: string };
  /** Students the concern is about (for a student's own report: the reporter unless they named others). */
  students: Array<{ id: string; name: string }>;
  text: string;
  source: 'teacher' | 'student' | 'dsl';
  offsetMs: number | null;
  at: number;
  status: 'open' | 'linked' | 'closed';
}

export const RECORDING_NOTICE =
  'This lesson is recorded for safeguarding and learning. The recording is kept securely and can only be seen by students in this class, their teachers and the school safeguarding team.';

export interface JoinResult {
  lessonId: string;
  me: PeerInfo;
  routerRtpCapabilities: Record<string, unknown>;
  permissions: PermissionsView;
  recordingNotice: string;
  peers: PeerInfo[];
  producers: ProducerInfo[];
  chat: ChatMessageView[];
  strokes: Stroke[];
  hands: string[];
  roomRestrictions: Source[];
}

export type Notification =
  | { type: 'participantJoined'; peer: PeerInfo }
  | { type: 'participantLeft'; userId: string }
  | { type: 'newProducer'; producer: ProducerInfo }
  | { type: 'producerClosed'; producerId: string; source: MediaSource; reason: string }
  | { type: 'consumerClosed'; consumerId: string; producerId: string }
  | { type: 'permissionsChanged'; permissions: PermissionsView }
  | { type: 'chatMessage'; message: ChatMessageView }
  | { type: 'whiteboardStroke'; userId: string; stroke: Stroke }
  | { type: 'hands'; queue: string[] }
  | { type: 'roomRestrictions'; sources: Source[] }
  | { type: 'removed'; reason: string }
  | { type: 'producerPaused'; producerId: string; source: MediaSource; reason: string }
  | { type: 'producerResumed'; producerId: string; source: MediaSource }
  | { type: 'flag'; flag: FlagView }
  | { type: 'concern'; concern: ConcernView }
  | { type: 'lessonEnded' };

/** HTTP bodies (validated on the server). */
export const LoginBodySchema = z.object({ email: z.string().email().max(254), password: z.string().min(1).max(256) }).strict();
export const MfaBodySchema = z.object({ mfaToken: z.string().min(1).max(2048), code: z.string().regex(/^\d{6}$/) }).strict();
export const RefreshBodySchema = z.object({ refreshToken: z.string().min(20).max(256) }).strict();
export const SetLevelBodySchema = z.object({ level: LevelSchema }).strict();
export const StartLessonBodySchema = z.object({ classId: Id, title: z.string().trim().min(1).max(200).optional() }).strict();
export const IdParamSchema = z.object({ id: Id }).strict();

/** Recording HTTP bodies. */
export const JustificationSchema = z.string().trim().min(10, 'give a justification of at least 10 characters').max(2000);
export const RecordingAccessBodySchema = z.object({ justification: JustificationSchema.optional() }).strict();
export const PlaybackQuerySchema = z.object({ pt: z.string().min(10).max(4096) }).strict();
export const TrackParamsSchema = z.object({ id: Id, trackId: Id }).strict();
export const QuarantineBodySchema = z
  .object({ fromMs: z.number().int().min(0).nullable().optional(), toMs: z.number().int().min(0).nullable().optional(), reason: z.string().trim().min(3).max(500) })
  .strict()
  .refine((q) => q.fromMs == null || q.toMs == null || q.toMs >= q.fromMs, { message: 'toMs must not be before fromMs' });
export const LiftQuarantineParamsSchema = z.object({ id: Id, qid: Id }).strict();
export const ReasonBodySchema = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const HoldBodySchema = z.object({ hold: z.boolean(), reason: z.string().trim().min(3).max(500) }).strict();
export const ExportBodySchema = z
  .object({ agency: z.enum(['police', 'lado', 'ceop', 'iwf', 'social_care']), reference: z.string().trim().min(3).max(200), justification: JustificationSchema })
  .strict();

/** Safeguarding HTTP bodies. */
export const FlagQuerySchema = z
  .object({
    lessonId: Id.optional(),
    classId: Id.optional(),
    studentId: Id.optional(),
    label: z.string().max(32).optional(),
    severity: z.enum(['low', 'medium', 'high']).optional(),
    status: z.string().max(32).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
export const JustificationBodySchema = z.object({ justification: JustificationSchema }).strict();

/** Safeguarding console (DSL only). */
export const GradeSchema = z.number().int().min(1).max(5);
export const TRIAGE_ACTIONS = [
  'parents_informed',
  'pastoral_support',
  'referred_police',
  'referred_lado',
  'referred_ceop',
  'referred_iwf',
  'referred_social_care',
  'sanction',
] as const;
export const TriageActionSchema = z.enum(TRIAGE_ACTIONS);
export type TriageAction = z.infer<typeof TriageActionSchema>;
export const FLAG_STATUSES = ['open', 'in_review', 'false_positive', 'closed'] as const;
export const FlagStatusSchema = z.enum(FLAG_STATUSES);
export const INCIDENT_STATUSES = ['open', 'monitoring', 'referred', 'closed'] as const;
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;
const FreeText = z.string().trim().min(3).max(4000);
const ActionDetail = z.string().trim().max(1000).optional();

export const TriageBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grade'), grade: GradeSchema }).strict(),
  z.object({ kind: z.literal('false_positive'), reason: FreeText }).strict(),
  z.object({ kind: z.literal('note'), text: FreeText }).strict(),
  z.object({ kind: z.literal('assign'), assigneeId: Id }).strict(),
  z.object({ kind: z.literal('action'), action: TriageActionSchema, detail: ActionDetail }).strict(),
  z.object({ kind: z.literal('status'), status: FlagStatusSchema, reason: z.string().trim().max(1000).optional() }).strict(),
]);
export type TriageBody = z.infer<typeof TriageBodySchema>;

export const ConcernBodySchema = z
  .object({ text: FreeText, lessonId: Id.optional(), studentIds: z.array(Id).max(30).default([]) })
  .strict();
export const ConcernQuerySchema = z.object({ status: z.enum(['open', 'linked', 'closed']).optional() }).strict();

export const IncidentCreateSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    summary: z.string().trim().max(4000).optional(),
    flagIds: z.array(Id).max(100).default([]),
    concernIds: z.array(Id).max(100).default([]),
    studentIds: z.array(Id).max(50).default([]),
    staffIds: z.array(Id).max(50).default([]),
  })
  .strict();
export const IncidentLinkSchema = z.object({ kind: z.enum(['flag', 'concern', 'student', 'staff']), id: Id }).strict();
export const IncidentEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), text: FreeText }).strict(),
  z.object({ kind: z.literal('action'), action: TriageActionSchema, detail: ActionDetail }).strict(),
  z.object({ kind: z.literal('status'), status: IncidentStatusSchema, reason: z.string().trim().max(1000).optional() }).strict(),
]);
export type IncidentEventBody = z.infer<typeof IncidentEventSchema>;
export const ParentNoticeSchema = z
  .object({
    studentId: Id,
    /** Default: every parent or carer of the student. */
    parentIds: z.array(Id).min(1).max(10).optional(),
    subject: z.string().trim().min(3).max(200),
    body: z.string().trim().min(10).max(8000),
  })
  .strict();
export const IncidentQuerySchema = z.object({ status: IncidentStatusSchema.optional() }).strict();
export const AccessLogQuerySchema = z
  .object({ targetType: z.enum(['recording', 'flag', 'incident', 'concern']).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() })
  .strict();
export const ReportParamsSchema = z.object({ id: Id, format: z.enum(['html', 'pdf']) }).strict();
