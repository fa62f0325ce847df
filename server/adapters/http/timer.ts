// Time for the HTTP resilience code: injectable so retry, backoff and breaker tests run
// instantly and deterministically (no timed assertions).
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A timer whose sleeps advance virtual time at once; `slept` records every pause. */
export class VirtualTimer implements Timer {
  readonly slept: number[] = [];
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.current += Math.max(0, ms);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
