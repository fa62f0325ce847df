// Audit trail over HTTP for QA and inspectors: verify the chain, read records by subject.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../ports/audit-log';
import { requirePermission } from '../auth-middleware';
import { parsePayload } from '../validate';

const querySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  subjectType: z.string().optional(),
  subjectId: z.string().optional(),
  action: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

export function auditRoutes(deps: { audit: AuditLog; requireAuth: RequestHandler }): Router {
  const router = Router();
  const reader = [deps.requireAuth, requirePermission('audit.read', deps.audit)];
  router.get('/api/audit/verify', ...reader, async (_req, res) => {
    res.json(await deps.audit.verify());
  });
  router.get('/api/audit', ...reader, async (req, res) => {
    const query = parsePayload(querySchema, req.query, 'query');
    res.json({ records: await deps.audit.list(query) });
  });
  return router;
}
