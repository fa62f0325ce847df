// Client-side rate limiting (token bucket): stay under a vendor's published budget, e.g.
// Plex Connect's 200 calls per minute, rather than discovering it through 429s.
import type { Timer } from './timer';

export interface RatePolicy {
  /** Calls allowed per window. */
  calls: number;
  /** Window length in ms (60_000 for "per minute"). */
  perMs: number;
}

export class RateLimiter {
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly policy: RatePolicy,
    private readonly timer: Timer,
  ) {
    if (policy.calls < 1 || policy.perMs <= 0) throw new RangeError('rate limit needs calls >= 1 and perMs > 0');
    this.#tokens = policy.calls;
    this.#last = timer.now();
  }

  /** Waits (in arrival order) until a call may go, then takes one token. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#take());
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #take(): Promise<void> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      const msPerToken = this.policy.perMs / this.policy.calls;
      await this.timer.sleep(Math.ceil((1 - this.#tokens) * msPerToken));
    }
  }

  #refill(): void {
    const now = this.timer.now();
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.#tokens = Math.min(this.policy.calls, this.#tokens + (elapsed * this.policy.calls) / this.policy.perMs);
  }
}
