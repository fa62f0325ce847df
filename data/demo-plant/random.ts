// Seeded randomness and time helpers for the demo plant generator: the same seed always
// writes byte-identical JSON, so the committed dataset can be regenerated and diffed. The PRNG
// is the simulators' own (one implementation for the generator, the faults and the demo floor).
export { seededRandom } from '../../simulators/seeded-random';

export class Variation {
  constructor(private readonly random: () => number) {}

  uniform(min: number, max: number): number {
    return min + (max - min) * this.random();
  }

  /** Normal variate (Box-Muller), clamped so a demo value never lands outside [min, max]. */
  normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
    const u = 1 - this.random();
    const v = this.random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.min(max, Math.max(min, mean + sd * z));
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Whole minutes in [min, max], for realistic lab turnaround times. */
  minutes(min: number, max: number): number {
    return Math.round(this.uniform(min, max)) * MINUTE;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO 8601 UTC without milliseconds: 2024-05-03T10:15:00Z. */
export function iso(ms: number): string {
  return new Date(Math.round(ms / MINUTE) * MINUTE).toISOString().replace('.000Z', 'Z');
}

export function at(time: string): number {
  return Date.parse(time);
}

/** Fixed decimals, as the LIMS reports a value (rounded to the spec's decimals). */
export function fixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}
