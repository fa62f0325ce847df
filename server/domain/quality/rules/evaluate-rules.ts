// Applies a rule set to a chart's statistics: every violation with its window and points, the flags of
// either convention, and qcc's single precedence code per point.
import type { ChartZones } from '../charts/zones';
import { RULE_NAMES, ruleDefinition, ruleNumber } from './catalog';
import type { RuleDefinition, RuleName, RuleSetting } from './catalog';
import { patternAt } from './patterns';
import type { PatternVariant, Side } from './patterns';
import { explainViolation } from '../explain';
import type { ExplainOptions } from '../explain';

/**
 * Which points carry a flag:
 * - completing (default, qcc and Rspc): the point that completes the pattern and every later point
 *   while the pattern persists;
 * - all: every point of each completed pattern (for k-of-m rules only the qualifying points), as
 *   statprocon's Wheeler rules do.
 */
export type FlagConvention = 'completing' | 'all';
/** qcc (default) or Rspc for the two places where they differ; see PatternVariant. */
export type RuleVariant = 'qcc' | 'rspc';

export interface RuleOptions extends ExplainOptions {
  flag?: FlagConvention;
  /** A preset, or the two differences chosen one by one. */
  variant?: RuleVariant | PatternVariant;
  /**
   * Index of statistics[0] in the full series, when only its tail is passed (the watcher's window).
   * Reported indices and texts are then global. Rspc's start-of-series case needs point 0, so it is
   * not checked on a tail: pass the whole series while it is shorter than the rule windows.
   */
  offset?: number;
}

export interface RuleViolation {
  rule: RuleName;
  /** The completing point (0-based). */
  index: number;
  /** First and last index of the pattern's window. */
  window: { start: number; end: number };
  /** Indices that form the pattern (for k-of-m rules the points beyond the zone line). */
  points: number[];
  /** Values at `points`. */
  values: number[];
  side?: Side;
  direction?: 'rising' | 'falling';
  /** The rule's parameters as applied. */
  definition: RuleDefinition;
  /** The line compared against, e.g. { name: 'UCL', value: 13 }. */
  line?: { name: string; value: number; lower?: number };
  zones: ChartZones;
  /** The chart's lines by name, as in every quality explanation (centre, lcl, ucl, ±1σ, ±2σ). */
  limits: Record<string, number | null>;
  /** The rule's parameters: length, count and zone where they apply. */
  numbers: Record<string, number | null>;
  text: string;
}

export interface RuleFlag {
  rule: RuleName;
  index: number;
}

export interface RuleEvaluation {
  violations: RuleViolation[];
  /** Flags under the chosen convention, sorted by index then rule order. */
  flags: RuleFlag[];
  flag: FlagConvention;
  variant: RuleVariant | PatternVariant;
}

export const DEFAULT_RULE_OPTIONS = { flag: 'completing', variant: 'qcc' } as const;

export function patternVariant(variant: RuleVariant | PatternVariant): PatternVariant {
  if (typeof variant === 'object') return variant;
  return variant === 'rspc' ? { startOfSeries: true, nelson8BothSides: false } : { startOfSeries: false, nelson8BothSides: true };
}

function violationAt(
  statistics: readonly number[], i: number, zones: ChartZones, definition: RuleDefinition, variant: PatternVariant, options: RuleOptions,
): RuleViolation | null {
  const offset = options.offset ?? 0;
  const match = patternAt(statistics, i, zones, definition, offset > 0 ? { ...variant, startOfSeries: false } : variant);
  if (!match) return null;
  const base = {
    rule: definition.rule,
    index: i + offset,
    window: { start: match.start + offset, end: match.end + offset },
    points: match.points.map((j) => j + offset),
    values: match.points.map((j) => statistics[j] as number),
    ...(match.side ? { side: match.side } : {}),
    ...(match.direction ? { direction: match.direction } : {}),
    definition,
    zones,
    limits: zoneLimits(zones),
    numbers: { length: definition.length, count: definition.count ?? null, zone: definition.zone ?? null },
  };
  return { ...base, ...explainViolation(base, options) };
}

function zoneLimits(zones: ChartZones): Record<string, number> {
  const [plus1, plus2, ucl] = zones.upper;
  const [minus1, minus2, lcl] = zones.lower;
  return { center: zones.center, lcl, ucl, minus2Sigma: minus2, minus1Sigma: minus1, plus1Sigma: plus1, plus2Sigma: plus2 };
}

/**
 * Violations completed exactly at `index` of `statistics` (the newest result): reads only the rules'
 * look-back window. With `options.offset`, `index` is local to the tail passed and results are global.
 */
export function evaluateRulesAt(
  statistics: readonly number[], index: number, zones: ChartZones, rules: readonly (RuleName | RuleSetting)[], options: RuleOptions = {},
): RuleViolation[] {
  const variant = patternVariant(options.variant ?? DEFAULT_RULE_OPTIONS.variant);
  const out: RuleViolation[] = [];
  for (const setting of rules) {
    const violation = violationAt(statistics, index, zones, ruleDefinition(setting), variant, options);
    if (violation) out.push(violation);
  }
  return out;
}

/** Every violation in the series (phase I review, or phase I + phase II statistics as qcc charts them). */
export function evaluateRules(
  statistics: readonly number[], zones: ChartZones, rules: readonly (RuleName | RuleSetting)[], options: RuleOptions = {},
): RuleEvaluation {
  const flag = options.flag ?? DEFAULT_RULE_OPTIONS.flag;
  const variantName = options.variant ?? DEFAULT_RULE_OPTIONS.variant;
  const variant = patternVariant(variantName);
  const definitions = rules.map(ruleDefinition);
  const violations: RuleViolation[] = [];
  for (const definition of definitions) {
    for (let i = 0; i < statistics.length; i++) {
      const violation = violationAt(statistics, i, zones, definition, variant, options);
      if (violation) violations.push(violation);
    }
  }
  return { violations, flags: flagsOf(violations, flag), flag, variant: variantName };
}

/** The flagged points of each rule under a convention. */
export function flagsOf(violations: readonly RuleViolation[], flag: FlagConvention): RuleFlag[] {
  const byRule = new Map<RuleName, Set<number>>();
  for (const v of violations) {
    const set = byRule.get(v.rule) ?? new Set<number>();
    for (const index of flag === 'completing' ? [v.index] : v.points) set.add(index);
    byRule.set(v.rule, set);
  }
  const flags: RuleFlag[] = [];
  for (const [rule, set] of byRule) for (const index of set) flags.push({ rule, index });
  const order = (rule: RuleName) => RULE_NAMES.indexOf(rule);
  return flags.sort((a, b) => a.index - b.index || order(a.rule) - order(b.rule));
}

/** Sorted flagged indices of one rule. */
export function flaggedIndices(evaluation: Pick<RuleEvaluation, 'flags'>, rule: RuleName): number[] {
  return evaluation.flags.filter((f) => f.rule === rule).map((f) => f.index);
}

/**
 * qccRules(): one code per point, the lowest rule number of the family violated there (completing
 * convention), null where none. Western Electric and Nelson codes are kept apart as in qcc.
 */
export function precedenceCodes(violations: readonly RuleViolation[], family: 'we' | 'nelson', length: number): (number | null)[] {
  const codes: (number | null)[] = new Array<number | null>(length).fill(null);
  for (const v of violations) {
    if (!v.rule.startsWith(family === 'we' ? 'we' : 'nelson')) continue;
    const code = ruleNumber(v.rule);
    const current = codes[v.index];
    if (current === null || current === undefined || code < current) codes[v.index] = code;
  }
  return codes;
}
