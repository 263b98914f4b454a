/**
 * The safeguarding console API (safeguarding team only, deny by default): counts, flag triage,
 * records of concern, incidents with notices and reports, and the access log. Also the parent
 * inbox and the admin's outbox. Every input is parsed with its zod schema from shared/protocol.
 */
import type { Router } from 'express';
import {
  AccessLogQuerySchema,
  ConcernBodySchema,
  ConcernQuerySchema,
  IdParamSchema,
  IncidentCreateSchema,
  IncidentEventSchema,
  IncidentLinkSchema,
  IncidentQuerySchema,
  ParentNoticeSchema,
  ReasonBodySchema,
  ReportParamsSchema,
  TriageBodySchema,
} from '../../shared/protocol';
import { accessLog } from '../audit/accessLog';
import type { AuditLog } from '../audit/auditLog';
import type { TokenService } from '../auth/tokens';
import type { Outbox } from '../parents/outbox';
import type { ParentInbox } from '../parents/inbox';
import type { ConcernService } from '../safeguarding/concerns';
import type { FlagStore } from '../safeguarding/flagStore';
import type { IncidentService } from '../safeguarding/incidents';
import type { TriageService } from '../safeguarding/triage';
import type { Directory } from '../store/directory';
import { routeKit } from './routeKit';
import { parseInput } from './validate';

export interface ConsoleDeps {
  tokens: TokenService;
  directory: Directory;
  audit: AuditLog;
  flagStore: FlagStore;
  triage: TriageService;
  concerns: ConcernService;
  incidents: IncidentService;
  inbox: ParentInbox;
  outbox: Outbox;
}

export function consoleRoutes(d: ConsoleDeps): (r: Router) => void {
  const route = routeKit(d.tokens);
  const DSL = ['dsl'] as const;
  return (r) => {
    r.get('/console/summary', route(DSL, (req) => {
      const s = req.principal.schoolId;
      const flags = d.flagStore.openCounts(s);
      return {
        counts: { flags: { open: flags.low + flags.medium + flags.high, ...flags }, concerns: d.concerns.openCount(s), incidents: d.incidents.openCount(s) },
        team: d.directory.usersInSchool(s, ['dsl']).map((u) => ({ id: u.id, name: u.name })),
        staff: d.directory.usersInSchool(s, ['teacher', 'dsl', 'admin']).map((u) => ({ id: u.id, name: u.name, role: u.role })),
        students: d.directory.usersInSchool(s, ['student']).map((u) => ({ id: u.id, name: u.name })),
        emailSending: d.outbox.sending,
      };
    }));
    r.get('/console/access-log', route(DSL, (req) => accessLog(d.audit, d.directory, req.principal, parseInput(AccessLogQuerySchema, req.query))));

    // ---- triage ----
    r.get('/flags/:id', route(DSL, (req) => d.triage.detail(req.principal, parseInput(IdParamSchema, req.params).id)));
    r.post('/flags/:id/triage', route(DSL, (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      return d.triage.apply(req.principal, id, parseInput(TriageBodySchema, req.body));
    }));

    // ---- records of concern ----
    r.post('/concerns', route(['teacher', 'dsl'], (req) => d.concerns.raise(req.principal, parseInput(ConcernBodySchema, req.body))));
    r.get('/concerns', route(['teacher', 'dsl'], (req) => d.concerns.list(req.principal, parseInput(ConcernQuerySchema, req.query).status)));
    r.get('/concerns/:id', route(DSL, (req) => d.concerns.detail(req.principal, parseInput(IdParamSchema, req.params).id)));
    r.post('/concerns/:id/close', route(DSL, (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      return d.concerns.close(req.principal, id, parseInput(ReasonBodySchema, req.body).reason);
    }));

    // ---- incidents ----
    r.get('/incidents', route(DSL, (req) => d.incidents.list(req.principal, parseInput(IncidentQuerySchema, req.query).status)));
    r.post('/incidents', route(DSL, (req) => d.incidents.create(req.principal, parseInput(IncidentCreateSchema, req.body))));
    r.get('/incidents/:id', route(DSL, (req) => d.incidents.detail(req.principal, parseInput(IdParamSchema, req.params).id)));
    r.post('/incidents/:id/links', route(DSL, (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      const link = parseInput(IncidentLinkSchema, req.body);
      return d.incidents.link(req.principal, id, link.kind, link.id);
    }));
    r.post('/incidents/:id/events', route(DSL, (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      return d.incidents.addEvent(req.principal, id, parseInput(IncidentEventSchema, req.body));
    }));
    r.post('/incidents/:id/notices', route(DSL, (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      return d.incidents.sendNotice(req.principal, id, parseInput(ParentNoticeSchema, req.body));
    }));
    r.get('/incidents/:id/report.:format', route(DSL, (req, res) => {
      const { id, format } = parseInput(ReportParamsSchema, req.params);
      const report = d.incidents.report(req.principal, id, format);
      res.setHeader('Content-Type', report.contentType);
      res.setHeader('Content-Disposition', `${format === 'pdf' ? 'attachment' : 'inline'}; filename="${report.filename}"`);
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      res.send(report.body);
    }));

    // ---- parents and the outbox ----
    r.get('/parent/inbox', route(['parent'], (req) => d.inbox.list(req.principal)));
    r.post('/parent/inbox/:id/read', route(['parent'], (req) => d.inbox.markRead(req.principal, parseInput(IdParamSchema, req.params).id)));
    r.get('/admin/outbox', route(['admin'], (req) => d.outbox.list(req.principal)));
  };
}
