/**
 * Authentication for socket.io namespaces: the access JWT from the handshake becomes
 * `socket.data.principal`, or the connection is refused with a typed error body.
 */
import type { Namespace } from 'socket.io';
import { AppError, type ErrorBody } from '../../shared/errors';
import type { Principal, TokenService } from '../auth/tokens';
import { toErrorBody } from '../errorBody';

/** `allow` may throw an AppError to refuse a signed-in principal (e.g. the wrong role). */
export function requireSignedIn(nsp: Namespace, tokens: TokenService, allow: (principal: Principal) => void = () => undefined): void {
  nsp.use((socket, next) => {
    try {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length > 4096) throw new AppError('UNAUTHENTICATED', 'missing access token');
      const principal = tokens.verifyAccess(token);
      allow(principal);
      socket.data.principal = principal;
      next();
    } catch (err) {
      const e = new Error(err instanceof AppError ? err.message : 'unauthenticated') as Error & { data?: ErrorBody };
      e.data = toErrorBody(err);
      next(e);
    }
  });
}
