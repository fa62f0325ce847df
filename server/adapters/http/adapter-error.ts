// The one error every vendor adapter throws: it names the vendor, the call and (for a bad
// payload) the field, so an operator-facing message and the log both say what broke where.
import { QloopError, type ErrorCode, type ErrorDetail } from '../../errors';

/** Why a vendor call failed; drives retry decisions and the QloopError code. */
export type AdapterFailure =
  | 'network' // connection refused or reset
  | 'timeout' // no answer within the per-attempt timeout
  | 'rate-limited' // 429 after the retry budget
  | 'unavailable' // 502/503/504 after the retry budget
  | 'circuit-open' // the breaker is refusing calls to protect the vendor
  | 'auth' // credentials refused even after one re-authentication
  | 'http' // any other non-2xx status
  | 'business' // HTTP 200 carrying a vendor failure (Opcenter Succeeded:false)
  | 'invalid-response'; // body is not the documented shape (wrong types, missing fields, HTML page)

const CODE: Record<AdapterFailure, ErrorCode> = {
  network: 'UNAVAILABLE',
  timeout: 'UNAVAILABLE',
  'rate-limited': 'UNAVAILABLE',
  unavailable: 'UNAVAILABLE',
  'circuit-open': 'UNAVAILABLE',
  auth: 'UPSTREAM',
  http: 'UPSTREAM',
  business: 'UPSTREAM',
  'invalid-response': 'UPSTREAM',
};

export interface AdapterErrorInit {
  vendor: string;
  call: string;
  failure: AdapterFailure;
  message: string;
  /** Request line, e.g. `GET /sfc/v1/sfcdetail`. */
  request?: string;
  status?: number;
  /** First offending field of an invalid response, e.g. `items[3].Result`. */
  field?: string;
  /** The vendor's own error code (Plex `code`, Opcenter `ErrorCode`). */
  vendorCode?: string;
  /** Milliseconds the vendor asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** Raw body as received (kept for the audit trail and the log). */
  body?: unknown;
  details?: ErrorDetail[];
  cause?: unknown;
}

export class AdapterError extends QloopError {
  readonly vendor: string;
  readonly call: string;
  readonly failure: AdapterFailure;
  readonly request?: string;
  readonly httpStatus?: number;
  readonly field?: string;
  readonly vendorCode?: string;
  readonly retryAfterMs?: number;
  readonly body?: unknown;
  /** The message without the vendor/call prefix. */
  readonly reason: string;
  readonly init: AdapterErrorInit;

  constructor(init: AdapterErrorInit) {
    const where = init.request ? `${init.vendor} ${init.call} (${init.request})` : `${init.vendor} ${init.call}`;
    super(CODE[init.failure], `${where}: ${init.message}`, init.details ?? (init.field ? [{ path: init.field, message: init.message }] : []), { cause: init.cause });
    this.name = 'AdapterError';
    this.vendor = init.vendor;
    this.call = init.call;
    this.failure = init.failure;
    this.request = init.request;
    this.httpStatus = init.status;
    this.field = init.field;
    this.vendorCode = init.vendorCode;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body;
    this.reason = init.message;
    this.init = init;
  }

  /** The same failure with more said about it (e.g. how many attempts were made). */
  withReason(suffix: string): AdapterError {
    return new AdapterError({ ...this.init, message: `${this.reason}; ${suffix}`, cause: this });
  }

  /** Transient failures are worth another attempt (after a pause); the rest are not. */
  get transient(): boolean {
    return ['network', 'timeout', 'rate-limited', 'unavailable', 'circuit-open'].includes(this.failure);
  }
}

export function isAdapterError(err: unknown): err is AdapterError {
  return err instanceof AdapterError;
}
