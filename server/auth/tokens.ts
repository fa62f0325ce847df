// Signed session tokens (JWT, HS256, via jose) accepted by HTTP and socket.io alike.
import { SignJWT, jwtVerify, errors } from 'jose';
import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { QloopError } from '../errors';
import type { Clock } from '../ports/clock';

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string(),
  role: z.enum(ROLES),
  lines: z.array(z.string()),
});
export type SessionUser = { username: string; displayName: string; role: (typeof ROLES)[number]; lines: string[] };

const ISSUER = 'qloop';

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number, private readonly clock: Clock) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(user: SessionUser): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(this.clock.now() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ name: user.displayName, role: user.role, lines: user.lines })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.username)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string | undefined): Promise<SessionUser> {
    if (!token) throw new QloopError('UNAUTHENTICATED', 'no token: log in first and send the token');
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, currentDate: new Date(this.clock.now()), algorithms: ['HS256'] });
      const claims = claimsSchema.parse(payload);
      return { username: claims.sub, displayName: claims.name, role: claims.role, lines: claims.lines };
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new QloopError('UNAUTHENTICATED', 'the token has expired: log in again');
      throw new QloopError('UNAUTHENTICATED', 'the token is not valid: log in again');
    }
  }
}
