// Bearer-token authentication and permission checks for the HTTP API. A refused permission
// is audited (21 CFR 11.10(d), (g): limited access and authority checks).
import type { NextFunction, Request, Response } from 'express';
import type { Accounts } from '../auth/accounts';
import type { SessionUser, TokenService } from '../auth/tokens';
import { can, type Permission } from '../domain/roles';
import { QloopError } from '../errors';
import type { AuditLog } from '../ports/audit-log';

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1];
}

export function requireAuth(tokens: TokenService, accounts: Accounts) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    try {
      const claims = await tokens.verify(bearerToken(req.headers.authorization));
      const user = accounts.session(claims.username);
      if (!user) throw new QloopError('UNAUTHENTICATED', 'the account no longer exists or is inactive');
      req.user = user;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function requirePermission(permission: Permission, audit: AuditLog) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const user = req.user;
    if (!user) return next(new QloopError('UNAUTHENTICATED', 'log in first'));
    if (can(user.role, permission)) return next();
    try {
      await audit.append({
        actor: { type: 'user', id: user.username, role: user.role },
        action: 'access.denied',
        subject: { type: 'endpoint', id: `${req.method} ${req.baseUrl}${req.route?.path ?? req.path}` },
        reason: `role ${user.role} lacks permission ${permission}`,
      });
    } finally {
      next(new QloopError('FORBIDDEN', `your role (${user.role}) may not do this: it needs the permission "${permission}"`));
    }
  };
}
