// Phase I re-estimation and phase II monitoring against frozen limits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { phaseOneImr, phaseOneSubgroups, phaseTwo } from '../../../server/domain/quality/charts/phase';
import { imrLimits } from '../../../server/domain/quality/charts/imr';
import { subgroupStatistics } from '../../../server/domain/quality/charts/xbar';
import { WESTERN_ELECTRIC_RULES } from '../../../server/domain/quality/rules/catalog';

const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', '..', 'shared', 'reference');
const pistonrings = JSON.parse(readFileSync(path.join(referenceDir, 'pistonrings_xbar_r.json'), 'utf8'));
const subgroups: number[][] = pistonrings.input.subgroups.map((s: { values: number[] }) => s.values);

describe('phase II', () => {
  it('pistonrings: subgroups 26-40 against the frozen phase I Xbar-R limits', () => {
    const { limits } = phaseOneSubgroups('xbar-r', subgroups, { baseline: 25 });
    const means = subgroupStatistics(subgroups).means;
    const result = phaseTwo(limits.xbar, means.slice(0, 25), means.slice(25), WESTERN_ELECTRIC_RULES);
    assert.deepEqual(result.outside.map((i) => i + 26), [37, 38, 39]);
    // Per rule; qccRules' precedence coding of the same flags gives 2 at 34, 1 at 36-38 and 2 at 39.
    const byIndex = result.signals.map((v) => `${v.index}:${v.rule}`);
    assert.deepEqual(byIndex.sort(), [
      '34:we2', '34:we3', '36:we1', '36:we2', '37:we1', '37:we2', '37:we3', '38:we1', '38:we2', '38:we3', '39:we2', '39:we3',
    ]);
    assert.ok(result.evaluation.violations.length >= result.signals.length);
    assert.match(result.signals.find((v) => v.index === 36)!.text, /^WE1: 74.0166 above the upper control limit 74.0143 \(point 37\)$/);
  });
});

describe('phase I re-estimation', () => {
  const steady = [10.1, 9.8, 10.3, 9.9, 10.0, 10.2, 9.7, 10.1, 9.9, 10.0, 10.2, 9.8];
  const withSpike = [...steady.slice(0, 6), 16, ...steady.slice(6)];

  it('leaves limits alone when not asked', () => {
    const once = phaseOneImr(withSpike);
    assert.equal(once.iterations, 1);
    assert.deepEqual(once.removed, []);
    assert.deepEqual(once.limits, imrLimits(withSpike));
  });
  it('drops the spike and its two moving ranges, then re-estimates', () => {
    const cleaned = phaseOneImr(withSpike, { reestimate: true });
    assert.deepEqual(cleaned.removed, [6]);
    assert.equal(cleaned.iterations, 2);
    assert.deepEqual(cleaned.limits.excluded, [6]);
    assert.equal(cleaned.limits.pointsUsed, withSpike.length - 1);
    const mean = steady.reduce((a, b) => a + b, 0) / steady.length;
    assert.ok(Math.abs(cleaned.limits.center - mean) < 1e-12);
    // The range across the gap (10.2 -> 9.7) is not used: MRbar comes from the 10 ranges within each stretch.
    const ranges = [0.3, 0.5, 0.4, 0.1, 0.2, 0.4, 0.2, 0.1, 0.2, 0.4];
    assert.ok(Math.abs(cleaned.limits.mrBar - ranges.reduce((a, b) => a + b, 0) / 10) < 1e-12);
    assert.ok(cleaned.limits.individuals.ucl < imrLimits(withSpike).individuals.ucl);
  });
  it('re-estimates with the configured rules and stops at maxIterations', () => {
    const drift = [...steady, 10.6, 10.7, 10.8, 10.9, 11.0, 11.1, 11.2, 11.3, 11.4];
    const byTrend = phaseOneImr(drift, { reestimate: { rules: ['nelson3'], maxIterations: 2 } });
    assert.ok(byTrend.removed.length > 0);
    assert.ok(byTrend.iterations <= 2);
    assert.ok(byTrend.removed.every((i) => i >= steady.length));
  });
  it('subgroup charts also drop subgroups whose range is out of control', () => {
    const groups = subgroups.slice(0, 25).map((g) => [...g]);
    groups[4] = [73.95, 74.05, 74.0, 74.0, 74.0]; // range 0.1, far above the R chart UCL 0.048
    const result = phaseOneSubgroups('xbar-r', groups, { reestimate: true });
    assert.deepEqual(result.removed, [4]);
    assert.equal(result.limits.subgroupsUsed, 24);
  });
  it('respects a baseline window: points after it never enter the estimate', () => {
    const result = phaseOneImr([...steady, 50, 60], { baseline: steady.length, reestimate: true });
    assert.deepEqual(result.removed, []);
    assert.equal(result.limits.pointsUsed, steady.length);
  });
});
