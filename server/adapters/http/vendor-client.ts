// The resilient HTTP client every vendor adapter uses: per-attempt timeout, retries with
// exponential backoff + jitter that honour Retry-After, a maximum elapsed time, a circuit
// breaker, client-side rate limiting, one re-authentication on 401, and one zod schema per
// response. Writes are never retried here (retry: 'never'): vendors accept no idempotency
// keys, so the adapter re-checks state before writing again (see write-once.ts).
import type { z } from 'zod';
import { AdapterError } from './adapter-error';
import type { AuthScheme } from './auth-scheme';
import { DEFAULT_BACKOFF, retryPause, type BackoffPolicy } from './backoff';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerPolicy } from './circuit-breaker';
import { RateLimiter, type RatePolicy } from './rate-limiter';
import { checkBody, readBody, vendorMessage, type ReadBody } from './response-body';
import { parseRetryAfter } from './retry-after';
import { realTimer, type Timer } from './timer';

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RetryPolicy {
  /** Per-attempt timeout (connect + headers + body). */
  timeoutMs: number;
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Give up when the next pause would end after this much time since the first attempt. */
  maxElapsedMs: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_RETRY: RetryPolicy = { timeoutMs: 10_000, maxAttempts: 6, maxElapsedMs: 60_000, backoff: DEFAULT_BACKOFF };

export interface VendorClientOptions {
  vendor: string;
  baseUrl: string;
  retry?: Partial<RetryPolicy>;
  /** false turns the breaker off (tests of raw retry behaviour). */
  breaker?: BreakerPolicy | false;
  rateLimit?: RatePolicy;
  headers?: Record<string, string>;
  auth?: (client: VendorClient) => AuthScheme;
  timer?: Timer;
  random?: () => number;
  fetch?: typeof fetch;
  /** Every HTTP exchange, for logs and metrics (never the audit trail: that takes domain events). */
  onExchange?: (exchange: Exchange) => void;
}

export interface Exchange {
  vendor: string;
  call: string;
  method: HttpMethod;
  url: string;
  attempt: number;
  status?: number;
  failure?: string;
}

export interface CallSpec<S extends z.ZodType> {
  /** Adapter operation, named in errors: `listFinalizedResults`, `placeHold`. */
  call: string;
  method?: HttpMethod;
  /** Relative to the base URL, or an absolute URL (a vendor `next` link). */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  schema: S;
  /** 'safe' retries transient failures (reads); 'never' is for writes. Default: safe for GET. */
  retry?: 'safe' | 'never';
  /** false for the token request itself. */
  auth?: boolean;
}

export interface CallResult<T> {
  data: T;
  /** The body as the vendor sent it, for the audit trail. */
  raw: unknown;
  status: number;
  attempts: number;
}

export class VendorClient {
  readonly vendor: string;
  readonly baseUrl: string;
  readonly policy: RetryPolicy;
  readonly breaker?: CircuitBreaker;
  readonly timer: Timer;
  readonly random: () => number;
  readonly #limiter?: RateLimiter;
  readonly #auth?: AuthScheme;
  readonly #fetch: typeof fetch;
  readonly #headers: Record<string, string>;
  readonly #onExchange?: (exchange: Exchange) => void;

  constructor(options: VendorClientOptions) {
    this.vendor = options.vendor;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.timer = options.timer ?? realTimer;
    this.random = options.random ?? Math.random;
    this.breaker = options.breaker === false ? undefined : new CircuitBreaker(options.breaker ?? DEFAULT_BREAKER, this.timer);
    this.#limiter = options.rateLimit ? new RateLimiter(options.rateLimit, this.timer) : undefined;
    this.#fetch = options.fetch ?? fetch;
    this.#headers = options.headers ?? {};
    this.#onExchange = options.onExchange;
    this.#auth = options.auth?.(this);
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(/^https?:\/\//i.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
    }
    return url.toString();
  }

  async call<S extends z.ZodType>(spec: CallSpec<S>): Promise<CallResult<z.output<S>>> {
    const method = spec.method ?? 'GET';
    const retry = spec.retry ?? (method === 'GET' ? 'safe' : 'never');
    const started = this.timer.now();
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.#attempt(spec, method, attempt);
        if (result === 'reauthenticate') {
          if (reauthenticated || spec.auth === false || !this.#auth) throw this.#authError(spec, method);
          reauthenticated = true;
          this.#auth.invalidate();
          attempt -= 1; // the re-authenticated call is the same attempt, not a retry
          continue;
        }
        return { ...result, attempts: attempt };
      } catch (err) {
        if (!(err instanceof AdapterError) || !err.transient || retry === 'never') throw err;
        if (attempt >= this.policy.maxAttempts) throw err.withReason(`gave up after ${attempt} attempts`);
        const pause = retryPause(attempt, this.policy.backoff, this.random, err.retryAfterMs);
        const elapsed = this.timer.now() - started;
        if (elapsed + pause > this.policy.maxElapsedMs) {
          throw err.withReason(`gave up after ${attempt} attempts: the next try (in ${Math.round(pause)} ms) would pass the ${this.policy.maxElapsedMs} ms limit`);
        }
        await this.timer.sleep(pause);
      }
    }
  }

  async #attempt<S extends z.ZodType>(spec: CallSpec<S>, method: HttpMethod, attempt: number): Promise<Omit<CallResult<z.output<S>>, 'attempts'> | 'reauthenticate'> {
    const url = this.url(spec.path, spec.query);
    const request = `${method} ${new URL(url).pathname}`;
    const ctx = { vendor: this.vendor, call: spec.call, request };
    // Auth first: the token call is itself a vendor call and must not wait on a trial this call holds.
    await this.#limiter?.acquire();
    const headers: Record<string, string> = { accept: 'application/json', ...this.#headers, ...spec.headers };
    if (spec.auth !== false && this.#auth) Object.assign(headers, await this.#auth.headers());
    // A half-open trial is out: wait for its outcome rather than burning an attempt.
    for (let trial = this.breaker?.trialSettled(); trial; trial = this.breaker?.trialSettled()) await trial;
    if (this.breaker && !this.breaker.tryAcquire()) {
      throw new AdapterError({ ...ctx, failure: 'circuit-open', message: 'circuit open after repeated failures; not calling the vendor for now', retryAfterMs: this.breaker.waitMs() });
    }
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    }
    let response: Response;
    let read: ReadBody;
    // A ref'd timer (AbortSignal.timeout's is unref'd and would let a lone CLI call hang up).
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(new DOMException('attempt timed out', 'TimeoutError')), this.policy.timeoutMs);
    try {
      response = await this.#fetch(url, { method, headers, body, signal: abort.signal });
      read = await readBody(response);
    } catch (err) {
      this.breaker?.failure();
      const timedOut = abort.signal.aborted;
      this.#onExchange?.({ vendor: this.vendor, call: spec.call, method, url, attempt, failure: timedOut ? 'timeout' : 'network' });
      throw new AdapterError({ ...ctx, failure: timedOut ? 'timeout' : 'network', message: timedOut ? `no answer within ${this.policy.timeoutMs} ms` : `cannot reach the vendor (${(err as Error).message})`, cause: err });
    } finally {
      clearTimeout(timeout);
    }
    const status = response.status;
    this.#onExchange?.({ vendor: this.vendor, call: spec.call, method, url, attempt, status });
    if (status === 401 && spec.auth !== false && this.#auth) {
      this.breaker?.neutral();
      return 'reauthenticate';
    }
    if (status >= 200 && status < 300) {
      this.breaker?.success();
      return { data: checkBody(spec.schema, read, { ...ctx, status }), raw: read.json, status };
    }
    const said = vendorMessage(read);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.timer.now());
    const base = { ...ctx, status, vendorCode: said.code, body: read.json ?? read.text.slice(0, 2000), retryAfterMs };
    const text = `HTTP ${status}${said.message ? `: ${said.message}` : ''}`;
    if (status === 429) {
      this.breaker?.neutral(); // a budget, not a sick vendor
      throw new AdapterError({ ...base, failure: 'rate-limited', message: `${text} (rate limited${retryAfterMs !== undefined ? `, retry after ${Math.round(retryAfterMs)} ms` : ''})` });
    }
    if (status === 502 || status === 503 || status === 504 || status === 408) {
      this.breaker?.failure();
      throw new AdapterError({ ...base, failure: 'unavailable', message: text });
    }
    this.breaker?.neutral();
    throw new AdapterError({ ...base, failure: status === 401 || status === 403 ? 'auth' : 'http', message: text });
  }

  #authError<S extends z.ZodType>(spec: CallSpec<S>, method: HttpMethod): AdapterError {
    return new AdapterError({ vendor: this.vendor, call: spec.call, request: `${method} ${new URL(this.url(spec.path)).pathname}`, failure: 'auth', status: 401, message: 'HTTP 401: credentials refused even after re-authenticating; check the configured credentials' });
  }
}
