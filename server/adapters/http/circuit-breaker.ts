// Circuit breaker: after repeated transient failures the vendor is left alone for a while
// instead of being hammered; one trial call then decides whether it has recovered.
import type { Timer } from './timer';

export interface BreakerPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a trial call is let through. */
  openMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 8, openMs: 5_000 };

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trialInFlight = false;
  #trialDone?: { promise: Promise<void>; resolve: () => void };
  /** Times the circuit opened (for metrics and tests). */
  opened = 0;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly timer: Timer,
  ) {}

  get state(): BreakerState {
    if (this.#state === 'open' && this.timer.now() - this.#openedAt >= this.policy.openMs) this.#state = 'half-open';
    return this.#state;
  }

  /** Milliseconds until a trial call will be allowed (0 when calls may go now). */
  waitMs(): number {
    const state = this.state;
    if (state === 'closed') return 0;
    if (state === 'half-open') return this.#trialInFlight ? Math.min(this.policy.openMs, 1_000) : 0;
    return Math.max(0, this.#openedAt + this.policy.openMs - this.timer.now());
  }

  /** True if a call may go now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.#trialDone = { promise, resolve };
    return true;
  }

  /** While a half-open trial call is out, the moment it ends (others wait for it, not a clock). */
  trialSettled(): Promise<void> | undefined {
    return this.#trialInFlight ? this.#trialDone?.promise : undefined;
  }

  success(): void {
    this.#failures = 0;
    this.#endTrial();
    this.#state = 'closed';
  }

  failure(): void {
    this.#endTrial();
    this.#failures += 1;
    if (this.#state === 'half-open' || this.#failures >= this.policy.failureThreshold) this.#open();
  }

  /** A call that ended without telling us anything about vendor health (e.g. a 404). */
  neutral(): void {
    if (this.#trialInFlight) this.success();
  }

  #endTrial(): void {
    this.#trialInFlight = false;
    this.#trialDone?.resolve();
    this.#trialDone = undefined;
  }

  #open(): void {
    this.#state = 'open';
    this.#openedAt = this.timer.now();
    this.#failures = 0;
    this.opened += 1;
  }
}
