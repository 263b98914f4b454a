/**
 * One live lesson: who is in it, what each may contribute, and the media room carrying it.
 * Every contribution passes effectivePermissions() here, on the server; the client's word is never taken.
 * close() is idempotent: it tells everyone, closes the media and ends the register.
 */
import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors';
import { SOURCES, type Level, type MediaSource, type Source } from '../../shared/levels';
import {
  RECORDING_NOTICE,
  type ChatMessageView,
  type ConcernView,
  type JoinResult,
  type Notification,
  type PermissionsView,
  type ProducerInfo,
  type Stroke,
} from '../../shared/protocol';
import { effectivePermissions, explainDenial, NO_SOURCES, type Permissions } from '../domain/permissions';
import { Logger } from '../logger';
import type { MediaRoom, ProducerAppData } from '../media/mediaRoom';
import type { LessonRow, LessonStore } from '../store/lessonStore';
import { peerInfo, type Connection, type Participant } from './participant';

export interface JoiningUser {
  userId: string;
  name: string;
  userRole: Participant['userRole'];
  role: Participant['role'];
  parentLevel: Level | null;
}

/** Something that follows a lesson as it happens: the recorder, the frame classifiers. */
export interface LessonObserver {
  /** A timeline event (joins, leaves, chat, strokes, hands, teacher actions, level changes). */
  event?(event: TimelineEvent): void;
  producerOpened?(producer: types.Producer<ProducerAppData>): void;
  producerClosed?(producer: types.Producer<ProducerAppData>, reason: string): void;
  /** Called once when the lesson ends; the lesson waits for it before it is gone. */
  lessonClosed?(): Promise<void> | void;
}

export interface TimelineEvent {
  /** Milliseconds since the lesson started. */
  offsetMs: number;
  at: number;
  type: string;
  actorId: string | null;
  detail: Record<string, unknown>;
}

export interface ChatReview {
  lessonId: string;
  messageId: string;
  userId: string;
  text: string;
  offsetMs: number;
}

/** Decides, before delivery, whether a chat message reaches the class (safeguarding plugs in here). */
export interface ChatGate {
  review(input: ChatReview): { deliver: boolean; notice?: string };
}

export const DELIVER_ALL: ChatGate = { review: () => ({ deliver: true }) };

export class LiveLesson {
  readonly log: Logger;
  private readonly participants = new Map<string, Participant>();
  private readonly studentRestrictions = new Map<string, Set<Source>>();
  private readonly containment = new Map<string, Set<Source>>();
  private readonly roomRestrictions = new Set<Source>();
  private readonly removed = new Set<string>();
  private hands: string[] = [];
  /** Recent delivered chat for late joiners; text is kept in memory only (the timeline is encrypted). */
  private readonly recentChat: ChatMessageView[] = [];
  private readonly heldChat = new Map<string, ChatMessageView>();
  private closed = false;
  private readonly observers: LessonObserver[] = [];

  constructor(
    readonly lesson: LessonRow,
    readonly schoolId: string,
    private readonly room: MediaRoom,
    private readonly store: LessonStore,
    private readonly chatGate: ChatGate = DELIVER_ALL,
  ) {
    this.log = new Logger(`[lessonId:${lesson.id}]`);
    room.on('producerClosed', (producer, reason) => this.onProducerClosed(producer, reason));
    room.on('consumerClosed', (userId, consumerId, producerId) =>
      this.participants.get(userId)?.connection.send({ type: 'consumerClosed', consumerId, producerId }),
    );
  }

  observe(observer: LessonObserver): void {
    this.observers.push(observer);
  }

  /** Tell every observer; an observer's failure never breaks the lesson. */
  private notifyObservers(fn: (o: LessonObserver) => void): void {
    for (const o of this.observers) {
      try {
        fn(o);
      } catch (err) {
        this.log.error('lesson observer failed', { error: err });
      }
    }
  }

  /** Add an event to the lesson's (encrypted) timeline, e.g. a safeguarding flag. */
  timeline(actorId: string | null, type: string, detail: Record<string, unknown>): void {
    this.record(actorId, type, detail);
  }

  private record(actorId: string | null, type: string, detail: Record<string, unknown>): void {
    const at = Date.now();
    const event: TimelineEvent = { offsetMs: at - this.lesson.started_at, at, type, actorId, detail };
    this.notifyObservers((o) => o.event?.(event));
  }

  get id(): string {
    return this.lesson.id;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- membership -------------------------------------------------------

  join(user: JoiningUser, connection: Connection): JoinResult {
    this.assertOpen();
    if (this.removed.has(user.userId)) throw new AppError('FORBIDDEN', 'you were removed from this lesson by the teacher');
    const previous = this.participants.get(user.userId);
    if (previous) {
      this.leave(user.userId, 'joined_elsewhere');
      previous.connection.send({ type: 'removed', reason: 'You joined this lesson from another window.' });
      previous.connection.disconnect();
    }
    const attendanceId = this.store.recordJoin(this.id, user.userId, user.role);
    const participant: Participant = { ...user, attendanceId, connection };
    this.participants.set(user.userId, participant);
    this.record(user.userId, 'join', { role: user.role });
    this.broadcast({ type: 'participantJoined', peer: peerInfo(participant) }, user.userId);
    this.log.info('joined', { userId: user.userId, role: user.role });
    return {
      lessonId: this.id,
      me: peerInfo(participant),
      routerRtpCapabilities: this.room.rtpCapabilities as unknown as Record<string, unknown>,
      permissions: this.view(this.permissionsOf(participant)),
      recordingNotice: RECORDING_NOTICE,
      peers: [...this.participants.values()].filter((p) => p.userId !== user.userId).map(peerInfo),
      producers: this.room.allProducers().map(producerInfo),
      chat: [...this.recentChat],
      strokes: this.store.strokes(this.id).map((s) => JSON.parse(s) as Stroke),
      hands: [...this.hands],
      roomRestrictions: [...this.roomRestrictions],
    };
  }

  isParticipant(userId: string): boolean {
    return this.participants.has(userId);
  }

  ackRecordingNotice(userId: string): void {
    this.store.recordNoticeAck(this.member(userId).attendanceId);
  }

  /** Idempotent. With `connection`, only leaves if that connection is still the current one. */
  leave(userId: string, reason: string, connection?: Connection): void {
    const p = this.participants.get(userId);
    if (!p || (connection && p.connection !== connection)) return;
    this.participants.delete(userId);
    this.room.closePeer(userId, reason);
    this.store.recordLeave(p.attendanceId, reason);
    this.record(userId, 'leave', { reason });
    if (this.hands.includes(userId)) this.setHands(this.hands.filter((h) => h !== userId));
    this.broadcast({ type: 'participantLeft', userId });
  }

  // ---- permissions ------------------------------------------------------

  private permissionsOf(p: Participant): Permissions {
    return effectivePermissions({
      role: p.userRole,
      parentLevel: p.parentLevel,
      studentRestrictions: this.studentRestrictions.get(p.userId) ?? NO_SOURCES,
      roomRestrictions: this.roomRestrictions,
      containment: this.containment.get(p.userId) ?? NO_SOURCES,
    });
  }

  private view(perms: Permissions): PermissionsView {
    const why: PermissionsView['why'] = {};
    for (const s of SOURCES) {
      const reason = perms.denied[s];
      if (reason) why[s] = explainDenial(reason);
    }
    return { level: perms.level, allowed: perms.allowed, why };
  }

  /** Refuse a contribution the participant is not allowed to make. */
  private assertAllowed(p: Participant, source: Source): void {
    const perms = this.permissionsOf(p);
    const reason = perms.denied[source];
    if (reason) throw new AppError('CONTRIBUTION_LEVEL', `${source} is not allowed: ${explainDenial(reason)}`, reason);
  }

  /**
   * Apply a change that may take permissions away: recompute for each affected participant,
   * close now-forbidden producers at once, and tell each one what changed and why.
   */
  private changePermissions(userIds: readonly string[], mutate: () => void, cause: string): void {
    mutate();
    for (const id of userIds) {
      const p = this.participants.get(id);
      if (!p) continue;
      const after = this.permissionsOf(p);
      for (const producer of this.room.producersOf(p.userId)) {
        const reason = after.denied[producer.appData.source];
        // Contained producers are paused, not closed, so a release can resume them.
        if (reason && reason !== 'containment') this.room.closeProducer(producer, `${cause}:${reason}`);
      }
      p.connection.send({ type: 'permissionsChanged', permissions: this.view(after) });
    }
  }

  /** The parent changed the child's level (possibly mid-lesson). */
  setParentLevel(userId: string, level: Level | null): void {
    this.changePermissions([userId], () => {
      const p = this.participants.get(userId);
      if (p) p.parentLevel = level;
    }, 'level_changed');
    this.record(null, 'level_changed', { userId, level });
  }

  /**
   * Automatic containment (section 5): the source is paused for every consumer at once and no new
   * producer of it is accepted; release resumes it (or closes it, if it is no longer allowed).
   */
  contain(userId: string, source: MediaSource, on: boolean, reason: string): void {
    this.changePermissions([userId], () => toggle(this.containment, userId, source, on), 'containment');
    const owner = this.participants.get(userId);
    const allowed = owner ? this.permissionsOf(owner).allowed[source] : false;
    for (const producer of this.room.producersOf(userId)) {
      if (producer.appData.source !== source) continue;
      if (on) {
        void producer.pause();
        owner?.connection.send({ type: 'producerPaused', producerId: producer.id, source, reason });
      } else if (allowed) {
        void producer.resume();
        owner?.connection.send({ type: 'producerResumed', producerId: producer.id, source });
      } else {
        this.room.closeProducer(producer, 'permissions_changed');
      }
    }
    this.record(null, on ? 'contained' : 'released', { userId, source, reason });
  }

  // ---- media ------------------------------------------------------------

  async createTransport(userId: string, direction: 'send' | 'recv'): Promise<{ id: string; iceParameters: unknown; iceCandidates: unknown; dtlsParameters: unknown }> {
    const p = this.member(userId);
    if (direction === 'send') {
      const perms = this.permissionsOf(p);
      // Observers and level-less participants never get a sending transport at all.
      if (!perms.allowed.mic && !perms.allowed.camera && !perms.allowed.share) {
        const reason = perms.denied.share ?? 'contribution_level';
        throw new AppError('CONTRIBUTION_LEVEL', `you cannot send media: ${explainDenial(reason)}`, reason);
      }
    }
    const t = await this.room.createWebRtcTransport(userId, direction);
    return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
  }

  async connectTransport(userId: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    this.member(userId);
    await this.room.connectTransport(userId, transportId, dtlsParameters);
  }

  async produce(userId: string, transportId: string, kind: types.MediaKind, rtpParameters: types.RtpParameters, source: MediaSource): Promise<string> {
    const p = this.member(userId);
    this.assertAllowed(p, source);
    if ((source === 'mic') !== (kind === 'audio')) throw new AppError('BAD_REQUEST', `a ${source} track must be ${source === 'mic' ? 'audio' : 'video'}`);
    if (this.room.producersOf(userId).some((x) => x.appData.source === source)) throw new AppError('CONFLICT', `you are already sending ${source}`);
    const producer = await this.room.produce(userId, transportId, kind, rtpParameters, source);
    // Permissions may have dropped while the worker was creating it.
    if (!this.permissionsOf(p).allowed[source]) {
      this.room.closeProducer(producer, 'permissions_changed');
      this.assertAllowed(p, source);
    }
    this.store.producerStarted(producer.id, this.id, userId, source);
    this.notifyObservers((o) => o.producerOpened?.(producer));
    this.record(userId, 'producer_started', { source, producerId: producer.id });
    this.broadcast({ type: 'newProducer', producer: producerInfo(producer) }, userId);
    return producer.id;
  }

  closeProducer(userId: string, producerId: string): void {
    const producer = this.room.producersOf(this.member(userId).userId).find((x) => x.id === producerId);
    if (!producer) throw new AppError('NOT_FOUND', 'unknown producer');
    this.room.closeProducer(producer, 'closed_by_user');
  }

  private onProducerClosed(producer: types.Producer<ProducerAppData>, reason: string): void {
    const { userId, source } = producer.appData;
    this.store.producerEnded(producer.id, reason);
    this.notifyObservers((o) => o.producerClosed?.(producer, reason));
    this.record(userId, 'producer_closed', { source, producerId: producer.id, reason });
    const owner = this.participants.get(userId);
    const reasonText = reason.includes(':') ? explainDenial(reason.split(':')[1] as Parameters<typeof explainDenial>[0]) : reason;
    owner?.connection.send({ type: 'producerClosed', producerId: producer.id, source, reason: reasonText });
    this.broadcast({ type: 'producerClosed', producerId: producer.id, source, reason: 'closed' }, userId);
  }

  async consume(userId: string, producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<Record<string, unknown>> {
    this.member(userId);
    const consumer = await this.room.consume(userId, producerId, rtpCapabilities);
    const producer = this.room.producer(producerId);
    return {
      consumerId: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      source: producer?.appData.source,
      userId: producer?.appData.userId,
    };
  }

  async resumeConsumer(userId: string, consumerId: string): Promise<void> {
    await this.room.consumer(this.member(userId).userId, consumerId).resume();
  }

  async setConsumerLayers(userId: string, consumerId: string, spatialLayer: number): Promise<void> {
    const c = this.room.consumer(this.member(userId).userId, consumerId);
    if (c.type === 'simulcast') await c.setPreferredLayers({ spatialLayer });
  }

  // ---- chat, whiteboard, hands -----------------------------------------

  chat(userId: string, text: string): { id: string; delivered: boolean; notice?: string } {
    const p = this.member(userId);
    this.assertAllowed(p, 'chat');
    const at = Date.now();
    const message: ChatMessageView = { id: randomUUID(), userId, name: p.name, text, at };
    // Classified before anyone receives it.
    const verdict = this.chatGate.review({ lessonId: this.id, messageId: message.id, userId, text, offsetMs: at - this.lesson.started_at });
    this.store.addChat(message.id, this.id, userId, verdict.deliver ? 'delivered' : 'held', at);
    this.record(userId, 'chat', { messageId: message.id, text, delivered: verdict.deliver });
    if (verdict.deliver) this.deliverChat(message);
    else this.heldChat.set(message.id, message);
    return { id: message.id, delivered: verdict.deliver, notice: verdict.notice };
  }

  private deliverChat(message: ChatMessageView): void {
    this.recentChat.push(message);
    if (this.recentChat.length > 200) this.recentChat.shift();
    this.broadcast({ type: 'chatMessage', message });
  }

  /** A member of staff released a held message: the class receives it now. */
  releaseHeldChat(messageId: string, actorId: string | null): boolean {
    const message = this.heldChat.get(messageId);
    if (!message || this.closed) return false;
    this.heldChat.delete(messageId);
    this.store.setChatStatus(messageId, 'delivered');
    this.record(actorId, 'chat_released', { messageId });
    this.deliverChat(message);
    return true;
  }

  /** Safeguarding news for staff in the lesson (teachers and observing DSLs), never students. */
  notifyStaff(n: Notification): void {
    for (const p of this.participants.values()) if (p.role !== 'student') p.connection.send(n);
  }

  /**
   * A student tells staff privately ("report to staff"). Never broadcast and never on the recording
   * timeline (classmates can replay it); `record` stores it (encrypted) and returns what staff see.
   */
  reportConcern(userId: string, record: (r: { offsetMs: number }) => ConcernView, tellStaffInLesson: boolean): ConcernView {
    const p = this.member(userId);
    if (p.role !== 'student') throw new AppError('BAD_REQUEST', 'staff record a concern with the record-of-concern form');
    const concern = record({ offsetMs: Date.now() - this.lesson.started_at });
    if (tellStaffInLesson) this.notifyStaff({ type: 'concern', concern });
    return concern;
  }

  nameOf(userId: string): string | undefined {
    return this.participants.get(userId)?.name;
  }

  /** The level the parent chose for a student in this lesson (null: default). */
  parentLevelOf(userId: string): Level | null | undefined {
    return this.participants.get(userId)?.parentLevel;
  }

  isStudent(userId: string): boolean {
    return this.participants.get(userId)?.role === 'student';
  }

  whiteboardStroke(userId: string, stroke: Stroke): void {
    const p = this.member(userId);
    this.assertAllowed(p, 'whiteboard');
    this.store.addStroke(this.id, userId, JSON.stringify(stroke));
    this.record(userId, 'stroke', { stroke });
    this.broadcast({ type: 'whiteboardStroke', userId, stroke }, userId);
  }

  raiseHand(userId: string): void {
    const p = this.member(userId);
    if (p.role !== 'student') throw new AppError('FORBIDDEN', 'only students raise hands');
    if (!this.hands.includes(userId)) {
      this.setHands([...this.hands, userId]);
      this.record(userId, 'hand_raised', {});
    }
  }

  lowerHand(actorId: string, targetId?: string): void {
    const actor = this.member(actorId);
    const target = targetId ?? actorId;
    if (target !== actorId && actor.role !== 'teacher') throw new AppError('FORBIDDEN', "only the teacher lowers someone else's hand");
    if (this.hands.includes(target)) {
      this.setHands(this.hands.filter((h) => h !== target));
      this.record(actorId, 'hand_lowered', { userId: target });
    }
  }

  private setHands(queue: string[]): void {
    this.hands = queue;
    this.broadcast({ type: 'hands', queue: [...queue] });
  }

  // ---- teacher controls -------------------------------------------------

  private assertTeacher(actorId: string): void {
    if (this.member(actorId).role !== 'teacher') throw new AppError('FORBIDDEN', 'only the teacher can do this');
  }

  /** Restrict (or lift a restriction on) one source for a student or the whole room. Never lifts above the parent's level. */
  restrict(actorId: string, target: { userId: string } | 'room', source: Source, restricted: boolean): void {
    this.assertTeacher(actorId);
    if (target === 'room') {
      const students = [...this.participants.values()].filter((p) => p.role === 'student').map((p) => p.userId);
      this.changePermissions(students, () => toggleSet(this.roomRestrictions, source, restricted), 'teacher');
      this.broadcast({ type: 'roomRestrictions', sources: [...this.roomRestrictions] });
    } else {
      const student = this.participants.get(target.userId);
      if (!student) throw new AppError('NOT_FOUND', 'that student is not in the lesson');
      if (student.role !== 'student') throw new AppError('BAD_REQUEST', 'only students can be restricted');
      this.changePermissions([target.userId], () => toggle(this.studentRestrictions, target.userId, source, restricted), 'teacher');
    }
    this.record(actorId, restricted ? 'restricted' : 'unrestricted', { target, source });
  }

  remove(actorId: string, userId: string): void {
    this.assertTeacher(actorId);
    const p = this.participants.get(userId);
    if (!p) throw new AppError('NOT_FOUND', 'that person is not in the lesson');
    if (p.role !== 'student') throw new AppError('BAD_REQUEST', 'only students can be removed');
    this.removed.add(userId);
    p.connection.send({ type: 'removed', reason: 'The teacher removed you from this lesson.' });
    this.leave(userId, 'removed_by_teacher');
    this.record(actorId, 'removed', { userId });
    p.connection.disconnect();
  }

  /** Students' current effective permissions, for the teacher's roster. */
  permissionsFor(userId: string): PermissionsView {
    return this.view(this.permissionsOf(this.member(userId)));
  }

  // ---- lifecycle --------------------------------------------------------

  /** Idempotent. Ends the lesson for everyone, then lets observers (the recorder) finish. */
  async close(): Promise<void> {
    if (this.closed) return this.closing;
    this.closed = true;
    const everyone = [...this.participants.values()];
    for (const p of everyone) p.connection.send({ type: 'lessonEnded' });
    this.record(null, 'lesson_ended', {});
    this.room.close();
    this.store.end(this.id);
    this.participants.clear();
    for (const p of everyone) p.connection.disconnect();
    this.closing = Promise.all(
      this.observers.map(async (o) => {
        try {
          await o.lessonClosed?.();
        } catch (err) {
          this.log.error('lesson observer failed at close', { error: err });
        }
      }),
    ).then(() => undefined);
    this.log.info('lesson ended');
    return this.closing;
  }

  private closing: Promise<void> = Promise.resolve();

  private member(userId: string): Participant {
    this.assertOpen();
    const p = this.participants.get(userId);
    if (!p) throw new AppError('FORBIDDEN', 'join the lesson first');
    return p;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('LESSON_ENDED', 'the lesson has ended');
  }

  private broadcast(n: Notification, exceptUserId?: string): void {
    for (const p of this.participants.values()) if (p.userId !== exceptUserId) p.connection.send(n);
  }
}

function producerInfo(p: types.Producer<ProducerAppData>): ProducerInfo {
  return { producerId: p.id, userId: p.appData.userId, source: p.appData.source, kind: p.kind };
}

function toggle(map: Map<string, Set<Source>>, userId: string, source: Source, on: boolean): void {
  let set = map.get(userId);
  if (!set) {
    set = new Set();
    map.set(userId, set);
  }
  toggleSet(set, source, on);
}

function toggleSet(set: Set<Source>, source: Source, on: boolean): void {
  if (on) set.add(source);
  else set.delete(source);
}
