// Opcenter transport: UAF token (password grant, refresh_token grant, one re-auth on 401),
// OData reads that follow @odata.nextLink, and commands whose failures come back as
// HTTP 200 {Succeeded:false, Error} and are turned into business AdapterErrors here.
import type { z } from 'zod';
import { AdapterError } from '../../http/adapter-error';
import type { AuthScheme } from '../../http/auth-scheme';
import { TokenCache } from '../../http/auth-scheme';
import type { VendorClient } from '../../http/vendor-client';
import { collection, commandSchema, tokenSchema } from './schemas';

export interface UafCredentials {
  clientId: string;
  clientSecret: string;
  /** DOMAIN\user */
  username: string;
  password: string;
}

export function uafAuth(credentials: UafCredentials): (client: VendorClient) => AuthScheme {
  const basic = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
  return (client) => {
    const grant = async (form: Record<string, string>) => {
      const issuedAt = client.timer.now();
      const { data } = await client.call({ call: 'token', method: 'POST', path: '/sit-auth/OAuth/Token', auth: false, retry: 'safe', headers: { authorization: basic }, form, schema: tokenSchema });
      return { token: data.access_token, expiresAt: issuedAt + data.expires_in * 1000, ...(data.refresh_token ? { refreshToken: data.refresh_token } : {}) };
    };
    const cache = new TokenCache(async (refreshToken) => {
      if (refreshToken) {
        try {
          return await grant({ grant_type: 'refresh_token', refresh_token: refreshToken });
        } catch (err) {
          // A refused refresh token (expired, rotated): fall back to the password grant.
          if (!(err instanceof AdapterError) || err.transient) throw err;
        }
      }
      return grant({ grant_type: 'password', username: credentials.username, password: credentials.password, scope: 'global' });
    }, client.timer);
    return { headers: async () => ({ authorization: `Bearer ${await cache.token()}` }), invalidate: () => cache.invalidate() };
  };
}

/** Every row of an entity set matching the filter, following server-driven paging. */
export async function odataAll<S extends z.ZodType>(client: VendorClient, call: string, app: string, entity: string, item: S, filter?: string): Promise<z.output<S>[]> {
  const schema = collection(item);
  const out: z.output<S>[] = [];
  let url: string | null | undefined = client.url(`/sit-svc/Application/${app}/odata/${entity}`, filter ? { $filter: filter } : {});
  while (url) {
    const { data } = (await client.call({ call, path: url, schema })) as { data: z.output<typeof schema> };
    out.push(...data.value);
    url = data['@odata.nextLink'];
  }
  return out;
}

/** `Field eq 'value'` with OData quote escaping. */
export const eq = (field: string, value: string) => `${field} eq '${value.replaceAll("'", "''")}'`;

export async function command(client: VendorClient, call: string, app: string, name: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { data } = await client.call({ call, method: 'POST', path: `/sit-svc/Application/${app}/odata/${name}`, json: { command: body }, schema: commandSchema });
  if (!data.Succeeded) {
    const code = data.Error ? String(data.Error.ErrorCode) : 'unknown';
    throw new AdapterError({ vendor: client.vendor, call, request: `POST ${name}`, failure: 'business', status: 200, vendorCode: code, message: `command ${name} failed: ${data.Error?.ErrorMessage || 'no message'} (ErrorCode ${code})`, body: data });
  }
  return data;
}
