// One error type with a closed set of codes (STYLE.md habit 6); the edges (HTTP, socket,
// CLI) turn anything thrown into it, and the table makes the compiler demand a status per code.

export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'UPSTREAM',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LOCKED: 423,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
  UPSTREAM: 502,
  INTERNAL: 500,
};

export interface ErrorDetail {
  /** JSON path of the offending field, e.g. `results[2].spec_min`. */
  path?: string;
  message: string;
}

export class QloopError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QloopError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details.length ? { details: this.details } : {}) } };
  }
}

/** Anything thrown becomes a QloopError; unknown failures are INTERNAL and keep their cause. */
export function toQloopError(err: unknown): QloopError {
  if (err instanceof QloopError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new QloopError('INTERNAL', message, [], { cause: err });
}

/** Formats zod-style issues as `path: message` details. */
export function issuesToDetails(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, prefix = ''): ErrorDetail[] {
  return issues.map((issue) => ({ path: formatPath(prefix, issue.path), message: issue.message }));
}

export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}
