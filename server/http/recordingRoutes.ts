/**
 * Recording API: list, audited access grants, decrypting playback with Range, timeline,
 * quarantine, legal hold, agency export, and the audit views. Media URLs carry a playback grant
 * (`?pt=`) because media elements cannot send Authorization headers.
 */
import type { Request, Response, Router } from 'express';
import { AppError } from '../../shared/errors';
import {
  ExportBodySchema,
  HoldBodySchema,
  IdParamSchema,
  LiftQuarantineParamsSchema,
  PlaybackQuerySchema,
  QuarantineBodySchema,
  ReasonBodySchema,
  RecordingAccessBodySchema,
  TrackParamsSchema,
} from '../../shared/protocol';
import type { AuditLog } from '../audit/auditLog';
import type { TokenService } from '../auth/tokens';
import type { OpenTrack, RecordingService } from '../recording/recordingService';
import { parseRange } from './range';
import { routeKit, sendError } from './routeKit';
import { parseInput } from './validate';

export function recordingRoutes(deps: { tokens: TokenService; recordings: RecordingService; audit: AuditLog }): (r: Router) => void {
  const { recordings, audit } = deps;
  const route = routeKit(deps.tokens);
  return (r) => {
    r.get('/recordings', route(['student', 'teacher', 'dsl'], (req) => recordings.listFor(req.principal)));

    r.post('/recordings/:id/access', route([], (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      const { justification } = parseInput(RecordingAccessBodySchema, req.body ?? {});
      return recordings.grantView(req.principal, id, justification);
    }));

    r.get('/recordings/:id/tracks/:trackId', async (req: Request, res: Response) => {
      try {
        const { id, trackId } = parseInput(TrackParamsSchema, req.params);
        const { pt } = parseInput(PlaybackQuerySchema, req.query);
        await sendTrack(req, res, await recordings.openTrack(pt, id, trackId), 'video/webm');
      } catch (err) {
        sendError(res, err);
      }
    });

    r.get('/recordings/:id/timeline', async (req: Request, res: Response) => {
      try {
        const { id } = parseInput(IdParamSchema, req.params);
        const { pt } = parseInput(PlaybackQuerySchema, req.query);
        res.json(await recordings.timeline(pt, id));
      } catch (err) {
        sendError(res, err);
      }
    });

    r.post('/recordings/:id/quarantine', route(['dsl'], (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      const q = parseInput(QuarantineBodySchema, req.body);
      return recordings.quarantine(req.principal, id, { fromMs: q.fromMs ?? null, toMs: q.toMs ?? null, reason: q.reason });
    }));
    r.get('/recordings/:id/quarantines', route(['dsl'], (req) => recordings.quarantines(req.principal, parseInput(IdParamSchema, req.params).id)));
    r.post('/recordings/:id/quarantines/:qid/lift', route(['dsl'], (req) => {
      const { id, qid } = parseInput(LiftQuarantineParamsSchema, req.params);
      recordings.liftQuarantine(req.principal, id, qid, parseInput(ReasonBodySchema, req.body).reason);
      return { status: 'lifted' };
    }));
    r.post('/recordings/:id/hold', route(['dsl'], (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      const { hold, reason } = parseInput(HoldBodySchema, req.body);
      recordings.setLegalHold(req.principal, id, hold, reason);
      return { status: hold ? 'held' : 'released' };
    }));
    r.post('/recordings/:id/tracks/:trackId/export', route(['dsl'], async (req, res) => {
      const { id, trackId } = parseInput(TrackParamsSchema, req.params);
      const body = parseInput(ExportBodySchema, req.body);
      const track = await recordings.exportTrack(req.principal, id, trackId, body);
      res.setHeader('Content-Disposition', `attachment; filename="recording-${id}-${trackId}.webm"`);
      await sendTrack(req, res, track, 'video/webm');
    }));

    r.get('/audit', route(['dsl'], (req) => {
      const q = req.query as Record<string, string | undefined>;
      const limit = Math.min(500, Math.max(1, Number(q.limit ?? 100) || 100));
      return audit.list({ targetType: q.targetType, targetId: q.targetId, actorId: q.actorId, action: q.action, limit });
    }));
    r.get('/audit/verify', route(['dsl'], () => audit.verify()));
  };
}

/** Stream decrypted bytes (whole or one range); plaintext lives only in memory on its way out. */
async function sendTrack(req: Request, res: Response, track: OpenTrack, contentType: string): Promise<void> {
  const range = parseRange(req.headers.range, track.size);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  if (!track.complete) res.setHeader('X-Recording-Interrupted', '1');
  if (range.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${track.size}`);
    throw new RangeNotSatisfiable(track.size);
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, track.size - 1];
  if (range.kind === 'partial') {
    res.status(206);
    res.setHeader('Content-Range', `bytes ${start}-${end}/${track.size}`);
  }
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (track.size === 0) return void res.end();
  for await (const chunk of track.read(start, end)) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

class RangeNotSatisfiable extends AppError {
  constructor(size: number) {
    super('RANGE_NOT_SATISFIABLE', `requested range is beyond the end of the recording (${size} bytes)`, 'range_not_satisfiable');
  }
}
