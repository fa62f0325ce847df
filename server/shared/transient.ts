// Whether a failure is an outage that passes by itself (the MES or LIMS unreachable, a busy, locked
// or full disk) rather than a fault of the work in hand. The result loop's workers wait an outage
// out and never count it against the row or entry they were working on.
import { QloopError } from '../errors';

export function transient(err: unknown): boolean {
  if (err instanceof QloopError) return ['UNAVAILABLE', 'UPSTREAM', 'RATE_LIMITED', 'LOCKED'].includes(err.code);
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN)/.test(code);
}
