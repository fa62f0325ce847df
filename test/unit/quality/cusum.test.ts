// Tabular CUSUM against Montgomery SQC Example 9.1 (μ0 = 10, σ = 1, k = 0.5, h = 5).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cusumChart } from '../../../server/domain/quality/cusum';

// Montgomery, Introduction to SQC, Table 9.1: 20 in-control points (μ = 10), then a 1σ shift.
const MONTGOMERY_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
  10.9, 9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];

const near = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('tabular CUSUM', () => {
  const chart = cusumChart(MONTGOMERY_9_1, { center: 10, sigma: 1, k: 0.5, h: 5 });
  it('reproduces Table 9.2 sums', () => {
    const upper = chart.points.map((p) => p.upper);
    const lower = chart.points.map((p) => p.lower);
    near(upper[3]!, 1.16, 1e-9, 'C+4');
    near(upper[4]!, 2.82, 1e-9, 'C+5');
    near(lower[1]!, 1.56, 1e-9, 'C-2');
    near(upper[27]!, 4.47, 1e-9, 'C+28');
    near(upper[28]!, 5.28, 1e-9, 'C+29');
    assert.equal(chart.points[28]!.upperRun, 7);
  });
  it('signals at point 29 and dates the shift after point 22 with mean about 11.25', () => {
    assert.deepEqual(chart.signals.map((s) => [s.index, s.side]), [[28, 'upper'], [29, 'upper']]);
    const first = chart.signals[0]!;
    assert.equal(first.shiftAfter, 21);
    near(first.estimatedMean, 10 + 0.5 + 5.28 / 7, 1e-9, 'estimated mean');
    assert.match(first.text, /upper sum 5.28 exceeds H = 5 at point 29; the mean has likely risen to about 11.2543 since after point 22/);
  });
  it('is mirror-symmetric: negated deviations swap the upper and lower sums', () => {
    const mirrored = cusumChart(MONTGOMERY_9_1.map((x) => 20 - x), { center: 10, sigma: 1 });
    chart.points.forEach((p, i) => {
      near(mirrored.points[i]!.lower, p.upper, 1e-9, `lower ${i}`);
      near(mirrored.points[i]!.upper, p.lower, 1e-9, `upper ${i}`);
    });
    assert.deepEqual(mirrored.signals.map((s) => s.side), ['lower', 'lower']);
  });
  it('a head start raises the first sums', () => {
    const fir = cusumChart([10.6], { center: 10, sigma: 1, headStart: 2.5 });
    near(fir.points[0]!.upper, 2.5 + 0.1, 1e-12, 'FIR upper');
  });
  it('refuses bad parameters', () => {
    assert.throws(() => cusumChart([1], { center: 0, sigma: 1, h: 0 }), /h > 0/);
    assert.throws(() => cusumChart([1], { center: 0, sigma: -1 }), /sigma > 0/);
  });
});
