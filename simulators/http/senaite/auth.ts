// SENAITE authentication as senaite.jsonapi does it: Basic auth, or `/login` issuing a JWT
// (`{token, expires}`) sent back as `Authorization: Bearer` or `X-JWT-Auth-Token`. Expired,
// rotated or forged tokens get 401; rotating the secret revokes every issued token.
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../../server/ports/clock';

export interface SenaiteUsers {
  [username: string]: string;
}

export class SenaiteAuth {
  #secret = randomBytes(32);
  /** Tokens issued so far (tests check renewals). */
  issued = 0;

  constructor(
    private readonly users: SenaiteUsers,
    private readonly clock: Clock,
    /** Token lifetime; short in tests of expiry mid-run. */
    public tokenSeconds: number,
  ) {}

  /** Revokes every issued token (senaite.jsonapi `rotate_secret`). */
  rotate(): void {
    this.#secret = randomBytes(32);
  }

  /** The user named by Basic auth or the Plone login form fields, if the password matches. */
  passwordUser(req: Request): string | undefined {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    let name: string | undefined;
    let password: string | undefined;
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      [name, password] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    } else {
      const form = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
      name = typeof form.__ac_name === 'string' ? form.__ac_name : undefined;
      password = typeof form.__ac_password === 'string' ? form.__ac_password : undefined;
    }
    return name !== undefined && this.users[name] !== undefined && this.users[name] === password ? name : undefined;
  }

  async issue(username: string): Promise<{ token: string; expires: number }> {
    const expires = Math.floor(this.clock.now() / 1000) + this.tokenSeconds;
    const token = await new SignJWT({ userid: username }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(expires).sign(this.#secret);
    this.issued += 1;
    return { token, expires };
  }

  /** The authenticated user, `expired` for a dead token, or undefined for no credentials. */
  async user(req: Request): Promise<string | 'invalid' | undefined> {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? req.get('X-JWT-Auth-Token');
    if (bearer) {
      try {
        const { payload } = await jwtVerify(bearer, this.#secret, { currentDate: new Date(this.clock.now()) });
        return typeof payload.userid === 'string' && this.users[payload.userid] !== undefined ? payload.userid : 'invalid';
      } catch {
        return 'invalid';
      }
    }
    if (req.headers.authorization) return this.passwordUser(req) ?? 'invalid';
    return undefined;
  }
}
