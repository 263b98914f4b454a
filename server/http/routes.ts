/**
 * HTTP API. Every route validates its input with zod, authenticates (except sign-in) and
 * authorises through the service it calls. Deny by default: a route without a guard does not exist.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../shared/errors';
import {
  IdParamSchema,
  LoginBodySchema,
  MfaBodySchema,
  RefreshBodySchema,
  SetLevelBodySchema,
  StartLessonBodySchema,
} from '../../shared/protocol';
import type { Role } from '../../shared/levels';
import type { AuthService } from '../auth/authService';
import type { TokenService } from '../auth/tokens';
import type { GuardianService } from '../lessons/guardianService';
import type { LessonService } from '../lessons/lessonService';
import type { Directory } from '../store/directory';
import type { LessonStore } from '../store/lessonStore';
import { routeKit, sendError } from './routeKit';
import { parseInput } from './validate';

export interface HttpDeps {
  auth: AuthService;
  tokens: TokenService;
  directory: Directory;
  lessonStore: LessonStore;
  lessons: LessonService;
  guardians: GuardianService;
}

export function apiRouter(d: HttpDeps, extra: ReadonlyArray<(r: Router) => void> = []): Router {
  const r = express.Router();
  r.use(express.json({ limit: '32kb' }));
  r.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const route = routeKit(d.tokens);
  const anyRole: readonly Role[] = [];

  r.post('/auth/login', route('public', async (req) => {
    const { email, password } = parseInput(LoginBodySchema, req.body);
    return d.auth.login(email, password, req.ip ?? 'unknown');
  }));
  r.post('/auth/mfa', route('public', (req) => {
    const { mfaToken, code } = parseInput(MfaBodySchema, req.body);
    return { status: 'ok', ...d.auth.verifyMfa(mfaToken, code, req.ip ?? 'unknown') };
  }));
  r.post('/auth/refresh', route('public', (req) => {
    const { refreshToken } = parseInput(RefreshBodySchema, req.body);
    return { status: 'ok', ...d.tokens.refresh(refreshToken, (id) => d.directory.userById(id)) };
  }));
  r.post('/auth/logout', route(anyRole, (req) => {
    d.tokens.revoke(req.principal.sessionId);
    return { status: 'signed_out' };
  }));

  r.get('/me', route(anyRole, (req) => {
    const u = d.directory.userById(req.principal.userId);
    if (!u) throw new AppError('UNAUTHENTICATED', 'account no longer exists');
    return { id: u.id, name: u.name, email: u.email, role: u.role, schoolId: u.school_id };
  }));

  r.get('/classes', route(['teacher', 'student'], (req) =>
    d.directory.classesForUser(req.principal.userId, req.principal.role).map((c) => ({
      id: c.id,
      name: c.name,
      liveLessonId: d.lessons.liveLessonForClass(c.id)?.id ?? null,
    })),
  ));

  r.get('/classes/:id/roster', route(['teacher'], (req) => {
    const { id } = parseInput(IdParamSchema, req.params);
    if (!d.directory.isClassTeacher(id, req.principal.userId)) throw new AppError('NOT_FOUND', 'unknown class');
    return d.directory.roster(id);
  }));

  r.post('/lessons', route(['teacher'], async (req) => {
    const { classId, title } = parseInput(StartLessonBodySchema, req.body);
    const lesson = await d.lessons.start(req.principal, classId, title);
    return { id: lesson.id, classId: lesson.class_id, title: lesson.title, startedAt: lesson.started_at };
  }));

  r.get('/lessons/live', route(['dsl'], (req) =>
    d.lessons.liveInSchool(req.principal.schoolId).map((l) => ({
      id: l.id,
      title: l.lesson.title,
      className: d.directory.classById(l.lesson.class_id)?.name ?? '',
      startedAt: l.lesson.started_at,
    })),
  ));

  r.post('/lessons/:id/end', route(['teacher'], async (req) => {
    const { id } = parseInput(IdParamSchema, req.params);
    await d.lessons.end(req.principal, id);
    return { status: 'ended' };
  }));

  r.get('/lessons/:id/attendance', route(['teacher', 'dsl'], (req) => {
    const { id } = parseInput(IdParamSchema, req.params);
    const lesson = d.lessonStore.byId(id);
    const cls = lesson ? d.directory.classById(lesson.class_id) : undefined;
    const allowed =
      !!cls && cls.school_id === req.principal.schoolId && (req.principal.role === 'dsl' || d.directory.isClassTeacher(cls.id, req.principal.userId));
    if (!lesson || !allowed) throw new AppError('NOT_FOUND', 'no such lesson');
    return { lessonId: id, startedAt: lesson.started_at, endedAt: lesson.ended_at, register: d.lessonStore.attendance(id) };
  }));

  r.get('/parent/children', route(['parent'], (req) => d.guardians.children(req.principal)));
  r.put('/parent/children/:id/level', route(['parent'], (req) => {
    const { id } = parseInput(IdParamSchema, req.params);
    const { level } = parseInput(SetLevelBodySchema, req.body);
    return d.guardians.setLevel(req.principal, id, level);
  }));
  r.get('/parent/children/:id/lessons', route(['parent'], (req) => {
    const { id } = parseInput(IdParamSchema, req.params);
    return d.guardians.usage(req.principal, id);
  }));

  for (const mount of extra) mount(r);
  r.use((_req, res) => sendError(res, new AppError('NOT_FOUND', 'no such endpoint')));
  // express.json errors (malformed or oversized bodies) arrive here.
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 413) return sendError(res, new AppError('BAD_REQUEST', 'request body too large'));
    if (status === 400) return sendError(res, new AppError('BAD_REQUEST', 'malformed JSON body'));
    sendError(res, err);
  });
  return r;
}
