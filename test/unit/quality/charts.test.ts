// Control charts against qcc: pistonrings Xbar-R / Xbar-S (phase I and II), TEP I-MR, the cross-check series.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imrLimits, movingRanges, wheelerXmrLimits } from '../../../server/domain/quality/charts/imr';
import { subgroupStatistics, toSubgroups, xbarRLimits, xbarSLimits } from '../../../server/domain/quality/charts/xbar';
import { outsideLimits } from '../../../server/domain/quality/charts/zones';
import { evaluateRules, precedenceCodes } from '../../../server/domain/quality/rules/evaluate-rules';
import { WESTERN_ELECTRIC_RULES } from '../../../server/domain/quality/rules/catalog';
import { a2, a3, b3, b4, c4, chartConstants, d2, d3, d3Factor, d4Factor } from '../../../server/domain/quality/constants';

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', '..', 'shared', 'reference');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const load = (name: string): Json => JSON.parse(readFileSync(path.join(referenceDir, name), 'utf8'));

function close(actual: number, expected: number, what: string, rel = 1e-6): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  assert.ok(Math.abs(actual - expected) <= rel * scale || actual === expected, `${what}: ${actual} vs ${expected}`);
}
function closeAll(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => close(a, expected[i] as number, `${what}[${i}]`));
}

describe('chart constants', () => {
  it('use qcc d2/d3 and the exact c4', () => {
    assert.equal(d2(2), 1.128);
    assert.equal(d3(2), 0.8525033);
    assert.equal(d2(5), 2.326);
    assert.equal(d3(25), 0.7084528);
    close(c4(5), 0.9399856029866253, 'c4(5)', 1e-14);
    close(c4(2), Math.sqrt(2 / Math.PI), 'c4(2)', 1e-14);
    close(c4(10), 0.9726592741215869, 'c4(10)', 1e-13);
    close(c4(25), 0.9896403755857051, 'c4(25)', 1e-13); // lgamma form, Python
  });
  it('derive the textbook letter factors (tables round to 3 or 4 digits)', () => {
    close(a2(5), 0.577, 'A2(5)', 1e-3);
    close(a3(5), 1.427, 'A3(5)', 1e-3);
    close(b4(5), 2.089, 'B4(5)', 1e-3);
    assert.equal(b3(5), 0);
    close(b3(6), 0.03, 'B3(6)', 0.05);
    close(d4Factor(2), 3.267296, 'D4(2)', 1e-6);
    close(d4Factor(5), 2.114, 'D4(5)', 1e-3);
    assert.equal(d3Factor(5), 0);
    close(d3Factor(7), 0.076, 'D3(7)', 0.02);
    assert.equal(chartConstants(10).n, 10);
  });
  it('refuse subgroup sizes outside 2..25', () => {
    assert.throws(() => d2(1), /subgroup size must be an integer from 2 to 25, got 1/);
    assert.throws(() => d3(26), /got 26/);
    assert.throws(() => a3(2.5), /got 2.5/);
  });
});

for (const chart of ['r', 's'] as const) {
  describe(`pistonrings Xbar-${chart.toUpperCase()} (qcc)`, () => {
    const fixture = load(`pistonrings_xbar_${chart}.json`);
    const subgroups: number[][] = fixture.input.subgroups.map((s: Json) => s.values);
    const expected = fixture.expected;
    const limits = (chart === 'r' ? xbarRLimits : xbarSLimits)(subgroups, { baseline: 25 });
    const spreadKey = chart === 'r' ? 'R' : 'S';
    const stats = subgroupStatistics(subgroups);
    const spreadStats = chart === 'r' ? stats.ranges : stats.sds;

    it('estimates sigma, centre and limits from subgroups 1-25', () => {
      close(limits.sigma, expected.sigma, 'sigma');
      close(limits.spreadBar, chart === 'r' ? expected.Rbar : expected.Sbar, 'spread bar');
      close(limits.xbar.center, expected.xbar.center, 'centre');
      close(limits.xbar.lcl, expected.xbar.LCL, 'Xbar LCL');
      close(limits.xbar.ucl, expected.xbar.UCL, 'Xbar UCL');
      close(limits.spread.center, expected[spreadKey].center, `${spreadKey} centre`);
      assert.equal(limits.spread.lcl, expected[spreadKey].LCL);
      close(limits.spread.ucl, expected[spreadKey].UCL, `${spreadKey} UCL`);
      assert.equal(limits.subgroupSize, 5);
      assert.equal(limits.subgroupsUsed, 25);
    });
    it('computes the phase I and phase II statistics', () => {
      closeAll(stats.means.slice(0, 25), expected.xbar.phase1_statistics, 'xbar phase 1');
      closeAll(stats.means.slice(25), expected.xbar.phase2_statistics, 'xbar phase 2');
      closeAll(spreadStats.slice(0, 25), expected[spreadKey].phase1_statistics, `${spreadKey} phase 1`);
      closeAll(spreadStats.slice(25), expected[spreadKey].phase2_statistics, `${spreadKey} phase 2`);
    });
    it('finds the phase II subgroups beyond the frozen limits (37, 38, 39)', () => {
      const toIds = (indices: number[]) => indices.map((i) => i + 1);
      assert.deepEqual(toIds(outsideLimits(stats.means.slice(0, 25), limits.xbar)), expected.xbar.phase1_outside_sample_ids);
      assert.deepEqual(toIds(outsideLimits(stats.means.slice(25), limits.xbar, 25)), expected.xbar.phase2_outside_sample_ids);
      assert.deepEqual(toIds(outsideLimits(spreadStats.slice(25), limits.spread, 25)), expected[spreadKey].phase2_outside_sample_ids);
    });
    it('codes WE rules 1-4 over all 40 points as qccRules does, on both charts', () => {
      const xbar = evaluateRules(stats.means, limits.xbar.zones, WESTERN_ELECTRIC_RULES);
      assert.deepEqual(precedenceCodes(xbar.violations, 'we', 40), expected.xbar.WE_rules_1to4_qccRules_codes_all40);
      const spread = evaluateRules(spreadStats, limits.spread.zones, WESTERN_ELECTRIC_RULES);
      assert.deepEqual(precedenceCodes(spread.violations, 'we', 40), expected[spreadKey].WE_rules_1to4_qccRules_codes_all40);
    });
  });
}

describe('subgroups', () => {
  it('splits a column into whole subgroups and keeps the leftover apart', () => {
    assert.deepEqual(toSubgroups([1, 2, 3, 4, 5, 6, 7], 3), { subgroups: [[1, 2, 3], [4, 5, 6]], leftover: [7] });
  });
  it('refuses unequal subgroup sizes with the sizes found', () => {
    assert.throws(() => xbarRLimits([[1, 2, 3], [1, 2]]), /same size; sizes found: 3, 2/);
  });
  it('re-estimates without excluded subgroups', () => {
    const groups = [[1, 2], [2, 3], [50, 60], [1, 3]];
    const all = xbarRLimits(groups);
    const cleaned = xbarRLimits(groups, { exclude: [2] });
    assert.equal(cleaned.subgroupsUsed, 3);
    assert.deepEqual(cleaned.excluded, [2]);
    close(cleaned.center, (1.5 + 2.5 + 2) / 3, 'centre without subgroup 2');
    assert.ok(all.center > cleaned.center);
  });
});

for (const column of ['01', '09', '21']) {
  describe(`TEP XMEAS(${Number(column)}) I-MR (qcc, d00_te phase I)`, () => {
    const fixture = load(`tep_imr_xmeas${column}.json`);
    const { phase1 } = fixture.expected;
    const limits = imrLimits(fixture.input.phase1_values);
    it('reproduces centre, MRbar, sigma and limits', () => {
      close(limits.center, phase1.center, 'centre');
      close(limits.mrBar, phase1.MRbar, 'MRbar');
      close(limits.sigma, phase1.sigma_MRbar_over_d2, 'sigma');
      close(limits.individuals.lcl, phase1.LCL, 'LCL');
      close(limits.individuals.ucl, phase1.UCL, 'UCL');
      close(limits.movingRange.center, phase1.MR_center, 'MR centre');
      assert.equal(limits.movingRange.lcl, phase1.MR_LCL);
      close(limits.movingRange.ucl, phase1.MR_UCL, 'MR UCL');
      close(3.267 * limits.mrBar, phase1['MR_UCL_D4_3.267'], 'MR UCL with rounded D4');
      assert.equal(limits.pointsUsed, phase1.n);
    });
    it('finds the phase I points outside their own limits', () => {
      const values: number[] = fixture.input.phase1_values;
      assert.deepEqual(outsideLimits(values, limits.individuals), phase1.I_out_of_limits_index0);
      assert.deepEqual(outsideLimits(movingRanges(values), limits.movingRange, 1), phase1.MR_out_of_limits_index0);
    });
    for (const file of ['d04_te', 'd05_te']) {
      it(`applies the frozen limits to ${file} (fault at index 160)`, () => {
        const values: number[] = fixture.input[`${file}_values`];
        const expected = fixture.expected[file];
        const outside = outsideLimits(values, limits.individuals);
        assert.deepEqual(outside, expected.I_out_of_limits_index0);
        assert.equal(outside.filter((i) => i < 160).length, expected.I_out_count_pre_fault_idx_lt_160);
        assert.equal(outside.filter((i) => i >= 160).length, expected.I_out_count_post_fault_idx_ge_160);
        assert.equal(outside.find((i) => i >= 160), expected.I_first_out_index0_at_or_after_160);
        assert.deepEqual(outsideLimits(movingRanges(values), limits.movingRange, 1), expected.MR_out_of_limits_index0);
      });
    }
  });
}

describe('I-MR cross-check series', () => {
  const fixture = load('imr_nelson_statprocon_crosscheck.json');
  const values: number[] = fixture.input.values;
  it('matches qcc and the hand formula', () => {
    const limits = imrLimits(values);
    for (const source of [fixture.expected.qcc, fixture.expected.hand_formula_python]) {
      close(limits.center, source.center, 'centre');
      close(limits.mrBar, source.MRbar, 'MRbar');
      close(limits.sigma, source.sigma, 'sigma');
      close(limits.individuals.lcl, source.LCL, 'LCL');
      close(limits.individuals.ucl, source.UCL, 'UCL');
      close(limits.movingRange.ucl, source.MR_UCL, 'MR UCL');
    }
  });
  it('reproduces statprocon XmR (rounded Wheeler constants) and its rule 1 and rule 2 flags', () => {
    const s = fixture.expected.statprocon;
    const wheeler = wheelerXmrLimits(values);
    assert.equal(wheeler.center, s.x_central_line);
    assert.equal(wheeler.mrBar, s.mr_central_line);
    assert.equal(wheeler.upperNaturalProcessLimit, s.upper_natural_process_limit);
    assert.equal(wheeler.lowerNaturalProcessLimit, s.lower_natural_process_limit);
    assert.equal(wheeler.upperRangeLimit, s.upper_range_limit);
    const limits = { lcl: wheeler.lowerNaturalProcessLimit, ucl: wheeler.upperNaturalProcessLimit };
    assert.deepEqual(outsideLimits(values, limits), s.rule_1_x_beyond_limits_index0);
    assert.deepEqual(outsideLimits(movingRanges(values), { lcl: 0, ucl: wheeler.upperRangeLimit }, 1), s.rule_1_mr_beyond_limit_index0);
    // Wheeler rule 2 (8 successive on one side, every point flagged) is WE4 under the "all" convention.
    const zones = imrLimits(values).individuals.zones;
    const we4 = evaluateRules(values, { ...zones, center: wheeler.center }, ['we4'], { flag: 'all' });
    assert.deepEqual(we4.flags.map((f) => f.index), s.rule_2_runs_about_central_line_index0);
    // Wheeler rule 3: 3 of 4 beyond the halfway line (1.5σ) on one side, all window points flagged.
    const halfway = { center: wheeler.center, upper: [0, wheeler.center + (limits.ucl - wheeler.center) / 2, 0], lower: [0, wheeler.center - (wheeler.center - limits.lcl) / 2, 0] } as const;
    const rule3 = evaluateRules(values, halfway, [{ rule: 'we2', count: 3, length: 4 }], { flag: 'all' });
    assert.deepEqual(rule3.flags.map((f) => f.index), s.rule_3_runs_near_limits_index0);
  });
  it('checks the statprocon gaps against qcc (rounding only)', () => {
    const gaps = fixture.expected.agreement.statprocon_minus_qcc;
    const q = imrLimits(values);
    const w = wheelerXmrLimits(values);
    close(w.center - q.center, gaps.center, 'centre gap', 1e-6);
    close(w.upperNaturalProcessLimit - q.individuals.ucl, gaps.UCL, 'UCL gap', 1e-6);
    close(w.lowerNaturalProcessLimit - q.individuals.lcl, gaps.LCL, 'LCL gap', 1e-6);
  });
});
