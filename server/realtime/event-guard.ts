// Runs before every incoming event: unknown event names, oversized payloads and users over
// their event budget get a clear error ack and go no further (the handler never sees them).
import type { Event } from 'socket.io';
import { CLIENT_EVENTS, type WireError } from './contract';
import type { SlidingWindowLimiter } from './rate-limit';

export interface RealtimeLimits {
  /** Events of any kind per user per minute. */
  eventsPerMinute: number;
  /** Questions per user per minute (each one starts an agent run). */
  askPerMinute: number;
  /** Largest accepted event payload, in bytes of JSON. */
  maxEventBytes: number;
}

export const DEFAULT_LIMITS: RealtimeLimits = { eventsPerMinute: 120, askPerMinute: 12, maxEventBytes: 16 * 1024 };

const KNOWN = new Set<string>(CLIENT_EVENTS);

export function guardEvents(options: { username: string; limits: RealtimeLimits; limiter: SlidingWindowLimiter; now: () => number }) {
  return (packet: Event, next: (err?: Error) => void): void => {
    const [event, ...args] = packet;
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: unknown) => void) : undefined;
    const refuse = (error: WireError) => ack?.({ ok: false, error });
    if (!KNOWN.has(String(event))) return refuse({ code: 'BAD_REQUEST', message: `unknown event "${String(event).slice(0, 60)}": expected one of ${CLIENT_EVENTS.join(', ')}` });
    const bytes = payloadBytes(args);
    if (bytes > options.limits.maxEventBytes) {
      return refuse({ code: 'PAYLOAD_TOO_LARGE', message: `${String(event)} is ${bytes} bytes; the limit is ${options.limits.maxEventBytes}` });
    }
    const decision = options.limiter.take(options.username, options.now());
    if (!decision.allowed) {
      return refuse({
        code: 'RATE_LIMITED',
        message: `too many requests: at most ${options.limits.eventsPerMinute} a minute; try again in ${Math.ceil(decision.retryAfterMs / 1000)} s`,
        retryAfterMs: decision.retryAfterMs,
      });
    }
    next();
  };
}

function payloadBytes(args: unknown[]): number {
  try {
    return Buffer.byteLength(JSON.stringify(args) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
