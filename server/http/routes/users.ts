// User administration over HTTP, for admins only (segregation of duties: DESIGN.md Roles).
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Accounts } from '../../auth/accounts';
import { ROLES } from '../../domain/roles';
import type { AuditLog } from '../../ports/audit-log';
import { requirePermission } from '../auth-middleware';
import { parsePayload } from '../validate';

const newUserSchema = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  password: z.string(),
  displayName: z.string().min(1).max(120).optional(),
  lines: z.array(z.string()).optional(),
});

export function userRoutes(deps: { accounts: Accounts; audit: AuditLog; requireAuth: RequestHandler }): Router {
  const router = Router();
  const admin = [deps.requireAuth, requirePermission('users.manage', deps.audit)];
  router.get('/api/users', ...admin, (_req, res) => {
    res.json({ users: deps.accounts.list().map(({ passwordHash: _hash, ...user }) => user) });
  });
  router.post('/api/users', ...admin, async (req, res) => {
    const input = parsePayload(newUserSchema, req.body, 'user');
    const { passwordHash: _hash, ...user } = await deps.accounts.add(input, req.user!.username);
    res.status(201).json({ user });
  });
  router.post('/api/users/:username/unlock', ...admin, async (req, res) => {
    await deps.accounts.unlock(String(req.params.username), req.user!.username);
    res.json({ ok: true });
  });
  return router;
}
