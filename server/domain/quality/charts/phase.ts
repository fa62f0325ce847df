// Phase I (estimate limits, optionally re-estimate without out-of-control baseline points) and phase II
// (judge new points against frozen limits). Re-estimation is Montgomery's practice (SQC 8e, §6.2.1):
// drop points with an assignable cause, recompute, repeat until the baseline is clean.
import { imrLimits } from './imr';
import type { ImrLimits } from './imr';
import { subgroupLimits, subgroupStatistics } from './xbar';
import type { SubgroupChartKind, SubgroupLimits } from './xbar';
import type { BaselineOptions } from './baseline';
import { outsideLimits } from './zones';
import type { ControlLimits } from './zones';
import { evaluateRules } from '../rules/evaluate-rules';
import type { RuleEvaluation, RuleOptions } from '../rules/evaluate-rules';
import type { RuleName, RuleSetting } from '../rules/catalog';

export interface ReestimateOptions {
  /** Rules whose completing points leave the baseline; default WE1 (beyond the 3σ limits) only. */
  rules?: readonly (RuleName | RuleSetting)[];
  /** Stop after this many rounds even if new points keep falling out; default 10. */
  maxIterations?: number;
}

export interface PhaseOneOptions extends BaselineOptions {
  /** Re-estimate after excluding out-of-control baseline points; off by default. */
  reestimate?: boolean | ReestimateOptions;
}

export interface PhaseOne<L> {
  limits: L;
  /** Rounds of estimation (1 when nothing was excluded). */
  iterations: number;
  /** Baseline points the re-estimation removed, in the order found (beyond any given `exclude`). */
  removed: number[];
}

function iterate<L>(
  estimate: (exclude: number[]) => L,
  outOfControl: (limits: L) => number[],
  options: PhaseOneOptions,
): PhaseOne<L> {
  const exclude = [...(options.exclude ?? [])];
  let limits = estimate(exclude);
  if (!options.reestimate) return { limits, iterations: 1, removed: [] };
  const maxIterations = (typeof options.reestimate === 'object' ? options.reestimate.maxIterations : undefined) ?? 10;
  const removed: number[] = [];
  let iterations = 1;
  while (iterations < maxIterations) {
    const fresh = outOfControl(limits).filter((i) => !exclude.includes(i));
    if (fresh.length === 0) break;
    exclude.push(...fresh);
    removed.push(...fresh);
    limits = estimate(exclude);
    iterations++;
  }
  return { limits, iterations, removed };
}

function reestimateRules(options: PhaseOneOptions): readonly (RuleName | RuleSetting)[] {
  return (typeof options.reestimate === 'object' ? options.reestimate.rules : undefined) ?? ['we1'];
}

/** Indices (into the whole series) of baseline points that complete one of the rules. */
function flaggedInBaseline(statistics: readonly number[], limits: ControlLimits, baseline: { start: number; end: number }, rules: readonly (RuleName | RuleSetting)[]): number[] {
  const window = statistics.slice(baseline.start, baseline.end);
  const indices = evaluateRules(window, limits.zones, rules).violations.map((v) => v.index + baseline.start);
  return [...new Set(indices)].sort((a, b) => a - b);
}

export function phaseOneImr(values: readonly number[], options: PhaseOneOptions = {}): PhaseOne<ImrLimits> {
  const rules = reestimateRules(options);
  return iterate(
    (exclude) => imrLimits(values, { ...options, exclude }),
    (limits) => flaggedInBaseline(values, limits.individuals, limits.baseline, rules),
    options,
  );
}

/** Subgroup charts also drop subgroups beyond the R or S chart limits (spread out of control). */
export function phaseOneSubgroups(chart: SubgroupChartKind, subgroups: readonly (readonly number[])[], options: PhaseOneOptions = {}): PhaseOne<SubgroupLimits> {
  const rules = reestimateRules(options);
  const stats = subgroupStatistics(subgroups);
  const spread = chart === 'xbar-r' ? stats.ranges : stats.sds;
  return iterate(
    (exclude) => subgroupLimits(chart, subgroups, { ...options, exclude }),
    (limits) => {
      const { start, end } = limits.baseline;
      const onMeans = flaggedInBaseline(stats.means, limits.xbar, limits.baseline, rules);
      const onSpread = outsideLimits(spread.slice(start, end), limits.spread, start);
      return [...new Set([...onMeans, ...onSpread])].sort((a, b) => a - b);
    },
    options,
  );
}

export interface PhaseTwo {
  /** Indices into `newPoints` beyond the frozen limits. */
  outside: number[];
  /** Rules over phase I + phase II statistics (qcc charts them as one series); indices are in that series. */
  evaluation: RuleEvaluation;
  /** Violations completed at a new point: the phase II signals. */
  signals: RuleEvaluation['violations'];
}

export function phaseTwo(
  limits: ControlLimits, phaseOneStatistics: readonly number[], newPoints: readonly number[],
  rules: readonly (RuleName | RuleSetting)[], options: RuleOptions = {},
): PhaseTwo {
  const series = [...phaseOneStatistics, ...newPoints];
  const evaluation = evaluateRules(series, limits.zones, rules, options);
  return {
    outside: outsideLimits(newPoints, limits),
    evaluation,
    signals: evaluation.violations.filter((v) => v.index >= phaseOneStatistics.length),
  };
}
