// POST /api/auth/login: user name and password for a signed token; GET /api/me: who am I.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Accounts } from '../../auth/accounts';
import type { TokenService } from '../../auth/tokens';
import { parsePayload } from '../validate';

const loginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export function authRoutes(deps: { accounts: Accounts; tokens: TokenService; requireAuth: RequestHandler }): Router {
  const router = Router();
  router.post('/api/auth/login', async (req, res) => {
    const { username, password } = parsePayload(loginSchema, req.body, 'login');
    const user = await deps.accounts.authenticate(username, password, 'login');
    const { token, expiresAt } = await deps.tokens.issue(user);
    res.json({ token, expiresAt, user });
  });
  router.get('/api/me', deps.requireAuth, (req, res) => {
    res.json({ user: req.user });
  });
  return router;
}
