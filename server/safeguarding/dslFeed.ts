/**
 * socket.io namespace /safeguarding: the DSL's live feed. Only the safeguarding team connects;
 * each gets the open flags of their school on connect (so a DSL who was offline misses nothing),
 * then every new flag at once.
 */
import type { Namespace } from 'socket.io';
import type { ConcernView, FlagView } from '../../shared/protocol';
import { AppError } from '../../shared/errors';
import type { Principal, TokenService } from '../auth/tokens';
import { requireSignedIn } from '../signalling/socketAuth';

export class DslFeed {
  constructor(
    private readonly nsp: Namespace,
    tokens: TokenService,
    backlog: (schoolId: string) => FlagView[],
  ) {
    requireSignedIn(nsp, tokens, (principal) => {
      if (principal.role !== 'dsl') throw new AppError('FORBIDDEN', 'only the safeguarding team receives flags');
    });
    nsp.on('connection', (socket) => {
      const principal = socket.data.principal as Principal;
      void socket.join(room(principal.schoolId));
      socket.emit('backlog', backlog(principal.schoolId));
    });
  }

  publish(schoolId: string, flag: FlagView): void {
    this.nsp.to(room(schoolId)).emit('flag', flag);
  }

  /** A record of concern raised by a person (teacher or student report). */
  publishConcern(schoolId: string, concern: ConcernView): void {
    this.nsp.to(room(schoolId)).emit('concern', concern);
  }

  /** A system alert for the safeguarding team (e.g. a lesson stopped being recorded). */
  alert(schoolId: string, alert: { type: string; lessonId: string; message: string; at: number }): void {
    this.nsp.to(room(schoolId)).emit('alert', alert);
  }
}

const room = (schoolId: string): string => `school:${schoolId}`;
