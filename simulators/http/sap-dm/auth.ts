// XSUAA as SAP DM tenants use it (INTEGRATIONS.md 1): client-credentials only, Basic client
// authentication, opaque bearer tokens with a short expires_in and no refresh grant; an
// expired or revoked token gets 401, so the client must fetch a new one.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../../../server/ports/clock';

export class XsuaaTokens {
  readonly #tokens = new Map<string, number>();
  issued = 0;

  constructor(
    private readonly clients: Record<string, string>,
    private readonly clock: Clock,
    public expiresIn: number,
  ) {}

  /** POST /oauth/token */
  token = (req: Request, res: Response): void => {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' });
    if (!id || this.clients[id] === undefined || this.clients[id] !== secret) return void res.status(401).json({ error: 'unauthorized', error_description: 'Bad credentials' });
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, this.clock.now() + this.expiresIn * 1000);
    this.issued += 1;
    res.json({ access_token: token, token_type: 'bearer', expires_in: this.expiresIn, scope: 'uaa.resource dmc_sb!t1.plant_read dmc_sb!t1.nonconformance_write', jti: randomBytes(8).toString('hex') });
  };

  /** Guards the API: 401 for a missing, unknown, expired or revoked token. */
  guard = (req: Request, res: Response, next: () => void): void => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expiry = bearer ? this.#tokens.get(bearer) : undefined;
    if (expiry === undefined || expiry <= this.clock.now()) {
      return void res.status(401).json({ error: 'invalid_token', error_description: expiry === undefined ? 'Invalid access token' : 'Access token expired' });
    }
    next();
  };

  revokeAll(): void {
    this.#tokens.clear();
  }
}
