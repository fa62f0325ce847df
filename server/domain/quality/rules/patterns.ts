// Does a rule's pattern complete at point i? One look-back check per pattern, so a new result can be
// judged from the last few points alone. Semantics follow qcc HEAD rules.R and Rspc EvaluateRules:
// strict comparisons (except Nelson 7, inclusive), a point on the centre line is on neither side,
// equal neighbours break trends and alternation.
import { zoneLine } from '../charts/zones';
import type { ChartZones } from '../charts/zones';
import type { RuleDefinition } from './catalog';

export type Side = 'above' | 'below';

/** How the qcc/Rspc differences are settled (README "Rule semantics"). */
export interface PatternVariant {
  /** Rspc: 2-of-3 flags index 1 when the first 2 points are beyond 2σ (4-of-5: index 3, first 4). */
  startOfSeries: boolean;
  /** qcc: Nelson 8 needs points on both sides in its window; Rspc accepts one side. */
  nelson8BothSides: boolean;
}

export interface PatternMatch {
  /** First and last index of the pattern's window. */
  start: number;
  end: number;
  /** Points forming the pattern: the whole window, or for k-of-m the qualifying points only. */
  points: number[];
  side?: Side;
  direction?: 'rising' | 'falling';
}

type Values = readonly number[];

function sideOf(value: number, lower: number, upper: number): Side | undefined {
  if (value > upper) return 'above';
  if (value < lower) return 'below';
  return undefined;
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let j = start; j <= end; j++) out.push(j);
  return out;
}

function zoneLines(zones: ChartZones, zone: 1 | 2 | 3): { lower: number; upper: number } {
  return { lower: zoneLine(zones, zone, 'below'), upper: zoneLine(zones, zone, 'above') };
}

function beyondLimits(x: Values, i: number, zones: ChartZones): PatternMatch | null {
  const side = sideOf(x[i] as number, zones.lower[2], zones.upper[2]);
  return side ? { start: i, end: i, points: [i], side } : null;
}

function kOfM(x: Values, i: number, zones: ChartZones, rule: RuleDefinition, variant: PatternVariant): PatternMatch | null {
  const { lower, upper } = zoneLines(zones, rule.zone ?? 2);
  const count = rule.count ?? rule.length;
  const side = sideOf(x[i] as number, lower, upper);
  if (!side) return null; // qcc and Rspc both require the completing point itself to be beyond the line
  let start: number;
  if (i >= rule.length - 1) start = i - rule.length + 1;
  else if (variant.startOfSeries && i === count - 1 && x.length >= rule.length) start = 0;
  else return null;
  const points: number[] = [];
  for (let j = start; j <= i; j++) if (sideOf(x[j] as number, lower, upper) === side) points.push(j);
  return points.length >= count ? { start, end: i, points, side } : null;
}

function run(x: Values, i: number, zones: ChartZones, rule: RuleDefinition): PatternMatch | null {
  const side = sideOf(x[i] as number, zones.center, zones.center);
  if (!side || i < rule.length - 1) return null;
  const start = i - rule.length + 1;
  for (let j = i - 1; j >= start; j--) if (sideOf(x[j] as number, zones.center, zones.center) !== side) return null;
  return { start, end: i, points: range(start, i), side };
}

function trend(x: Values, i: number, rule: RuleDefinition): PatternMatch | null {
  if (i < rule.length - 1) return null;
  const start = i - rule.length + 1;
  const sign = Math.sign((x[start + 1] as number) - (x[start] as number));
  if (sign === 0) return null;
  for (let j = start + 2; j <= i; j++) if (Math.sign((x[j] as number) - (x[j - 1] as number)) !== sign) return null;
  return { start, end: i, points: range(start, i), direction: sign > 0 ? 'rising' : 'falling' };
}

function alternation(x: Values, i: number, rule: RuleDefinition): PatternMatch | null {
  if (i < rule.length - 1) return null;
  const start = i - rule.length + 1;
  let previous = (x[start + 1] as number) - (x[start] as number);
  for (let j = start + 2; j <= i; j++) {
    const move = (x[j] as number) - (x[j - 1] as number);
    if (!(move * previous < 0)) return null; // a zero move (tie) breaks the alternation
    previous = move;
  }
  return { start, end: i, points: range(start, i) };
}

function within(x: Values, i: number, zones: ChartZones, rule: RuleDefinition): PatternMatch | null {
  if (i < rule.length - 1) return null;
  const { lower, upper } = zoneLines(zones, rule.zone ?? 1);
  const start = i - rule.length + 1;
  for (let j = start; j <= i; j++) {
    const value = x[j] as number;
    if (!(value >= lower && value <= upper)) return null;
  }
  return { start, end: i, points: range(start, i) };
}

function beyondEitherSide(x: Values, i: number, zones: ChartZones, rule: RuleDefinition, variant: PatternVariant): PatternMatch | null {
  if (i < rule.length - 1) return null;
  const { lower, upper } = zoneLines(zones, rule.zone ?? 1);
  const start = i - rule.length + 1;
  let above = false;
  let below = false;
  for (let j = start; j <= i; j++) {
    const side = sideOf(x[j] as number, lower, upper);
    if (!side) return null;
    if (side === 'above') above = true;
    else below = true;
  }
  if (variant.nelson8BothSides && !(above && below)) return null;
  return { start, end: i, points: range(start, i), ...(above && !below ? { side: 'above' as const } : {}), ...(below && !above ? { side: 'below' as const } : {}) };
}

/** The match completed at index i, or null. Only points 0..i are read (x.length matters for Rspc's start case). */
export function patternAt(x: Values, i: number, zones: ChartZones, rule: RuleDefinition, variant: PatternVariant): PatternMatch | null {
  if (!Number.isFinite(x[i])) return null;
  switch (rule.kind) {
    case 'beyond-limits': return beyondLimits(x, i, zones);
    case 'k-of-m': return kOfM(x, i, zones, rule, variant);
    case 'run': return run(x, i, zones, rule);
    case 'trend': return trend(x, i, rule);
    case 'alternation': return alternation(x, i, rule);
    case 'within': return within(x, i, zones, rule);
    case 'beyond-either-side': return beyondEitherSide(x, i, zones, rule, variant);
  }
}
