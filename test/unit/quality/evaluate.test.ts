// Integrated evaluation of one new result: spec verdict, SPC on frozen limits, regression OOT, disposition.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TestSpecification } from '../../../server/domain/types';
import { evaluateResult } from '../../../server/domain/quality/evaluate';
import { monitorNewResult, prepareSpcBaseline } from '../../../server/domain/quality/charts/monitor';
import { imrLimits } from '../../../server/domain/quality/charts/imr';
import { evaluateRules } from '../../../server/domain/quality/rules/evaluate-rules';
import { parseRuleList } from '../../../server/domain/quality/rules/parse';

const assay: TestSpecification = {
  id: 'SPEC-ASSAY', version: '1', productId: 'P1', test: 'Assay', keyword: 'assay', unit: '%', kind: 'numeric',
  lsl: 95, usl: 105, decimals: 1, method: 'HPLC',
  spc: { chart: 'imr', subgroupSize: 1, rules: ['we1', 'we2', 'we3', 'we4', 'nelson2', 'nelson3'], baseline: 20 },
};
// 20 baseline results around 100 (MRbar 0.6, σ ≈ 0.53, limits ≈ 98.4 / 101.6), then 10 more in control.
const history = [
  100.2, 99.6, 100.4, 99.9, 100.5, 99.7, 100.1, 99.4, 100.3, 99.8, 100.6, 99.9, 100.2, 99.5, 100.0, 100.4, 99.7, 100.1, 99.8, 100.3,
  99.9, 100.2, 99.6, 100.1, 100.4, 99.8, 100.0, 99.7, 100.3, 99.9,
];
const lots = history.map((_, i) => `LOT-${String(i + 1).padStart(3, '0')}`);

describe('evaluateResult', () => {
  it('an ordinary result: release, in control, in trend', () => {
    const e = evaluateResult(assay, { reported: '100.1' }, { values: history });
    assert.equal(e.disposition, 'release');
    assert.deepEqual(e.raisedBy, []);
    assert.equal(e.spc.status, 'in-control');
    assert.equal(e.oot.status, 'in-trend');
    assert.equal(e.spc.check?.index, 30);
    assert.equal(e.explanations[0]?.rule, 'spec.within-limits');
    assert.equal(e.explanations.at(-1)?.rule, 'oot.regression');
    assert.match(e.text, /Overall: release\.$/);
  });

  it('within spec but beyond the control limit: QA review raised by WE1, with the lot named', () => {
    const e = evaluateResult(assay, { reported: 102.4, label: 'LOT-031' }, { values: history, labels: lots });
    assert.equal(e.spec.outcome, 'pass');
    assert.equal(e.disposition, 'review');
    assert.ok(e.raisedBy.includes('spc.we1'));
    const we1 = e.explanations.find((x) => x.rule === 'spc.we1');
    assert.match(we1?.text ?? '', /^WE1: 102\.40 above the upper control limit 101\.\d\d \(LOT-031\)$/);
    assert.deepEqual(we1?.points, [30]);
    assert.ok(e.spc.limits && e.spc.limits.ucl < 102.4);
    assert.match(e.text, /Control chart signal: WE1: 102\.40 above/);
  });

  it('out of specification stays a hold; SPC never lowers it', () => {
    const e = evaluateResult(assay, { reported: 106.2 }, { values: history });
    assert.equal(e.spec.outcome, 'fail');
    assert.equal(e.disposition, 'hold');
    assert.equal(e.raisedBy[0], 'spec.usl');
    assert.ok(e.raisedBy.includes('spc.we1'));
  });

  it('a run of 9 above the centre line: Nelson 2 and WE4 name the lots', () => {
    const run = [...history.slice(0, 22), 100.3, 100.2, 100.4, 100.1, 100.5, 100.2, 100.3, 100.2];
    const e = evaluateResult(assay, { reported: 100.3, label: 'LOT-031' }, { values: run, labels: lots });
    assert.equal(e.disposition, 'review');
    const nelson2 = e.explanations.find((x) => x.rule === 'spc.nelson2');
    assert.match(nelson2?.text ?? '', /^Nelson 2: 9 points in a row above the centre line 100\.\d\d \(LOT-023–LOT-031\)$/);
    assert.deepEqual(nelson2?.points, [22, 23, 24, 25, 26, 27, 28, 29, 30]);
    assert.ok(e.raisedBy.includes('spc.we4'));
  });

  it('a result off the recent trend is OOT (regression prediction interval) and goes to review', () => {
    const drift = history.map((v, i) => 97 + 0.1 * i + (v - 100) * 0.1);
    const e = evaluateResult({ ...assay, spc: undefined }, { reported: 97.2 }, { values: drift });
    assert.equal(e.spc.status, 'not-configured');
    assert.equal(e.oot.status, 'oot');
    assert.equal(e.oot.verdict?.direction, 'below');
    assert.equal(e.disposition, 'review');
    assert.deepEqual(e.raisedBy, ['oot.regression']);
    const oot = e.explanations.find((x) => x.rule === 'oot.regression');
    assert.equal(oot?.points[0], 0);
    assert.equal(oot?.points.at(-1), 29);
    const inTrend = evaluateResult({ ...assay, spc: undefined }, { reported: 100.0 }, { values: drift });
    assert.equal(inTrend.oot.status, 'in-trend');
  });

  it('OOT uses the given x values and window, and can be turned off', () => {
    const x = history.map((_, i) => i * 3);
    const e = evaluateResult(assay, { reported: 100, x: 90 }, { values: history, x }, { oot: { window: 10, confidence: 0.99 } });
    assert.equal(e.oot.verdict?.x0, 90);
    assert.equal(e.oot.verdict?.fit?.n, 10);
    assert.equal(e.oot.verdict?.confidence, 0.99);
    assert.equal(evaluateResult(assay, { reported: 100 }, { values: history }, { oot: false }).oot.status, 'off');
  });

  it('non-numeric results are not charted or trended, and never pass silently', () => {
    const e = evaluateResult(assay, { reported: 'conforms' }, { values: history });
    assert.equal(e.spec.outcome, 'cannot-evaluate');
    assert.equal(e.disposition, 'review');
    assert.equal(e.spc.status, 'not-numeric');
    assert.equal(e.oot.status, 'not-numeric');
  });

  it('too little history for the spec baseline: SPC waits and says why', () => {
    const e = evaluateResult(assay, { reported: 100 }, { values: history.slice(0, 12) });
    assert.equal(e.spc.status, 'insufficient-history');
    assert.match(e.spc.reason ?? '', /SPC limits need 20 baseline results; 12 result\(s\) so far/);
  });

  it('precomputed limits give the same result as limits computed from history', () => {
    const spcBaseline = prepareSpcBaseline(assay.spc!, history);
    assert.deepEqual(spcBaseline.limits, imrLimits(history, { baseline: 20 }).individuals);
    const a = evaluateResult(assay, { reported: 102.4 }, { values: history }, { spcBaseline });
    const b = evaluateResult(assay, { reported: 102.4 }, { values: history });
    assert.deepEqual(a, b);
  });

  it('the Rspc variant reaches the rules (Nelson 8 on one side only)', () => {
    const spc = { chart: 'imr' as const, subgroupSize: 1, rules: ['nelson8'], baseline: 20 };
    const spcBaseline = prepareSpcBaseline(spc, history);
    const spec = { ...assay, spc };
    const above = [...history, 100.9, 101.0, 100.8, 101.1, 100.9, 101.2, 100.8];
    const qcc = evaluateResult(spec, { reported: 101.0 }, { values: above }, { spcBaseline });
    const rspc = evaluateResult(spec, { reported: 101.0 }, { values: above }, { spcBaseline, variant: 'rspc' });
    assert.equal(qcc.spc.status, 'in-control');
    assert.equal(rspc.spc.status, 'signal');
    assert.match(rspc.explanations.find((x) => x.rule === 'spc.nelson8')?.text ?? '', /8 points in a row beyond ±1σ .*, all above/);
  });

  it("Rspc's start-of-series 2-of-3 cannot fire on the newest point (Rspc needs 3 points before any flag)", () => {
    const spc = { chart: 'imr' as const, subgroupSize: 1, rules: ['we2'], baseline: 20 };
    const spcBaseline = prepareSpcBaseline(spc, history);
    const e = evaluateResult({ ...assay, spc }, { reported: 101.9 }, { values: [102.0] }, { spcBaseline, variant: 'rspc' });
    assert.equal(e.spc.status, 'in-control');
  });
});

describe('Xbar charts in the watcher', () => {
  const spec: TestSpecification = { ...assay, spc: { chart: 'xbar-r', subgroupSize: 4, rules: ['we1'], baseline: 5 } };
  const values = history.slice(0, 20);
  it('a result that does not complete a subgroup is pending', () => {
    const e = evaluateResult(spec, { reported: 100 }, { values });
    assert.equal(e.spc.status, 'pending-subgroup');
    assert.equal(e.spc.check?.index, 5);
  });
  it('the 4th result plots the subgroup mean and checks the range chart', () => {
    const e = evaluateResult(spec, { reported: 103.5 }, { values: [...values, 99.9, 100.0, 100.1] });
    assert.equal(e.spc.check?.index, 5);
    assert.ok(Math.abs((e.spc.check?.statistic ?? 0) - (99.9 + 100 + 100.1 + 103.5) / 4) < 1e-12);
    assert.equal(e.spc.status, 'signal');
    assert.ok(e.raisedBy.includes('spc.spread-limit') || e.raisedBy.includes('spc.we1'));
    assert.ok(e.explanations.some((x) => x.rule === 'spc.spread-limit' && /^Range [\d.]+ above its upper control limit/.test(x.text)));
  });
});

describe('the watcher window equals the full-series evaluation', () => {
  it('for any history, the newest point gets exactly the batch violations', () => {
    const rules = parseRuleList('we,nelson');
    const spc = { chart: 'imr' as const, subgroupSize: 1, rules: ['we', 'nelson'], baseline: 20 };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -30, max: 30 }), { minLength: 20, maxLength: 80 }),
        fc.integer({ min: -30, max: 30 }),
        fc.constantFrom('qcc', 'rspc'),
        (raw, next, variant) => {
          const baseline = prepareSpcBaseline(spc, raw);
          const check = monitorNewResult(baseline, raw, next, { variant });
          const full = evaluateRules([...raw, next], baseline.limits.zones, rules, { variant });
          const expected = full.violations.filter((v) => v.index === raw.length);
          assert.deepEqual(check.violations, expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
