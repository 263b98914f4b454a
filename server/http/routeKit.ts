/** Shared plumbing of API routes: authenticate, guard roles, send JSON or a typed error. */
import type { Request, Response } from 'express';
import { AppError, HTTP_STATUS } from '../../shared/errors';
import type { Role } from '../../shared/levels';
import type { Principal, TokenService } from '../auth/tokens';
import { toErrorBody } from '../errorBody';
import { Logger } from '../logger';

export type Authed = Request & { principal: Principal };
export type RouteFn = (req: Authed, res: Response) => unknown | Promise<unknown>;
/** 'public' skips authentication; [] means any signed-in role. */
export type RouteGuard = readonly Role[] | 'public';

const log = new Logger('[http]');

export function routeKit(tokens: TokenService): (roles: RouteGuard, fn: RouteFn) => (req: Request, res: Response) => Promise<void> {
  const authenticate = (req: Request): Principal => {
    const h = req.headers.authorization;
    if (!h || !h.startsWith('Bearer ')) throw new AppError('UNAUTHENTICATED', 'sign in first');
    return tokens.verifyAccess(h.slice(7));
  };
  return (roles, fn) =>
    async (req, res): Promise<void> => {
      try {
        if (roles !== 'public') {
          const principal = authenticate(req);
          if (roles.length > 0 && !roles.includes(principal.role)) throw new AppError('FORBIDDEN', 'not allowed for your role');
          (req as Authed).principal = principal;
        }
        const body = await fn(req as Authed, res);
        if (!res.headersSent) res.json(body ?? {});
      } catch (err) {
        sendError(res, err);
      }
    };
}

export function sendError(res: Response, err: unknown): void {
  const body = toErrorBody(err);
  if (body.code === 'INTERNAL') log.error('request failed', { error: err });
  if (!res.headersSent) res.status(HTTP_STATUS[body.code]).json({ error: body });
  else res.destroy();
}
