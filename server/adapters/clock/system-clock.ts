// Wall-clock time for production; the ManualClock beside it drives tests and replays.
import type { Clock } from '../../ports/clock';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  iso(): string {
    return new Date().toISOString();
  }
}
