// Whether a failed MES (or control-layer) call provably never left qloop, so the MES cannot apply
// it later. Only then does "the MES does not show it" mean "it did not take effect". Anything else
// (a timeout, a hang-up or reset, a 5xx, an answer that could not be read) may have reached the MES
// and may still land there after qloop gave up waiting.
import { AdapterError } from '../adapters/http/adapter-error';
import { QloopError } from '../errors';

/** Connection errors raised before a single byte of the request went out. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function neverSent(err: unknown): boolean {
  if (err instanceof AdapterError) {
    // The vendor client's breaker refused the call; a 429 is refused before it is processed.
    if (err.failure === 'circuit-open' || err.failure === 'rate-limited') return true;
    if (err.failure === 'network') return NOT_CONNECTED.has(errnoOf(err.cause) ?? '');
    return false;
  }
  // Not a vendor exchange: an adapter's refusal before any call ("cannot placeHold: …",
  // refusals.ts) or a system that is down as a whole (the simulators' outage).
  if (err instanceof QloopError) return err.code === 'UNAVAILABLE';
  return NOT_CONNECTED.has(errnoOf(err) ?? '');
}

/** The errno code of a socket error, also when fetch wraps it ("fetch failed", cause: …). */
function errnoOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return code;
  }
  return undefined;
}
