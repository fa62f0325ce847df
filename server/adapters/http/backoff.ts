// Exponential backoff with jitter: the jitter spreads retries of many clients (or many
// outbox items) so they do not hit a recovering vendor in lockstep.

export interface BackoffPolicy {
  /** First pause, in ms. */
  baseMs: number;
  /** No single pause is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 200, maxMs: 10_000 };

/**
 * Pause before retry number `attempt` (1 = first retry): "equal jitter", half fixed and
 * half random, so pauses still grow while no two clients stay in step.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** The pause actually taken: at least what the vendor asked for in Retry-After. */
export function retryPause(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  const backoff = backoffDelay(attempt, policy, random);
  return retryAfterMs === undefined ? backoff : Math.max(retryAfterMs, backoff);
}
