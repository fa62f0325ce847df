// A circuit breaker in front of the MES: after `threshold` consecutive failures the outbox stops
// calling for `cooldownMs` (a struggling MES gets room to recover), then lets one call through
// (half-open); a success closes it again. Time is passed in, so tests drive it directly.
export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | undefined;

  constructor(private readonly threshold: number, private readonly cooldownMs: number) {}

  state(now: number): BreakerState {
    if (this.#openedAt === undefined) return 'closed';
    return now - this.#openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** May a call go out now? */
  allows(now: number): boolean {
    return this.state(now) !== 'open';
  }

  /** When the breaker lets the next call through (now when closed). */
  retryAt(now: number): number {
    return this.#openedAt === undefined ? now : Math.max(now, this.#openedAt + this.cooldownMs);
  }

  success(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
  }

  failure(now: number): void {
    this.#failures += 1;
    if (this.#openedAt !== undefined || this.#failures >= this.threshold) this.#openedAt = now;
  }
}

/** Exponential backoff with ±20 % jitter, capped: attempt 1 waits about `baseMs`. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exact = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exact * (0.8 + 0.4 * random()));
}
