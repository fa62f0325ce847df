// Per-user sliding-window limits for socket events: "at most N a minute" means exactly that,
// across every socket the user has open (a terminal and a tablet share one budget).
export interface RateDecision {
  allowed: boolean;
  /** When refused: milliseconds until the oldest counted event leaves the window. */
  retryAfterMs: number;
}

export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one event for `key` at time `now` (epoch ms) if the window has room. */
  take(key: string, now: number): RateDecision {
    const since = now - this.windowMs;
    const times = (this.events.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.limit) {
      this.events.set(key, times);
      return { allowed: false, retryAfterMs: Math.max(1, times[0]! + this.windowMs - now) };
    }
    times.push(now);
    this.events.set(key, times);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** Drops users with no event in the window, so the map does not grow over a long shift. */
  prune(now: number): void {
    for (const [key, times] of this.events) if (!times.some((t) => t > now - this.windowMs)) this.events.delete(key);
  }
}
