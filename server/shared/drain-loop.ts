// The claim-and-retry loop the result loop's workers share (the evaluation worker, the outbox):
// one pass at a time, a wake during a pass runs another pass right after it, a pass that throws
// never kills the loop (the work stays stored and is tried again after the delay the worker
// names, or after FALLBACK_RETRY_MS when even recording the failure throws, e.g. a full disk
// under the audit trail), and stop waits for the pass in hand. What a pass does is the worker's
// business. Shared by server/watcher and server/proposals, so it belongs to neither.
/** The retry delay when the worker's own failure hook throws. */
export const FALLBACK_RETRY_MS = 1000;

export abstract class DrainLoop {
  #running = false;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #idle: Promise<void> = Promise.resolve();

  /** @param minDelayMs the shortest wait before a scheduled pass (a timer of 0 would spin). */
  constructor(private readonly minDelayMs = 0) {}

  /** One pass over the stored work; returns when there is nothing left it can do now. */
  protected abstract pass(): Promise<void>;

  /** A pass threw: record it, and say when to try again (ms). */
  protected abstract failed(err: unknown): number;

  get stopped(): boolean {
    return this.#stopped;
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#idle = this.pass()
      .catch((err: unknown) => this.schedule(this.#delayAfter(err)))
      .finally(() => {
        this.#running = false;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** The worker's delay; a hook that throws must not leave an unhandled rejection (Node exits on one). */
  #delayAfter(err: unknown): number {
    try {
      return this.failed(err);
    } catch (hookError) {
      process.emitWarning(`${this.constructor.name}: recording a failed pass failed too (${(hookError as Error).message}; the pass failed with: ${(err as Error)?.message ?? String(err)}); retrying in ${FALLBACK_RETRY_MS} ms`, { code: 'QLOOP_DRAIN_LOOP' });
      return FALLBACK_RETRY_MS;
    }
  }

  /** A pass later (a retry, the next due entry); replaces a pass scheduled before. */
  protected schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), Math.max(this.minDelayMs, delayMs));
    this.#timer.unref();
  }

  /** Resolves when the pass in hand is over (tests and shutdown). */
  idle(): Promise<void> {
    return this.#idle;
  }

  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    return this.#idle;
  }
}
