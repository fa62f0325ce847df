// SENAITE auth lifecycle: Basic credentials on every call, or (default) a JWT from `/login`
// cached until shortly before its `expires` (epoch seconds) and renewed once on a 401
// (expired or rotated token).
import type { AuthScheme } from '../../http/auth-scheme';
import { staticHeaderAuth, TokenCache } from '../../http/auth-scheme';
import type { VendorClient } from '../../http/vendor-client';
import { loginSchema } from './schemas';

export type SenaiteAuthMode = 'jwt' | 'basic';

export function senaiteAuth(mode: SenaiteAuthMode, username: string, password: string): (client: VendorClient) => AuthScheme {
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  if (mode === 'basic') return () => staticHeaderAuth({ authorization: basic });
  return (client) => {
    const cache = new TokenCache(async () => {
      const { data } = await client.call({ call: 'login', path: '/login', auth: false, headers: { authorization: basic }, schema: loginSchema });
      return { token: data.token, expiresAt: data.expires * 1000 };
    }, client.timer);
    return { headers: async () => ({ authorization: `Bearer ${await cache.token()}` }), invalidate: () => cache.invalidate() };
  };
}
