// How a vendor client proves who it is. Token schemes cache and renew before expiry; a 401
// makes the client call invalidate() and re-authenticate exactly once.
import type { Timer } from './timer';

export interface AuthScheme {
  /** Headers for the next request; fetches or renews a credential when needed. */
  headers(): Promise<Record<string, string>>;
  /** The vendor answered 401: forget the cached credential. */
  invalidate(): void;
}

/** A fixed header, e.g. Plex `X-Plex-Connect-Api-Key` or a generic REST bearer key. */
export function staticHeaderAuth(headers: Record<string, string>): AuthScheme {
  return { headers: async () => headers, invalidate: () => {} };
}

export interface IssuedToken {
  token: string;
  /** Epoch ms at which the vendor stops accepting it. */
  expiresAt: number;
  refreshToken?: string;
}

/**
 * Token cache with single-flight renewal: many concurrent calls share one token request,
 * and the token is renewed `skewMs` before it expires so no call goes out with a token
 * that dies in flight (SAP XSUAA has no refresh grant: renewal is a new client-credentials
 * request; Opcenter offers a refresh_token, passed back to `issue`).
 */
export class TokenCache {
  #current?: IssuedToken & { issuedAt: number };
  #pending?: Promise<IssuedToken>;
  /** Tokens issued so far (tests and metrics). */
  issued = 0;

  constructor(
    private readonly issue: (refreshToken?: string) => Promise<IssuedToken>,
    private readonly timer: Timer,
    private readonly skewMs = 30_000,
  ) {}

  async token(): Promise<string> {
    const current = this.#current;
    // Short-lived tokens (a 60 s test tenant) renew at 80% of their life, long ones skewMs early.
    const skew = current ? Math.min(this.skewMs, (current.expiresAt - current.issuedAt) / 5) : 0;
    if (current && current.token !== '' && this.timer.now() < current.expiresAt - skew) return current.token;
    this.#pending ??= this.#renew(current?.refreshToken).finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).token;
  }

  invalidate(): void {
    // Keep the refresh token: a 401 on the access token does not mean the refresh token died.
    if (this.#current) this.#current = { ...this.#current, token: '', expiresAt: 0 };
  }

  async #renew(refreshToken?: string): Promise<IssuedToken> {
    const issuedAt = this.timer.now();
    const next = await this.issue(refreshToken);
    this.#current = { ...next, issuedAt };
    this.issued += 1;
    return next;
  }
}
