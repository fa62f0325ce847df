// Every violation carries rule, points, values, limits, numbers and a sentence ready for guidance and audit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { symmetricLimits } from '../../../server/domain/quality/charts/zones';
import { evaluateRules } from '../../../server/domain/quality/rules/evaluate-rules';
import type { RuleViolation } from '../../../server/domain/quality/rules/evaluate-rules';
import type { RuleName } from '../../../server/domain/quality/rules/catalog';
import { formatNumber } from '../../../server/domain/quality/explain';

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', '..', 'shared', 'reference');
const valuesOf = (file: string): number[] => JSON.parse(readFileSync(path.join(referenceDir, file), 'utf8')).input.values;
const zones = symmetricLimits(10, 1).zones;

function first(file: string, rule: RuleName, options = {}): RuleViolation {
  const violation = evaluateRules(valuesOf(file), zones, [rule], { decimals: 1, ...options }).violations[0];
  assert.ok(violation, `${rule} fires on ${file}`);
  return violation;
}

describe('violation explanations', () => {
  it('Nelson 2 names the run, the side, the centre line and the points', () => {
    const v = first('rules_nelson2.json', 'nelson2');
    assert.equal(v.text, 'Nelson 2: 9 points in a row below the centre line 10.0 (points 12–20)');
    assert.deepEqual(v.points, [11, 12, 13, 14, 15, 16, 17, 18, 19]);
    assert.equal(v.values.length, 9);
    assert.deepEqual(v.line, { name: 'centre line', value: 10 });
    assert.equal(v.limits.center, 10);
    assert.equal(v.limits.ucl, 13);
    assert.equal(v.numbers.length, 9);
  });
  it('WE1 gives the value and the limit crossed', () => {
    const v = first('rules_we1.json', 'we1');
    assert.match(v.text, /^WE1: 13\.6 above the upper control limit 13\.0 \(point \d+\)$/);
    assert.deepEqual(v.line, { name: 'UCL', value: 13 });
  });
  it('k-of-m rules list only the qualifying points of the window', () => {
    const v = first('rules_we2.json', 'we2');
    assert.match(v.text, /^WE2: 2 of 3 consecutive points below the −2σ line 8\.0 \(points \d+, \d+ of \d+–\d+\)$/);
    assert.equal(v.points.length, 2);
    assert.equal(v.numbers.count, 2);
  });
  it('trend, alternation, stratification and mixture rules explain themselves', () => {
    assert.match(first('rules_nelson3.json', 'nelson3').text, /^Nelson 3: 6 points in a row steadily increasing, [\d.]+ to [\d.]+ \(points \d+–\d+\)$/);
    assert.match(first('rules_nelson4.json', 'nelson4').text, /^Nelson 4: 14 points in a row alternating up and down \(points \d+–\d+\)$/);
    assert.match(first('rules_nelson7.json', 'nelson7').text, /^Nelson 7: 15 points in a row within ±1σ of the centre line 10\.0 \(9\.0 to 11\.0\), too little variation/);
    assert.match(first('rules_nelson8.json', 'nelson8').text, /^Nelson 8: 8 points in a row beyond ±1σ of the centre line 10\.0, below 9\.0 or above 11\.0 \(points/);
  });
  it('uses the caller\'s point labels (lot ids) instead of point numbers', () => {
    const values = valuesOf('rules_nelson2.json');
    const labels = values.map((_, i) => `LOT-${100 + i}`);
    const v = first('rules_nelson2.json', 'nelson2', { labels });
    assert.equal(v.text, 'Nelson 2: 9 points in a row below the centre line 10.0 (LOT-111–LOT-119)');
  });
  it('formats numbers to 6 significant digits unless decimals are given', () => {
    assert.equal(formatNumber(74.01430400700804), '74.0143');
    assert.equal(formatNumber(0.000012345678), '0.0000123457');
    assert.equal(formatNumber(10), '10');
    assert.equal(formatNumber(10, 2), '10.00');
  });
});
