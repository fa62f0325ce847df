// Individuals and moving-range (I-MR) chart: centre = baseline mean, σ = MRbar/d2(2), MR UCL = D4(2)·MRbar.
// Matches qcc `xbar.one` (sigma "MR") and its R chart on consecutive pairs.
import { d2, d3 } from '../constants';
import { mean } from '../stats';
import { symmetricLimits } from './zones';
import type { ControlLimits } from './zones';
import { baselineRange } from './baseline';
import type { BaselineOptions } from './baseline';

export interface ImrLimits {
  chart: 'imr';
  /** Indices [start, end) of the baseline the limits were estimated from. */
  baseline: { start: number; end: number };
  /** Baseline points left out of the estimate (phase I exclusions). */
  excluded: number[];
  /** Points that entered the estimate. */
  pointsUsed: number;
  center: number;
  mrBar: number;
  /** Within (short-term) process sigma, MRbar / d2(2). */
  sigma: number;
  individuals: ControlLimits;
  movingRange: ControlLimits;
}

/** |x[i] − x[i−1]| for i = 1..n−1; element j belongs to point j + 1. */
export function movingRanges(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) out.push(Math.abs((values[i] as number) - (values[i - 1] as number)));
  return out;
}

/**
 * Phase I I-MR limits from the baseline. Excluded points leave the mean, and every moving range that
 * touches them leaves MRbar (Minitab's convention: a range across a gap would mix two stretches).
 */
export function imrLimits(values: readonly number[], options: BaselineOptions = {}): ImrLimits {
  const { start, end } = baselineRange(values.length, options);
  const excluded = new Set((options.exclude ?? []).filter((i) => i >= start && i < end));
  const kept: number[] = [];
  const ranges: number[] = [];
  for (let i = start; i < end; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) throw new RangeError(`value at index ${i} is not a finite number`);
    if (excluded.has(i)) continue;
    kept.push(value);
    if (i > start && !excluded.has(i - 1)) ranges.push(Math.abs(value - (values[i - 1] as number)));
  }
  if (kept.length < 2 || ranges.length < 1) {
    throw new RangeError(`an I-MR chart needs at least 2 consecutive baseline points, got ${kept.length} points`);
  }
  const nsigmas = options.nsigmas ?? 3;
  const center = mean(kept);
  const mrBar = mean(ranges);
  const sigma = mrBar / d2(2);
  return {
    chart: 'imr',
    baseline: { start, end },
    excluded: [...excluded].sort((a, b) => a - b),
    pointsUsed: kept.length,
    center,
    mrBar,
    sigma,
    individuals: symmetricLimits(center, sigma, nsigmas),
    // qcc's R chart of pairs: MRbar ± L·d3(2)·σ, LCL truncated at 0.
    movingRange: symmetricLimits(mrBar, d3(2) * sigma, nsigmas, 0),
  };
}

/**
 * statprocon / Wheeler XmR limits, for cross-checks only: constants 2.660 and 3.268 and every
 * figure rounded to `decimals` (statprocon ROUNDING = 3). They differ from qcc by about 1e-3.
 */
export function wheelerXmrLimits(values: readonly number[], decimals = 3) {
  const round = (x: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
  const center = round(mean(values));
  const mrBar = round(mean(movingRanges(values)));
  return {
    center,
    mrBar,
    lowerNaturalProcessLimit: round(center - 2.66 * mrBar),
    upperNaturalProcessLimit: round(center + 2.66 * mrBar),
    upperRangeLimit: round(3.268 * mrBar),
  };
}
