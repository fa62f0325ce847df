// Rule lists from specs and the command line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleList, ruleSettingText } from '../../../server/domain/quality/rules/parse';
import { longestWindow } from '../../../server/domain/quality/rules/catalog';

describe('rule lists', () => {
  it('reads names, groups and parameters', () => {
    assert.deepEqual(parseRuleList('we1, WE4'), [{ rule: 'we1' }, { rule: 'we4' }]);
    assert.equal(parseRuleList('nelson').length, 8);
    assert.equal(parseRuleList('all').length, 12);
    assert.deepEqual(parseRuleList('nelson2:7,we2:3/4'), [{ rule: 'nelson2', length: 7 }, { rule: 'we2', count: 3, length: 4 }]);
    assert.deepEqual(parseRuleList(['we', 'we4:10']).find((s) => s.rule === 'we4'), { rule: 'we4', length: 10 });
  });
  it('gives the look-back window a new result needs', () => {
    assert.equal(longestWindow(parseRuleList('we')), 8);
    assert.equal(longestWindow(parseRuleList('nelson')), 15);
    assert.equal(longestWindow(parseRuleList('we1,nelson2:20')), 20);
  });
  it('round-trips the canonical text', () => {
    assert.deepEqual(parseRuleList('nelson2:7,we2:3/4,we1').map(ruleSettingText), ['nelson2:7', 'we2:3/4', 'we1']);
  });
  it('names the bad item', () => {
    assert.throws(() => parseRuleList('we1,nelson9'), /unknown rule "nelson9"/);
    assert.throws(() => parseRuleList(''), /rule list is empty/);
    assert.throws(() => parseRuleList('nelson3:x'), /"nelson3:x": write the run length as nelson3:N/);
    assert.throws(() => parseRuleList('nelson3:1'), /nelson3: run length must be an integer >= 2, got 1/);
    assert.throws(() => parseRuleList('we:3'), /a rule group takes no parameter/);
  });
});
