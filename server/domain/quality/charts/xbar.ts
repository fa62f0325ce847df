// Xbar-R and Xbar-S charts for equal subgroups of n = 2..25.
// σ = mean(R_i)/d2(n) or mean(s_i)/c4(n) (qcc "UWAVE-R" / "UWAVE-SD"); Xbar limits centre ± L·σ/√n;
// R chart Rbar ± L·d3·σ, S chart Sbar ± L·σ·√(1 − c4²), both truncated at 0.
import { c4, d2, d3 } from '../constants';
import { mean, sampleSd } from '../stats';
import { symmetricLimits } from './zones';
import type { ControlLimits } from './zones';
import { baselineRange } from './baseline';
import type { BaselineOptions } from './baseline';

export type SubgroupChartKind = 'xbar-r' | 'xbar-s';

export interface SubgroupStatistics {
  means: number[];
  ranges: number[];
  sds: number[];
}

export interface SubgroupLimits {
  chart: SubgroupChartKind;
  subgroupSize: number;
  baseline: { start: number; end: number };
  excluded: number[];
  subgroupsUsed: number;
  /** Grand mean of the baseline subgroups. */
  center: number;
  /** Rbar (xbar-r) or Sbar (xbar-s). */
  spreadBar: number;
  /** Within-subgroup process sigma. */
  sigma: number;
  xbar: ControlLimits;
  /** R chart (xbar-r) or S chart (xbar-s). */
  spread: ControlLimits;
}

export function subgroupStatistics(subgroups: readonly (readonly number[])[]): SubgroupStatistics {
  const means: number[] = [];
  const ranges: number[] = [];
  const sds: number[] = [];
  subgroups.forEach((group, i) => {
    if (group.length < 2) throw new RangeError(`subgroup ${i} has ${group.length} value(s); at least 2 are needed`);
    if (!group.every(Number.isFinite)) throw new RangeError(`subgroup ${i} holds a value that is not a finite number`);
    means.push(mean(group));
    ranges.push(Math.max(...group) - Math.min(...group));
    sds.push(sampleSd(group));
  });
  return { means, ranges, sds };
}

/** Consecutive subgroups of `size`; a trailing partial subgroup is returned apart, never charted. */
export function toSubgroups(values: readonly number[], size: number): { subgroups: number[][]; leftover: number[] } {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`subgroup size must be an integer >= 2, got ${size}`);
  const subgroups: number[][] = [];
  const whole = values.length - (values.length % size);
  for (let i = 0; i < whole; i += size) subgroups.push(values.slice(i, i + size));
  return { subgroups, leftover: values.slice(whole) };
}

export function subgroupLimits(
  chart: SubgroupChartKind,
  subgroups: readonly (readonly number[])[],
  options: BaselineOptions = {},
): SubgroupLimits {
  const { start, end } = baselineRange(subgroups.length, options);
  const excluded = new Set((options.exclude ?? []).filter((i) => i >= start && i < end));
  const used = subgroups.slice(start, end).filter((_, j) => !excluded.has(start + j));
  if (used.length === 0) throw new RangeError('no baseline subgroup is left to estimate limits from');
  const n = used[0]?.length ?? 0;
  if (used.some((group) => group.length !== n)) {
    throw new RangeError(`subgroups must all have the same size; sizes found: ${[...new Set(used.map((g) => g.length))].join(', ')}`);
  }
  const stats = subgroupStatistics(used);
  const nsigmas = options.nsigmas ?? 3;
  const center = mean(stats.means);
  let spreadBar: number;
  let sigma: number;
  let spreadSigma: number;
  if (chart === 'xbar-r') {
    spreadBar = mean(stats.ranges);
    sigma = spreadBar / d2(n);
    spreadSigma = d3(n) * sigma;
  } else {
    const c = c4(n);
    spreadBar = mean(stats.sds);
    sigma = spreadBar / c;
    spreadSigma = sigma * Math.sqrt(1 - c * c);
  }
  return {
    chart,
    subgroupSize: n,
    baseline: { start, end },
    excluded: [...excluded].sort((a, b) => a - b),
    subgroupsUsed: used.length,
    center,
    spreadBar,
    sigma,
    xbar: symmetricLimits(center, sigma / Math.sqrt(n), nsigmas),
    spread: symmetricLimits(spreadBar, spreadSigma, nsigmas, 0),
  };
}

export function xbarRLimits(subgroups: readonly (readonly number[])[], options: BaselineOptions = {}): SubgroupLimits {
  return subgroupLimits('xbar-r', subgroups, options);
}

export function xbarSLimits(subgroups: readonly (readonly number[])[], options: BaselineOptions = {}): SubgroupLimits {
  return subgroupLimits('xbar-s', subgroups, options);
}
