// Run rules against the qcc / Rspc reference flags: every rule, both flag conventions, both variants.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { symmetricLimits } from '../../../server/domain/quality/charts/zones';
import { evaluateRules, flaggedIndices, precedenceCodes } from '../../../server/domain/quality/rules/evaluate-rules';
import type { RuleVariant } from '../../../server/domain/quality/rules/evaluate-rules';
import { RULE_NAMES } from '../../../server/domain/quality/rules/catalog';
import type { RuleName } from '../../../server/domain/quality/rules/catalog';

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', '..', 'shared', 'reference');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const load = (name: string): Json => JSON.parse(readFileSync(path.join(referenceDir, name), 'utf8'));

const fixtureKey = (rule: RuleName) => (rule.startsWith('we') ? `WE${rule.slice(2)}` : `N${rule.slice(6)}`);
const familyKey = (rule: RuleName) => (rule.startsWith('we') ? 'western_electric' : 'nelson');

/** Checks one series against one fixture `expected` block (all 12 rules, 2 variants, 2 conventions). */
function checkSeries(values: number[], center: number, sigma: number, expected: Json): void {
  const zones = symmetricLimits(center, sigma).zones;
  for (const variant of ['qcc', 'rspc'] as RuleVariant[]) {
    const completing = evaluateRules(values, zones, RULE_NAMES, { variant, flag: 'completing' });
    const all = evaluateRules(values, zones, RULE_NAMES, { variant, flag: 'all' });
    for (const rule of RULE_NAMES) {
      const block = expected[familyKey(rule)][fixtureKey(rule)];
      const where = `${rule} (${variant})`;
      assert.deepEqual(flaggedIndices(completing, rule), block.flag_completing_point[variant], `${where} completing`);
      assert.deepEqual(flaggedIndices(all, rule), block.flag_all_points_in_run[variant], `${where} all points`);
      const windows = completing.violations.filter((v) => v.rule === rule).map((v) => [v.window.start, v.window.end]);
      assert.deepEqual(windows, block.windows[variant], `${where} windows`);
    }
    if (variant === 'qcc') {
      const codes = expected.qcc_combined_precedence;
      assert.deepEqual(precedenceCodes(completing.violations, 'we', values.length), codes.western_electric_qcc2023);
      assert.deepEqual(precedenceCodes(completing.violations, 'nelson', values.length), codes.nelson_qccHEAD);
    }
    const triggered = (family: 'we' | 'nelson') =>
      [...new Set(completing.violations.filter((v) => v.rule.startsWith(family)).map((v) => fixtureKey(v.rule)))].sort();
    assert.deepEqual(triggered('we'), [...expected.triggered[`western_electric_${variant}`]].sort(), `${variant} WE triggered`);
    assert.deepEqual(triggered('nelson'), [...expected.triggered[`nelson_${variant}`]].sort(), `${variant} Nelson triggered`);
  }
}

describe('run rules reproduce the reference flags', () => {
  const files = readdirSync(referenceDir).filter((f) => /^rules_(we|nelson)\d\.json$/.test(f)).sort();
  it('finds all 12 single-rule fixtures', () => assert.equal(files.length, 12));
  for (const file of files) {
    it(file, () => {
      const fixture = load(file);
      checkSeries(fixture.input.values, fixture.input.center, fixture.input.sigma, fixture.expected);
    });
  }

  const edge = load('rules_edge_cases.json');
  for (const [name, testCase] of Object.entries<Json>(edge.input.cases)) {
    it(`edge case ${name}`, () => checkSeries(testCase.values, edge.input.center, edge.input.sigma, edge.expected[name]));
  }

  it('imr_nelson_statprocon_crosscheck (qcc centre and sigma)', () => {
    const fixture = load('imr_nelson_statprocon_crosscheck.json');
    const qcc = fixture.expected.qcc;
    checkSeries(fixture.input.values, qcc.center, qcc.sigma, fixture.expected.rules);
  });
});

describe('rule options', () => {
  const zones = symmetricLimits(10, 1).zones;
  it('a configured run length changes what fires', () => {
    const run7 = [9, 11, 11, 11, 11, 11, 11, 11, 9];
    assert.deepEqual(flaggedIndices(evaluateRules(run7, zones, ['nelson2']), 'nelson2'), []);
    assert.deepEqual(flaggedIndices(evaluateRules(run7, zones, [{ rule: 'nelson2', length: 7 }]), 'nelson2'), [7]);
    assert.deepEqual(flaggedIndices(evaluateRules(run7, zones, [{ rule: 'nelson2', length: 6 }]), 'nelson2'), [6, 7]);
  });
  it('a configured k-of-m count and length apply', () => {
    const series = [10, 12.5, 10, 10, 12.5, 12.5];
    assert.deepEqual(flaggedIndices(evaluateRules(series, zones, ['we2']), 'we2'), [5]);
    assert.deepEqual(flaggedIndices(evaluateRules(series, zones, [{ rule: 'we2', count: 3, length: 5 }]), 'we2'), [5]);
    assert.deepEqual(flaggedIndices(evaluateRules(series, zones, [{ rule: 'we2', count: 2, length: 4 }]), 'we2'), [4, 5]);
  });
  it('switched-off rules never fire', () => {
    const evaluation = evaluateRules([10, 14, 10], zones, ['we4']);
    assert.deepEqual(evaluation.violations, []);
  });
  it('refuses unknown rules and impossible parameters with a clear message', () => {
    assert.throws(() => evaluateRules([1], zones, ['we9' as RuleName]), /unknown rule "we9"/);
    assert.throws(() => evaluateRules([1], zones, [{ rule: 'nelson3', length: 1 }]), /nelson3: run length must be an integer >= 2/);
    assert.throws(() => evaluateRules([1], zones, [{ rule: 'we2', count: 4, length: 3 }]), /count must be an integer from 1 to 3/);
    assert.throws(() => evaluateRules([1], zones, [{ rule: 'we4', count: 2 }]), /not a k-of-m rule/);
  });
});

describe('variant switches one by one', () => {
  const edge = load('rules_edge_cases.json');
  const zones = symmetricLimits(10, 1).zones;
  it('Rspc start-of-series with qcc Nelson 8, and the reverse', () => {
    const start = edge.input.cases.rspc_start_2of3.values as number[];
    const oneSided = edge.input.cases.one_sided_8_beyond_1sigma.values as number[];
    const mixed = { startOfSeries: true, nelson8BothSides: true };
    assert.deepEqual(flaggedIndices(evaluateRules(start, zones, ['we2'], { variant: mixed }), 'we2'), [1]);
    assert.deepEqual(flaggedIndices(evaluateRules(oneSided, zones, ['nelson8'], { variant: mixed }), 'nelson8'), []);
    const reverse = { startOfSeries: false, nelson8BothSides: false };
    assert.deepEqual(flaggedIndices(evaluateRules(start, zones, ['we2'], { variant: reverse }), 'we2'), []);
    assert.deepEqual(
      flaggedIndices(evaluateRules(oneSided, zones, ['nelson8'], { variant: reverse }), 'nelson8'),
      edge.expected.one_sided_8_beyond_1sigma.nelson.N8.flag_completing_point.rspc,
    );
  });
});
