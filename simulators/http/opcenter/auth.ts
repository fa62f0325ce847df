// Opcenter EX Foundation UAF auth (INTEGRATIONS.md 3): POST /sit-auth/OAuth/Token with the
// password grant (DOMAIN\user, scope=global) and Basic client auth; refresh_token grant
// supported, refresh tokens rotate. Expired access tokens get 401.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../../../server/ports/clock';

export const OPCENTER_DEMO = { clientId: 'qloop', clientSecret: 'Opcenter-Client-1', username: 'RVP1\\qloop', password: 'Opcenter-Demo-1' };

export class UafTokens {
  readonly #access = new Map<string, number>();
  readonly #refresh = new Set<string>();
  issued = 0;
  refreshed = 0;

  constructor(
    private readonly clock: Clock,
    public expiresIn: number,
  ) {}

  token = (req: Request, res: Response): void => {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!basic || Buffer.from(basic, 'base64').toString('utf8') !== `${OPCENTER_DEMO.clientId}:${OPCENTER_DEMO.clientSecret}`) return void res.status(401).json({ error: 'invalid_client' });
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (body.grant_type === 'password') {
      if (body.username !== OPCENTER_DEMO.username || body.password !== OPCENTER_DEMO.password) return void res.status(400).json({ error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
    } else if (body.grant_type === 'refresh_token') {
      if (!body.refresh_token || !this.#refresh.delete(body.refresh_token)) return void res.status(400).json({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
      this.refreshed += 1;
    } else {
      return void res.status(400).json({ error: 'unsupported_grant_type' });
    }
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    this.#access.set(access, this.clock.now() + this.expiresIn * 1000);
    this.#refresh.add(refresh);
    this.issued += 1;
    res.json({ access_token: access, token_type: 'bearer', expires_in: this.expiresIn, refresh_token: refresh });
  };

  guard = (req: Request, res: Response, next: () => void): void => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expiry = bearer ? this.#access.get(bearer) : undefined;
    if (expiry === undefined || expiry <= this.clock.now()) return void res.status(401).json({ error: { code: '401', message: 'Authorization has been denied for this request.' } });
    next();
  };

  /** Expires every access token (refresh tokens stay valid, as after a long pause). */
  expireAccess(): void {
    this.#access.clear();
  }
}
