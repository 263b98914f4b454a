/**
 * socket.io namespace /lessons: authenticate the connection, validate every request with its zod
 * schema from shared/protocol, authorise through the lesson, and ack with a typed Response.
 * A bad request gets an error; the connection and the lesson go on.
 */
import type { Namespace, Socket } from 'socket.io';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors';
import { toErrorBody } from '../errorBody';
import { requireSignedIn } from './socketAuth';
import { REQUEST_SCHEMAS, RequestEnvelopeSchema, type RequestData, type RequestMethod, type Response } from '../../shared/protocol';
import type { Principal, TokenService } from '../auth/tokens';
import { Logger } from '../logger';
import type { LessonService } from '../lessons/lessonService';
import type { LiveLesson } from '../lessons/liveLesson';
import type { Connection } from '../lessons/participant';

interface SocketState {
  principal: Principal;
  lesson?: LiveLesson;
  connection?: Connection;
}

type Handler<M extends RequestMethod> = (state: SocketState, data: RequestData<M>, socket: Socket) => unknown | Promise<unknown>;
type Handlers = { [M in RequestMethod]: Handler<M> };

const log = new Logger('[signalling]');

/** Allows `rate` events per second with bursts of `burst`. */
class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Receives a student's private report from a lesson (the safeguarding ConcernService). */
export interface ConcernReports {
  reportFromLesson(lesson: LiveLesson, studentId: string, text: string, safeguardingTeamOnly: boolean): unknown;
}

const NO_REPORTS: ConcernReports = {
  reportFromLesson: () => {
    throw new AppError('FORBIDDEN', 'reporting is not available');
  },
};

export function attachLessonSignalling(nsp: Namespace, tokens: TokenService, lessons: LessonService, concerns: ConcernReports = NO_REPORTS): void {
  requireSignedIn(nsp, tokens);

  const handlers = lessonHandlers(lessons, concerns);

  nsp.on('connection', (socket) => {
    const state: SocketState = { principal: socket.data.principal as Principal };
    const requests = new TokenBucket(50, 100);
    const chats = new TokenBucket(1, 5);

    socket.on('request', async (envelope: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (r: Response) => void;
      try {
        if (!requests.take()) throw new AppError('RATE_LIMITED', 'too many requests');
        const { method, data } = RequestEnvelopeSchema.parse(envelope);
        if (!Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, method)) throw new AppError('BAD_REQUEST', `unknown method ${method}`);
        const m = method as RequestMethod;
        if ((m === 'chat' || m === 'reportConcern') && !chats.take()) throw new AppError('RATE_LIMITED', 'you are sending messages too fast');
        const parsed = REQUEST_SCHEMAS[m].parse(data ?? {});
        const result = await (handlers[m] as Handler<RequestMethod>)(state, parsed as never, socket);
        reply({ ok: true, data: result ?? {} });
      } catch (err) {
        const body = toErrorBody(err);
        if (body.code === 'INTERNAL') log.error('request failed', { userId: state.principal.userId, error: err });
        reply({ ok: false, error: body });
      }
    });

    socket.on('disconnect', () => {
      if (state.lesson && state.connection) state.lesson.leave(state.principal.userId, 'disconnected', state.connection);
    });
  });
}

function inLesson(state: SocketState): LiveLesson {
  if (!state.lesson || state.lesson.isClosed) throw new AppError('FORBIDDEN', 'join a lesson first');
  return state.lesson;
}

function lessonHandlers(lessons: LessonService, concerns: ConcernReports): Handlers {
  return {
    joinLesson: (state, { lessonId }, socket) => {
      if (state.lesson && state.connection) state.lesson.leave(state.principal.userId, 'switched_lesson', state.connection);
      const connection: Connection = {
        send: (n) => socket.emit('notify', n),
        // Later than the ack of the request that caused it (e.g. endLesson), so the caller gets its reply.
        disconnect: () => setTimeout(() => socket.disconnect(true), 100),
      };
      const { lesson, result } = lessons.join(state.principal, lessonId, connection);
      state.lesson = lesson;
      state.connection = connection;
      return result;
    },
    ackRecordingNotice: (state) => inLesson(state).ackRecordingNotice(state.principal.userId),
    createTransport: (state, { direction }) => inLesson(state).createTransport(state.principal.userId, direction),
    connectTransport: (state, d) => inLesson(state).connectTransport(state.principal.userId, d.transportId, d.dtlsParameters as types.DtlsParameters),
    produce: async (state, d) => ({
      producerId: await inLesson(state).produce(state.principal.userId, d.transportId, d.kind, d.rtpParameters as unknown as types.RtpParameters, d.source),
    }),
    closeProducer: (state, { producerId }) => inLesson(state).closeProducer(state.principal.userId, producerId),
    consume: (state, d) => inLesson(state).consume(state.principal.userId, d.producerId, d.rtpCapabilities as types.RtpCapabilities),
    resumeConsumer: (state, { consumerId }) => inLesson(state).resumeConsumer(state.principal.userId, consumerId),
    setConsumerLayers: (state, d) => inLesson(state).setConsumerLayers(state.principal.userId, d.consumerId, d.spatialLayer),
    chat: (state, { text }) => inLesson(state).chat(state.principal.userId, text),
    whiteboardStroke: (state, stroke) => inLesson(state).whiteboardStroke(state.principal.userId, stroke),
    raiseHand: (state) => inLesson(state).raiseHand(state.principal.userId),
    lowerHand: (state, { userId }) => inLesson(state).lowerHand(state.principal.userId, userId),
    restrict: (state, d) => inLesson(state).restrict(state.principal.userId, d.target, d.source, d.restricted),
    removeParticipant: (state, { userId }) => inLesson(state).remove(state.principal.userId, userId),
    endLesson: (state) => lessons.end(state.principal, inLesson(state).id),
    reportConcern: (state, { text, safeguardingTeamOnly }) => concerns.reportFromLesson(inLesson(state), state.principal.userId, text, safeguardingTeamOnly),
    leaveLesson: (state) => {
      if (state.lesson && state.connection) state.lesson.leave(state.principal.userId, 'left', state.connection);
      state.lesson = undefined;
      state.connection = undefined;
    },
  };
}
