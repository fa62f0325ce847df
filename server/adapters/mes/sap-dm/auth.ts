// SAP DM auth lifecycle: XSUAA client credentials (Basic client auth, form body). There is
// no refresh grant, so the token is re-fetched before expires_in runs out, and once on 401.
import type { AuthScheme } from '../../http/auth-scheme';
import { TokenCache } from '../../http/auth-scheme';
import type { VendorClient } from '../../http/vendor-client';
import { tokenSchema } from './schemas';

export function xsuaaAuth(tokenUrl: string, clientId: string, clientSecret: string): (client: VendorClient) => AuthScheme {
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  return (client) => {
    const cache = new TokenCache(async () => {
      const issuedAt = client.timer.now();
      const { data } = await client.call({ call: 'token', method: 'POST', path: tokenUrl, auth: false, retry: 'safe', headers: { authorization: basic }, form: { grant_type: 'client_credentials' }, schema: tokenSchema });
      return { token: data.access_token, expiresAt: issuedAt + data.expires_in * 1000 };
    }, client.timer);
    return { headers: async () => ({ authorization: `Bearer ${await cache.token()}` }), invalidate: () => cache.invalidate() };
  };
}
