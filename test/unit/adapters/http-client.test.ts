// The shared vendor HTTP client: retries, Retry-After, elapsed budget, re-auth, breaker,
// rate limit and response validation, against a scripted fetch and a virtual timer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { TokenCache, VendorClient, VirtualTimer, parseRetryAfter, staticHeaderAuth } from '../../../server/adapters/http';
import type { AdapterError, AuthScheme } from '../../../server/adapters/http';

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; html?: string } | 'hang' | 'reset';

function scripted(replies: Reply[]) {
  const seen: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string | URL, init: RequestInit = {}) => {
    seen.push({ url: String(url), init });
    const reply = replies.shift() ?? { status: 200, body: { ok: true } };
    if (reply === 'reset') throw new TypeError('fetch failed: ECONNRESET');
    if (reply === 'hang') {
      return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    if (reply.html !== undefined) return new Response(reply.html, { status: reply.status, headers: { 'content-type': 'text/html', ...reply.headers } });
    return new Response(reply.body === undefined ? '' : JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });
  }) as typeof fetch;
  return { fetcher, seen };
}

const okSchema = z.object({ ok: z.literal(true) });

function client(replies: Reply[], extra: Partial<ConstructorParameters<typeof VendorClient>[0]> = {}) {
  const timer = new VirtualTimer(Date.parse('2024-05-03T10:00:00Z'));
  const { fetcher, seen } = scripted(replies);
  const c = new VendorClient({ vendor: 'acme', baseUrl: 'http://acme.test/api/', fetch: fetcher, timer, random: () => 0.5, retry: { timeoutMs: 50, maxAttempts: 6, maxElapsedMs: 30_000, backoff: { baseMs: 100, maxMs: 2_000 } }, breaker: false, ...extra });
  return { c, timer, seen };
}

describe('VendorClient retries', () => {
  it('retries 503 and network resets with growing jittered pauses, then succeeds', async () => {
    const { c, timer, seen } = client([{ status: 503 }, 'reset', { status: 503 }, { status: 200, body: { ok: true } }]);
    const result = await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal(result.attempts, 4);
    assert.equal(seen.length, 4);
    assert.deepEqual(timer.slept, [75, 150, 300]);
    assert.equal(seen[0]?.url, 'http://acme.test/api/lots/1');
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const now = Date.parse('2024-05-03T10:00:00Z');
    const { c, timer } = client([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 429, headers: { 'retry-after': new Date(now + 3_000 + 7_000).toUTCString() } },
      { status: 200, body: { ok: true } },
    ]);
    await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal(timer.slept[0], 3_000);
    assert.equal(timer.slept[1], 7_000);
  });

  it('stops when the next pause would pass the maximum elapsed time', async () => {
    const { c, seen } = client([{ status: 429, headers: { 'retry-after': '120' } }]);
    await assert.rejects(c.call({ call: 'getLot', path: '/lots/1', schema: okSchema }), (err: AdapterError) => {
      assert.equal(err.failure, 'rate-limited');
      assert.match(err.message, /acme getLot \(GET \/api\/lots\/1\): HTTP 429.*would pass the 30000 ms limit/);
      return true;
    });
    assert.equal(seen.length, 1);
  });

  it('gives up after the maximum number of attempts', async () => {
    const { c, seen } = client(Array.from({ length: 10 }, () => ({ status: 502 })));
    await assert.rejects(c.call({ call: 'getLot', path: '/lots/1', schema: okSchema }), /gave up after 6 attempts/);
    assert.equal(seen.length, 6);
  });

  it('times out a hanging attempt and retries it', async () => {
    const { c, seen } = client(['hang', { status: 200, body: { ok: true } }]);
    const result = await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal(result.attempts, 2);
    assert.equal(seen.length, 2);
  });

  it('never retries a write itself', async () => {
    const { c, seen } = client([{ status: 503 }, { status: 200, body: { ok: true } }]);
    await assert.rejects(c.call({ call: 'placeHold', method: 'POST', path: '/hold', json: { lot: 'L1' }, schema: okSchema }), (err: AdapterError) => err.transient && err.httpStatus === 503);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.init.body, '{"lot":"L1"}');
  });

  it('does not retry a 4xx business refusal', async () => {
    const { c, seen } = client([{ status: 404, body: { code: 'RESOURCE_NOT_FOUND', message: 'The resource could not be found.' } }]);
    await assert.rejects(c.call({ call: 'getLot', path: '/lots/9', schema: okSchema }), (err: AdapterError) => {
      assert.equal(err.vendorCode, 'RESOURCE_NOT_FOUND');
      assert.match(err.message, /HTTP 404: The resource could not be found/);
      return true;
    });
    assert.equal(seen.length, 1);
  });
});

describe('VendorClient authentication', () => {
  function countingAuth(): AuthScheme & { invalidated: number; issued: number } {
    const auth = {
      invalidated: 0,
      issued: 0,
      async headers() {
        return { authorization: `Bearer t${auth.invalidated}` };
      },
      invalidate() {
        auth.invalidated += 1;
      },
    };
    return auth;
  }

  it('re-authenticates once on 401 and carries on', async () => {
    const auth = countingAuth();
    const { c, seen } = client([{ status: 401 }, { status: 200, body: { ok: true } }], { auth: () => auth });
    const result = await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal(result.attempts, 1);
    assert.equal(auth.invalidated, 1);
    assert.equal((seen[1]?.init.headers as Record<string, string>).authorization, 'Bearer t1');
  });

  it('fails clearly when the renewed credential is refused too', async () => {
    const auth = countingAuth();
    const { c, seen } = client([{ status: 401 }, { status: 401 }, { status: 200, body: { ok: true } }], { auth: () => auth });
    await assert.rejects(c.call({ call: 'getLot', path: '/lots/1', schema: okSchema }), (err: AdapterError) => err.failure === 'auth' && /even after re-authenticating/.test(err.message));
    assert.equal(seen.length, 2);
  });

  it('sends a static header', async () => {
    const { c, seen } = client([{ status: 200, body: { ok: true } }], { auth: () => staticHeaderAuth({ 'X-Plex-Connect-Api-Key': 'k1' }) });
    await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal((seen[0]?.init.headers as Record<string, string>)['X-Plex-Connect-Api-Key'], 'k1');
  });
});

describe('VendorClient response validation', () => {
  const envelope = z.object({ items: z.array(z.object({ uid: z.string(), Result: z.string() })) });

  it('names vendor, call and field for a wrong type', async () => {
    const { c } = client([{ status: 200, body: { items: [{ uid: 'a', Result: '7.0' }, { uid: 'b', Result: 7.1 }] } }]);
    await assert.rejects(c.call({ call: 'listFinalizedResults', path: '/search', schema: envelope }), (err: AdapterError) => {
      assert.equal(err.vendor, 'acme');
      assert.equal(err.call, 'listFinalizedResults');
      assert.equal(err.field, 'items[1].Result');
      assert.equal(err.failure, 'invalid-response');
      assert.match(err.message, /^acme listFinalizedResults \(GET \/api\/search\): invalid response field items\[1\]\.Result: /);
      return true;
    });
  });

  it('names a missing field', async () => {
    const { c } = client([{ status: 200, body: { items: [{ Result: '7.0' }] } }]);
    await assert.rejects(c.call({ call: 'listFinalizedResults', path: '/search', schema: envelope }), (err: AdapterError) => err.field === 'items[0].uid');
  });

  it('refuses an HTML error page served with 200, quoting its title', async () => {
    const { c } = client([{ status: 200, html: '<!DOCTYPE html><html><head><title>Site Error</title></head><body>oops</body></html>' }]);
    await assert.rejects(c.call({ call: 'getSample', path: '/sample/1', schema: envelope }), (err: AdapterError) => err.field === '(body)' && /HTML page \("Site Error"\)/.test(err.message));
  });

  it('reports an HTML 502 from a proxy as unavailable and retries it', async () => {
    const { c, seen } = client([{ status: 502, html: '<html><head><title>502 Bad Gateway</title></head></html>' }, { status: 200, body: { ok: true } }]);
    await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal(seen.length, 2);
  });
});

describe('circuit breaker and rate limit', () => {
  it('opens after repeated failures, refuses without calling, and lets a trial through later', async () => {
    const { c, timer, seen } = client(Array.from({ length: 3 }, () => ({ status: 503 })), { breaker: { failureThreshold: 3, openMs: 1_000 }, retry: { maxAttempts: 1 } });
    for (let i = 0; i < 3; i++) await assert.rejects(c.call({ call: 'getLot', path: '/lots/1', schema: okSchema }));
    await assert.rejects(c.call({ call: 'getLot', path: '/lots/1', schema: okSchema }), (err: AdapterError) => err.failure === 'circuit-open' && err.retryAfterMs === 1_000);
    assert.equal(seen.length, 3);
    timer.advance(1_000);
    await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.equal(c.breaker?.state, 'closed');
  });

  it('spaces calls to stay within the budget', async () => {
    const { c, timer } = client([], { rateLimit: { calls: 3, perMs: 1_000 } });
    const start = timer.now();
    for (let i = 0; i < 6; i++) await c.call({ call: 'getLot', path: '/lots/1', schema: okSchema });
    assert.ok(timer.now() - start >= 999, `6 calls at 3/s took ${timer.now() - start} ms of virtual time`);
  });
});

describe('TokenCache', () => {
  it('issues one token for concurrent callers and renews before expiry', async () => {
    const timer = new VirtualTimer(0);
    let issued = 0;
    const cache = new TokenCache(async () => ({ token: `t${++issued}`, expiresAt: timer.now() + 60_000 }), timer, 30_000);
    const tokens = await Promise.all([cache.token(), cache.token(), cache.token()]);
    assert.deepEqual(tokens, ['t1', 't1', 't1']);
    timer.advance(47_000);
    assert.equal(await cache.token(), 't1');
    timer.advance(2_000); // 49 s into a 60 s token: inside the 20% renewal window
    assert.equal(await cache.token(), 't2');
    cache.invalidate();
    assert.equal(await cache.token(), 't3');
  });

  it('passes the refresh token back when renewing', async () => {
    const timer = new VirtualTimer(0);
    const asked: (string | undefined)[] = [];
    const cache = new TokenCache(async (refresh) => (asked.push(refresh), { token: 'a', refreshToken: 'r1', expiresAt: timer.now() + 10_000 }), timer);
    await cache.token();
    timer.advance(10_000);
    await cache.token();
    assert.deepEqual(asked, [undefined, 'r1']);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-03T10:00:00Z');
  it('reads seconds, HTTP dates, past dates and garbage', () => {
    assert.equal(parseRetryAfter('5', now), 5_000);
    assert.equal(parseRetryAfter('Fri, 03 May 2024 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Fri, 03 May 2024 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
