// EWMA against Montgomery SQC Example 9.2 (λ = 0.1, L = 2.7, μ0 = 10, σ = 1) and the closed-form limits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ewmaChart, ewmaHalfWidth } from '../../../server/domain/quality/ewma';

// Montgomery, Introduction to SQC, Table 9.1: 20 in-control points (μ = 10), then a 1σ shift.
const MONTGOMERY_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
  10.9, 9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];

const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('EWMA chart', () => {
  const chart = ewmaChart(MONTGOMERY_9_1, { center: 10, sigma: 1, lambda: 0.1, nsigmas: 2.7 });
  it('follows the textbook statistics and exact limits', () => {
    near(chart.points[0]!.ewma, 9.945, 1e-12, 'z1');
    near(chart.points[1]!.ewma, 9.7495, 1e-12, 'z2');
    near(chart.points[0]!.ucl, 10.27, 1e-12, 'UCL1');
    near(chart.points[1]!.ucl, 10.3632, 5e-5, 'UCL2');
    near(chart.points[0]!.lcl, 9.73, 1e-12, 'LCL1');
    near(chart.points[28]!.ewma, 10.6468, 5e-5, 'z29');
    near(chart.asymptotic.ucl, 10 + 2.7 * Math.sqrt(0.1 / 1.9), 1e-12, 'steady-state UCL');
  });
  it('signals first at point 29, after the shift, and explains it', () => {
    assert.deepEqual(chart.signals.map((s) => s.index), [28, 29]);
    assert.equal(chart.signals[0]!.side, 'above');
    assert.match(chart.signals[0]!.text, /^EWMA \(λ = 0.1, L = 2.7\): EWMA 10.6468 above the upper limit 10.6187 at point 29/);
  });
  it('limits widen towards the steady state and scale with σ/√n', () => {
    const widths = [1, 2, 5, 50].map((i) => ewmaHalfWidth(i, 0.2, 3, 1));
    for (let j = 1; j < widths.length; j++) assert.ok(widths[j]! > widths[j - 1]!);
    const grouped = ewmaChart([10, 10], { center: 10, sigma: 2, subgroupSize: 4 });
    near(grouped.points[0]!.ucl - 10, ewmaHalfWidth(1, 0.2, 3, 1), 1e-15, 'σ/√n');
  });
  it('λ = 1 reduces to a Shewhart chart at L sigma', () => {
    const shewhart = ewmaChart([10, 13.5, 9], { center: 10, sigma: 1, lambda: 1 });
    assert.deepEqual(shewhart.points.map((p) => p.ewma), [10, 13.5, 9]);
    assert.deepEqual(shewhart.signals.map((s) => s.index), [1]);
  });
  it('refuses bad parameters', () => {
    assert.throws(() => ewmaChart([1], { center: 0, sigma: 1, lambda: 0 }), /lambda must be in \(0, 1\]/);
    assert.throws(() => ewmaChart([1], { center: 0, sigma: 0 }), /sigma > 0/);
    assert.throws(() => ewmaChart([Number.NaN], { center: 0, sigma: 1 }), /index 0 is not a finite number/);
  });
});
