/** Safeguarding API: flags, evidence (audited; the unblurred snapshot needs a justification), release, policy. */
import type { Router } from 'express';
import { FlagQuerySchema, IdParamSchema, JustificationBodySchema, ReasonBodySchema } from '../../shared/protocol';
import type { TokenService } from '../auth/tokens';
import { SchoolPolicySchema } from '../domain/safeguardingPolicy';
import type { FlagService } from '../safeguarding/flagService';
import type { AuditLog } from '../audit/auditLog';
import type { Directory } from '../store/directory';
import { routeKit } from './routeKit';
import { parseInput } from './validate';

export function safeguardingRoutes(d: { tokens: TokenService; flags: FlagService; directory: Directory; audit: AuditLog }): (r: Router) => void {
  const route = routeKit(d.tokens);
  return (r) => {
    r.get('/flags', route(['dsl', 'teacher'], (req) => d.flags.list(req.principal, parseInput(FlagQuerySchema, req.query))));
    r.get('/flags/:id/preview', route(['dsl'], (req, res) => {
      const img = d.flags.preview(req.principal, parseInput(IdParamSchema, req.params).id);
      res.type('image/jpeg').setHeader('Cache-Control', 'no-store');
      res.send(img);
    }));
    r.post('/flags/:id/snapshot', route(['dsl'], (req, res) => {
      const { id } = parseInput(IdParamSchema, req.params);
      const { justification } = parseInput(JustificationBodySchema, req.body);
      const img = d.flags.snapshot(req.principal, id, justification);
      res.type('image/jpeg').setHeader('Cache-Control', 'no-store');
      res.send(img);
    }));
    r.post('/flags/:id/release', route(['dsl', 'teacher'], (req) => {
      const { id } = parseInput(IdParamSchema, req.params);
      return d.flags.release(req.principal, id, parseInput(ReasonBodySchema, req.body).reason);
    }));
    r.get('/safeguarding/policy', route(['dsl', 'admin'], (req) => JSON.parse(d.directory.safeguardingPolicyJson(req.principal.schoolId) ?? '{}')));
    r.put('/safeguarding/policy', route(['dsl', 'admin'], (req) => {
      const policy = parseInput(SchoolPolicySchema, req.body);
      d.directory.setSafeguardingPolicyJson(req.principal.schoolId, JSON.stringify(policy));
      d.audit.append({ actorId: req.principal.userId, actorRole: req.principal.role, action: 'policy.updated', targetType: 'school', targetId: req.principal.schoolId, detail: { policy } });
      return policy;
    }));
  };
}
