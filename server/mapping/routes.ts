// Master data mapping over HTTP: admins (config.manage) edit, QA (audit.read) may look when
// resolving an "unmapped result" alert. Every edit is audited with before and after.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { can } from '../domain/roles';
import { QloopError } from '../errors';
import { requirePermission } from '../http/auth-middleware';
import { parsePayload } from '../http/validate';
import type { AuditLog } from '../ports/audit-log';
import { MAPPING_KINDS } from './id-map';
import type { SqliteIdMap } from './sqlite-id-map';

const id = z.string().trim().min(1, 'must not be empty').max(200);
const mappingSchema = z.strictObject({ system: id, kind: z.enum(MAPPING_KINDS), qloopId: id, mesId: id, note: z.string().max(500).optional(), reason: z.string().trim().min(1, 'say why the mapping changes').max(500) });

export function mappingRoutes(deps: { idMap: SqliteIdMap; audit: AuditLog; requireAuth: RequestHandler }): Router {
  const router = Router();
  const admin = [deps.requireAuth, requirePermission('config.manage', deps.audit)];
  router.get('/api/mappings', deps.requireAuth, (req, res) => {
    const user = req.user!;
    if (!can(user.role, 'config.manage') && !can(user.role, 'audit.read')) throw new QloopError('FORBIDDEN', `your role (${user.role}) may not read the mapping table`);
    const { system, kind } = req.query as Record<string, string | undefined>;
    res.json({ mappings: deps.idMap.list().filter((m) => (!system || m.system === system) && (!kind || m.kind === kind)) });
  });
  router.put('/api/mappings', ...admin, (req, res) => {
    const { reason, ...mapping } = parsePayload(mappingSchema, req.body, 'mapping');
    res.json({ mapping: deps.idMap.upsert(mapping, { username: req.user!.username, role: req.user!.role }, reason) });
  });
  router.delete('/api/mappings/:system/:kind/:qloopId', ...admin, (req, res) => {
    const kind = z.enum(MAPPING_KINDS).safeParse(req.params.kind);
    if (!kind.success) throw new QloopError('VALIDATION', `kind must be one of ${MAPPING_KINDS.join(', ')}`, [{ path: 'kind', message: `got ${String(req.params.kind)}` }]);
    const reason = typeof req.query.reason === 'string' && req.query.reason.trim() ? req.query.reason.trim() : undefined;
    if (!reason) throw new QloopError('VALIDATION', 'say why the mapping is removed (?reason=...)', [{ path: 'reason', message: 'required' }]);
    const removed = deps.idMap.remove(String(req.params.system), kind.data, String(req.params.qloopId), { username: req.user!.username, role: req.user!.role }, reason);
    if (!removed) throw new QloopError('NOT_FOUND', `no mapping ${String(req.params.system)}/${kind.data}/${String(req.params.qloopId)}`);
    res.json({ removed: true });
  });
  return router;
}
