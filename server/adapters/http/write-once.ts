// Writes without idempotency keys: none of the vendors accepts one, so a retried write
// could hold a lot twice or log two nonconformances. Each attempt therefore looks first
// (SAP checkForOpen, lot or job status) and only writes when the effect is not there yet;
// a vendor "already in that state" answer also counts as done.
import { AdapterError } from './adapter-error';
import { retryPause } from './backoff';
import { realTimer } from './timer';
import type { VendorClient } from './vendor-client';

export interface WriteOnceSteps<T> {
  /** Operation named in errors. */
  call: string;
  /** The effect if it is already in place (a safe retry), else undefined. */
  check(): Promise<T | undefined>;
  /** Performs the write once (the client does not retry it). */
  write(): Promise<T>;
  /** A vendor error meaning "already done" (e.g. Plex job already on hold). */
  isAlready?(err: AdapterError): boolean;
  /** The result to report when isAlready matched and check() still sees nothing. */
  already?(err: AdapterError): T;
}

export async function writeOnce<T>(client: VendorClient, steps: WriteOnceSteps<T>): Promise<T> {
  const started = client.timer.now();
  const { maxAttempts, maxElapsedMs, backoff } = client.policy;
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = await steps.check();
      if (existing !== undefined) return existing;
      return await steps.write();
    } catch (err) {
      if (err instanceof AdapterError && steps.isAlready?.(err)) {
        const seen = await steps.check();
        if (seen !== undefined) return seen;
        if (steps.already) return steps.already(err);
      }
      if (!(err instanceof AdapterError) || !err.transient) throw err;
      if (attempt >= maxAttempts * 2) throw err.withReason(`${steps.call} gave up after ${attempt} check-then-write rounds`);
      // After a timeout the write may still be on its way: give it time to land before looking
      // again. That is network time, so it is waited in real time even under a test clock.
      if (err.failure === 'timeout') await realTimer.sleep(client.policy.timeoutMs);
      const pause = retryPause(attempt, backoff, client.random, err.retryAfterMs);
      if (client.timer.now() - started + pause > maxElapsedMs * 2) throw err.withReason(`${steps.call} gave up: the retry budget is spent`);
      await client.timer.sleep(pause);
    }
  }
}
