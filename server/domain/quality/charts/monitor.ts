// Phase II for the result watcher: limits frozen once from a specification's SPC settings, then each new
// result is judged from the last few points only (the rules' look-back window), whatever the history size.
import type { SpcSettings } from '../../types';
import { phaseOneImr, phaseOneSubgroups } from './phase';
import type { PhaseOneOptions } from './phase';
import { toSubgroups, subgroupStatistics } from './xbar';
import type { ControlLimits } from './zones';
import { evaluateRulesAt } from '../rules/evaluate-rules';
import type { RuleOptions, RuleViolation } from '../rules/evaluate-rules';
import { longestWindow, ruleDefinition } from '../rules/catalog';
import type { RuleSetting } from '../rules/catalog';
import { parseRuleList } from '../rules/parse';
import { formatNumber, pointName } from '../explain';
import { mean, sampleSd } from '../stats';

export interface SpcBaseline {
  chart: SpcSettings['chart'];
  subgroupSize: number;
  /** Results that formed the phase I baseline (and how many the re-estimation removed). */
  baselineResults: number;
  removed: number[];
  /** Within process sigma. */
  sigma: number;
  /** Limits of the plotted statistic: individuals or subgroup means. */
  limits: ControlLimits;
  /** Moving-range, range or sd chart. */
  spread: ControlLimits;
  rules: RuleSetting[];
  /** Plotted points a new result's rules look back over. */
  window: number;
}

export function prepareSpcBaseline(settings: SpcSettings, history: readonly number[], options: Pick<PhaseOneOptions, 'reestimate' | 'nsigmas'> = {}): SpcBaseline {
  const rules = parseRuleList(settings.rules.length ? settings.rules : ['we1']);
  const n = settings.chart === 'imr' ? 1 : settings.subgroupSize;
  const needed = settings.baseline * n;
  if (history.length < needed || settings.baseline < 2) {
    throw new RangeError(`SPC limits need ${settings.baseline} baseline ${n === 1 ? 'results' : `subgroups of ${n}`}; ${history.length} result(s) so far`);
  }
  const common = { rules, window: longestWindow(rules), subgroupSize: n, baselineResults: needed };
  if (settings.chart === 'imr') {
    const phase = phaseOneImr(history, { ...options, baseline: settings.baseline });
    const l = phase.limits;
    return { chart: 'imr', ...common, removed: phase.removed, sigma: l.sigma, limits: l.individuals, spread: l.movingRange };
  }
  const { subgroups } = toSubgroups(history.slice(0, needed), n);
  const phase = phaseOneSubgroups(settings.chart, subgroups, { ...options, baseline: settings.baseline });
  const l = phase.limits;
  return { chart: settings.chart, ...common, removed: phase.removed, sigma: l.sigma, limits: l.xbar, spread: l.spread };
}

export interface SpcSignalCheck {
  /** pending-subgroup: the result does not complete a subgroup yet, so nothing is plotted. */
  status: 'in-control' | 'signal' | 'pending-subgroup';
  /** Index of the plotted point (result index for I-MR, subgroup index for Xbar charts). */
  index: number;
  statistic: number | null;
  spreadStatistic: number | null;
  violations: RuleViolation[];
  /** The spread chart's point beyond its limits, when a beyond-limits rule (we1/nelson1) is on. */
  spreadViolation: { chart: 'mr' | 'r' | 's'; value: number; limit: number; text: string } | null;
}

/** Judges `value`, the result right after `history`, against frozen limits. */
export function monitorNewResult(baseline: SpcBaseline, history: readonly number[], value: number, options: RuleOptions = {}): SpcSignalCheck {
  const n = baseline.subgroupSize;
  const total = history.length + 1;
  if (n > 1 && total % n !== 0) {
    return { status: 'pending-subgroup', index: Math.floor(total / n), statistic: null, spreadStatistic: null, violations: [], spreadViolation: null };
  }
  const index = total / n - 1; // plotted point of this result
  const take = Math.min(index + 1, baseline.window + 1); // points the rules may read, newest last
  const from = (index + 1 - take) * n; // first result of the tail
  const tail = [...history.slice(from), value];
  let statistics: number[];
  let spreadStatistic: number;
  if (n === 1) {
    statistics = tail;
    spreadStatistic = index > 0 ? Math.abs(value - (history[history.length - 1] as number)) : NaN;
  } else {
    const stats = subgroupStatistics(toSubgroups(tail, n).subgroups);
    statistics = stats.means;
    const last = tail.slice(-n);
    spreadStatistic = baseline.chart === 'xbar-r' ? Math.max(...last) - Math.min(...last) : sampleSd(last);
  }
  const offset = index + 1 - take;
  const violations = evaluateRulesAt(statistics, statistics.length - 1, baseline.limits.zones, baseline.rules, { ...options, offset });
  const spreadViolation = spreadCheck(baseline, spreadStatistic, index, options);
  return {
    status: violations.length || spreadViolation ? 'signal' : 'in-control',
    index,
    statistic: n === 1 ? value : mean(tail.slice(-n)),
    spreadStatistic: Number.isFinite(spreadStatistic) ? spreadStatistic : null,
    violations,
    spreadViolation,
  };
}

function spreadCheck(baseline: SpcBaseline, value: number, index: number, options: RuleOptions): SpcSignalCheck['spreadViolation'] {
  const beyondRuleOn = baseline.rules.some((r) => ruleDefinition(r).kind === 'beyond-limits');
  if (!beyondRuleOn || !(value > baseline.spread.ucl)) return null; // spread LCLs are 0 for n <= 6: only the UCL signals
  const chart = baseline.chart === 'imr' ? 'mr' : baseline.chart === 'xbar-r' ? 'r' : 's';
  const name = { mr: 'moving range', r: 'range', s: 'standard deviation' }[chart];
  const f = (x: number) => formatNumber(x, options.decimals);
  const point = options.labels ? pointName(index, options) : `point ${index + 1}`;
  return { chart, value, limit: baseline.spread.ucl, text: `${name[0]?.toUpperCase()}${name.slice(1)} ${f(value)} above its upper control limit ${f(baseline.spread.ucl)} (${point})` };
}
