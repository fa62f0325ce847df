// The run rules: Western Electric 1-4 and Nelson 1-8, their patterns, default lengths and labels.
// Defaults follow the Western Electric handbook (1956) and Nelson (1984, JQT 16:237); Nelson 3 is
// 6 points and Nelson 4 is 14 points, as in qcc and Rspc's default JMP convention.

export const RULE_NAMES = [
  'we1', 'we2', 'we3', 'we4',
  'nelson1', 'nelson2', 'nelson3', 'nelson4', 'nelson5', 'nelson6', 'nelson7', 'nelson8',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export const WESTERN_ELECTRIC_RULES: readonly RuleName[] = ['we1', 'we2', 'we3', 'we4'];
export const NELSON_RULES: readonly RuleName[] = RULE_NAMES.filter((r) => r.startsWith('nelson'));

/**
 * The shape a rule looks for:
 * - beyond-limits: one point beyond the 3σ line;
 * - k-of-m: `count` of `length` consecutive points beyond the `zone`σ line on the same side;
 * - run: `length` in a row strictly on one side of the centre line;
 * - trend: `length` in a row strictly rising or strictly falling;
 * - alternation: `length` in a row alternating up and down;
 * - within: `length` in a row within ±`zone`σ, inclusive (the only inclusive comparison);
 * - beyond-either-side: `length` in a row strictly beyond ±`zone`σ.
 */
export type PatternKind = 'beyond-limits' | 'k-of-m' | 'run' | 'trend' | 'alternation' | 'within' | 'beyond-either-side';

export interface RuleDefinition {
  rule: RuleName;
  kind: PatternKind;
  /** Points in the pattern's window (m for k-of-m). */
  length: number;
  /** k for k-of-m rules. */
  count?: number;
  /** Zone line 1, 2 or 3 (sigmas) for zone rules. */
  zone?: 1 | 2 | 3;
}

const DEFINITIONS: Record<RuleName, Omit<RuleDefinition, 'rule'>> = {
  we1: { kind: 'beyond-limits', length: 1, zone: 3 },
  we2: { kind: 'k-of-m', count: 2, length: 3, zone: 2 },
  we3: { kind: 'k-of-m', count: 4, length: 5, zone: 1 },
  we4: { kind: 'run', length: 8 },
  nelson1: { kind: 'beyond-limits', length: 1, zone: 3 },
  nelson2: { kind: 'run', length: 9 },
  nelson3: { kind: 'trend', length: 6 },
  nelson4: { kind: 'alternation', length: 14 },
  nelson5: { kind: 'k-of-m', count: 2, length: 3, zone: 2 },
  nelson6: { kind: 'k-of-m', count: 4, length: 5, zone: 1 },
  nelson7: { kind: 'within', length: 15, zone: 1 },
  nelson8: { kind: 'beyond-either-side', length: 8, zone: 1 },
};

/** Minimum window length per pattern (a trend needs 2 moves, an alternation 2 turns). */
const MIN_LENGTH: Record<PatternKind, number> = {
  'beyond-limits': 1, 'k-of-m': 1, run: 1, trend: 2, alternation: 3, within: 1, 'beyond-either-side': 1,
};

export const RULE_LABELS: Record<RuleName, string> = {
  we1: 'WE1', we2: 'WE2', we3: 'WE3', we4: 'WE4',
  nelson1: 'Nelson 1', nelson2: 'Nelson 2', nelson3: 'Nelson 3', nelson4: 'Nelson 4',
  nelson5: 'Nelson 5', nelson6: 'Nelson 6', nelson7: 'Nelson 7', nelson8: 'Nelson 8',
};

/** A rule switched on, optionally with its own run length (and count for k-of-m rules). */
export interface RuleSetting {
  rule: RuleName;
  length?: number;
  count?: number;
}

export function isRuleName(name: string): name is RuleName {
  return (RULE_NAMES as readonly string[]).includes(name);
}

/** The rule's number inside its family (we3 -> 3, nelson7 -> 7), as qcc codes it. */
export function ruleNumber(rule: RuleName): number {
  return Number(rule.replace(/^(we|nelson)/, ''));
}

export function ruleDefinition(setting: RuleName | RuleSetting): RuleDefinition {
  const { rule, length, count } = typeof setting === 'string' ? { rule: setting, length: undefined, count: undefined } : setting;
  if (!isRuleName(rule)) throw new RangeError(`unknown rule "${String(rule)}"; expected one of ${RULE_NAMES.join(', ')}`);
  const base = DEFINITIONS[rule];
  const definition: RuleDefinition = { rule, ...base, length: length ?? base.length };
  if (!Number.isInteger(definition.length) || definition.length < MIN_LENGTH[base.kind]) {
    throw new RangeError(`${rule}: run length must be an integer >= ${MIN_LENGTH[base.kind]}, got ${definition.length}`);
  }
  if (base.kind === 'beyond-limits' && definition.length !== 1) throw new RangeError(`${rule} looks at single points; its length is 1`);
  if (base.kind === 'k-of-m') {
    const k = count ?? Math.min(base.count ?? 1, definition.length);
    if (!Number.isInteger(k) || k < 1 || k > definition.length) {
      throw new RangeError(`${rule}: count must be an integer from 1 to ${definition.length}, got ${k}`);
    }
    definition.count = k;
  } else if (count !== undefined) {
    throw new RangeError(`${rule} is not a k-of-m rule; it takes no count`);
  }
  return definition;
}

/** The longest look-back any of these rules needs: the window evaluate() keeps per new result. */
export function longestWindow(rules: readonly (RuleName | RuleSetting)[]): number {
  return rules.reduce((max, r) => Math.max(max, ruleDefinition(r).length), 1);
}
