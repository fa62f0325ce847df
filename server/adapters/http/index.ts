// The shared resilient HTTP client for vendor adapters.
export { AdapterError, isAdapterError } from './adapter-error';
export type { AdapterErrorInit, AdapterFailure } from './adapter-error';
export { staticHeaderAuth, TokenCache } from './auth-scheme';
export type { AuthScheme, IssuedToken } from './auth-scheme';
export { backoffDelay, DEFAULT_BACKOFF, retryPause } from './backoff';
export type { BackoffPolicy } from './backoff';
export { CircuitBreaker, DEFAULT_BREAKER } from './circuit-breaker';
export type { BreakerPolicy, BreakerState } from './circuit-breaker';
export { RateLimiter } from './rate-limiter';
export type { RatePolicy } from './rate-limiter';
export { checkBody, describeBody, readBody, vendorMessage } from './response-body';
export { parseRetryAfter } from './retry-after';
export { realTimer, VirtualTimer } from './timer';
export type { Timer } from './timer';
export { DEFAULT_RETRY, VendorClient } from './vendor-client';
export type { CallResult, CallSpec, Exchange, HttpMethod, QueryValue, RetryPolicy, VendorClientOptions } from './vendor-client';
export { writeOnce } from './write-once';
export type { WriteOnceSteps } from './write-once';
