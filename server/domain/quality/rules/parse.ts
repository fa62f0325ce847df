// Rule lists as people write them in a spec or on the command line:
// "we1,we4", "nelson", "we,nelson3", "nelson2:7" (run length 7), "we2:3/4" (3 of 4).
import { NELSON_RULES, RULE_NAMES, WESTERN_ELECTRIC_RULES, isRuleName, ruleDefinition } from './catalog';
import type { RuleName, RuleSetting } from './catalog';

const GROUPS: Record<string, readonly RuleName[]> = {
  we: WESTERN_ELECTRIC_RULES,
  'western-electric': WESTERN_ELECTRIC_RULES,
  nelson: NELSON_RULES,
  all: RULE_NAMES,
};

/** One entry per rule, in the order given; a later mention of a rule replaces an earlier one. */
export function parseRuleList(list: string | readonly string[]): RuleSetting[] {
  const items = (typeof list === 'string' ? list.split(',') : list).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (items.length === 0) throw new RangeError('the rule list is empty; name at least one rule (e.g. we1,we4 or nelson)');
  const chosen = new Map<RuleName, RuleSetting>();
  for (const item of items) {
    const [name = '', parameter] = item.split(':');
    const group = GROUPS[name];
    if (group) {
      if (parameter !== undefined) throw new RangeError(`"${item}": a rule group takes no parameter`);
      for (const rule of group) chosen.set(rule, { rule });
      continue;
    }
    if (!isRuleName(name)) {
      throw new RangeError(`unknown rule "${name}"; use ${RULE_NAMES.join(', ')} or the groups we, nelson, all`);
    }
    chosen.set(name, parseParameter(name, parameter, item));
  }
  const settings = [...chosen.values()];
  settings.forEach((s) => ruleDefinition(s)); // validates lengths and counts with the rule's own message
  return settings;
}

function parseParameter(rule: RuleName, parameter: string | undefined, item: string): RuleSetting {
  if (parameter === undefined) return { rule };
  const kOfM = /^(\d+)\/(\d+)$/.exec(parameter);
  if (kOfM) return { rule, count: Number(kOfM[1]), length: Number(kOfM[2]) };
  if (/^\d+$/.test(parameter)) return { rule, length: Number(parameter) };
  throw new RangeError(`"${item}": write the run length as ${rule}:N (or k/m for a k-of-m rule)`);
}

/** The canonical text of a rule setting ("nelson2:7", "we2:3/4", "we1"). */
export function ruleSettingText(setting: RuleName | RuleSetting): string {
  if (typeof setting === 'string') return setting;
  if (setting.count !== undefined) return `${setting.rule}:${setting.count}/${setting.length ?? ruleDefinition(setting.rule).length}`;
  return setting.length !== undefined ? `${setting.rule}:${setting.length}` : setting.rule;
}
