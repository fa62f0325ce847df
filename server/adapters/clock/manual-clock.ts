// A clock that only moves when told to: deterministic tests, simulations and replays.
import type { Clock } from '../../ports/clock';

export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | number = '2024-05-03T10:00:00.000Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
    if (Number.isNaN(this.current)) throw new RangeError(`ManualClock: not a time: ${String(start)}`);
  }
  now(): number {
    return this.current;
  }
  iso(): string {
    return new Date(this.current).toISOString();
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('ManualClock cannot go back in time');
    this.current += ms;
  }
}
