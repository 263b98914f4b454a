/** Turns any thrown value into the typed error body clients see; internals never leak. */
import { ZodError } from 'zod';
import { AppError, type ErrorBody } from '../shared/errors';

export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  if (err instanceof ZodError) {
    return { code: 'BAD_REQUEST', message: 'invalid request', issues: err.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  // mediasoup rejects malformed RTP/DTLS parameters with TypeError; that is the caller's fault.
  if (err instanceof TypeError) return { code: 'BAD_REQUEST', message: err.message.slice(0, 200) };
  return { code: 'INTERNAL', message: 'internal error' };
}

