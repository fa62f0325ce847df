// OOT checks: the regression control chart against the R lm/predict.lm fixture (exp1 batch b5),
// the by-time-point tolerance interval and the slope control chart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byTimePointOot, regressionOot, slopeOot } from '../../../server/domain/quality/oot';
import { fitLine, meanConfidenceInterval, predictionInterval } from '../../../server/domain/quality/regression';
import { toleranceFactorExact, toleranceFactorHowe } from '../../../server/domain/quality/tolerance';
import { assertClose, loadFixture } from './quality-reference';

interface Step {
  k: number;
  fit_rows_index0: number[];
  intercept: number;
  slope: number;
  residual_sd: number;
  df: number;
  predict_row_index0: number;
  t: number;
  observed: number;
  fit: number;
  lwr: number;
  upr: number;
  OOT: boolean;
}
interface OotFixture {
  input: { rows: { index0: number; t: number; y: number }[]; next_time_point: number; level: number };
  expected: {
    full_batch_fit: {
      n: number;
      intercept: number;
      slope: number;
      residual_sd: number;
      df: number;
      't_quantile_0.975': number;
      prediction_intervals: { t: number; fit: number; lwr: number; upr: number; conf_lwr: number; conf_upr: number }[];
    };
    worked_case: Step;
    worked_case_hypothetical: Step;
    rolling_one_step_ahead: Step[];
    rolling_skipped_k_exact_fit: number[];
  };
}

const fixture = loadFixture<OotFixture>('stability_regression_oot_exp1_b5.json');
const rows = fixture.input.rows.map((r) => ({ x: r.t, y: r.y }));
const e = fixture.expected;

describe('regression fit and intervals reproduce R lm / predict.lm (exp1 b5)', () => {
  const fit = fitLine(rows);
  it('full-batch fit: intercept, slope, residual sd, df', () => {
    assert.equal(fit.n, e.full_batch_fit.n);
    assert.equal(fit.df, e.full_batch_fit.df);
    assertClose(fit.intercept, e.full_batch_fit.intercept, 1e-10, 'intercept');
    assertClose(fit.slope, e.full_batch_fit.slope, 1e-10, 'slope');
    assertClose(fit.residualSd, e.full_batch_fit.residual_sd, 1e-10, 'residual sd');
  });
  it('95% prediction and confidence intervals at every observed time and at 36 months', () => {
    for (const row of e.full_batch_fit.prediction_intervals) {
      const pi = predictionInterval(fit, row.t, fixture.input.level);
      const ci = meanConfidenceInterval(fit, row.t, fixture.input.level);
      assertClose(pi.t, e.full_batch_fit['t_quantile_0.975'], 1e-12, 't');
      assertClose(pi.fit, row.fit, 1e-10, `fit at ${row.t}`);
      assertClose(pi.lower, row.lwr, 1e-10, `lwr at ${row.t}`);
      assertClose(pi.upper, row.upr, 1e-10, `upr at ${row.t}`);
      assertClose(ci.lower, row.conf_lwr, 1e-10, `conf_lwr at ${row.t}`);
      assertClose(ci.upper, row.conf_upr, 1e-10, `conf_upr at ${row.t}`);
    }
  });
});

function checkStep(step: Step): void {
  const prior = step.fit_rows_index0.map((i) => rows[i] as { x: number; y: number });
  const v = regressionOot(prior, step.t, step.observed, 0.95);
  assert.equal(v.outcome, step.OOT ? 'oot' : 'in-trend', `k=${step.k}`);
  assert.equal(v.oot, step.OOT);
  assert.equal(v.fit?.df, step.df);
  assertClose(v.fit?.intercept, step.intercept, 1e-10, `intercept k=${step.k}`);
  assertClose(v.fit?.slope, step.slope, 1e-10, `slope k=${step.k}`);
  assertClose(v.fit?.residualSd, step.residual_sd, 1e-10, `sd k=${step.k}`);
  assertClose(v.expected, step.fit, 1e-10, `fit k=${step.k}`);
  assertClose(v.interval?.lower, step.lwr, 1e-10, `lwr k=${step.k}`);
  assertClose(v.interval?.upper, step.upr, 1e-10, `upr k=${step.k}`);
}

describe('regression control chart OOT', () => {
  it('worked case: rows 0–8 predict month 24; 96.6 is above [90.437, 95.606], so OOT', () => {
    checkStep(e.worked_case);
    const prior = e.worked_case.fit_rows_index0.map((i) => rows[i] as { x: number; y: number });
    const v = regressionOot(prior, 24, 96.6);
    assert.equal(v.direction, 'above');
    assert.equal(v.explanation.rule, 'oot.regression');
    assert.deepEqual(v.explanation.points, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.match(v.explanation.text, /^Result 96\.6 at time 24 is above the 95% prediction interval 90\.4368–95\.6057 of the trend fitted to 9 prior results/);
    assert.match(v.explanation.text, /out of trend \(OOT\)/);
  });
  it('hypothetical 94.5 at month 24 is in trend', () => {
    checkStep(e.worked_case_hypothetical);
  });
  it('every rolling one-step-ahead check matches R', () => {
    assert.equal(e.rolling_one_step_ahead.length, 6);
    for (const step of e.rolling_one_step_ahead) checkStep(step);
  });
  it('k values whose first k points lie on a line cannot be evaluated (zero-width interval)', () => {
    for (const k of e.rolling_skipped_k_exact_fit) {
      const v = regressionOot(rows.slice(0, k), (rows[k] as { x: number }).x, (rows[k] as { y: number }).y);
      assert.equal(v.outcome, 'cannot-evaluate', `k=${k}`);
      assert.equal(v.oot, false);
      assert.match(v.reason ?? '', /exactly on a line/);
    }
  });
  it('collinear results whose residual sd is only rounding noise cannot be evaluated either', () => {
    const v = regressionOot([{ x: 0, y: 0.1 }, { x: 1, y: 0.4 }, { x: 2, y: 0.7 }, { x: 3, y: 1.0 }], 6, 1.9);
    assert.equal(v.outcome, 'cannot-evaluate');
  });
  it('fewer than 3 points or a single time point cannot be evaluated', () => {
    assert.equal(regressionOot(rows.slice(0, 2), 3, 100).outcome, 'cannot-evaluate');
    assert.equal(regressionOot([{ x: 3, y: 1 }, { x: 3, y: 2 }, { x: 3, y: 3 }], 6, 1).outcome, 'cannot-evaluate');
  });
  it('a result exactly on the prediction bound is in trend (OOT is strictly outside)', () => {
    const prior = e.worked_case.fit_rows_index0.map((i) => rows[i] as { x: number; y: number });
    const upper = regressionOot(prior, 24, 0).interval?.upper as number;
    assert.equal(regressionOot(prior, 24, upper).oot, false);
  });
});

// Exact factors cross-checked with SciPy 1.17.1: brentq on sqrt(2n/pi)*quad(chi2.sf(nu*ncx2.ppf(P,1,z^2)/k^2, nu)*exp(-n z^2/2))
// and by Monte Carlo (2e6 samples, n = 10, P = 0.90: coverage 0.9497 at k = 2.8563, 0.9476 at Howe's 2.8383).
describe('tolerance factors', () => {
  it('Howe closed form', () => {
    assertClose(toleranceFactorHowe(10, 0.9, 0.95), Math.sqrt((9 * 1.1 * 1.6448536269514722 ** 2) / 3.325112843066815), 1e-12, 'howe');
  });
  it('exact factors agree with the SciPy integration', () => {
    assertClose(toleranceFactorExact(10, 0.9, 0.95), 2.856310848578926, 1e-7, 'n=10 P=.90');
    assertClose(toleranceFactorExact(10, 0.95, 0.95), 3.393429478712595, 1e-7, 'n=10 P=.95');
    assertClose(toleranceFactorExact(20, 0.95, 0.95), 2.7603461784456997, 1e-7, 'n=20 P=.95');
  });
  it('Howe and exact converge for large n', () => {
    assertClose(toleranceFactorHowe(1000, 0.95, 0.95), toleranceFactorExact(1000, 0.95, 0.95), 1e-4, 'n=1000');
  });
});

describe('by-time-point OOT', () => {
  const month12 = [98.6, 97.2, 102.4, 101.2, 98.0, 97.1, 97.4, 97.2, 98.5, 97.4];
  it('a result inside x̄ ± k·s is in trend, one outside is OOT, with the interval and k', () => {
    const inside = byTimePointOot(month12, 99);
    assert.equal(inside.outcome, 'in-trend');
    const k = toleranceFactorHowe(10, 0.99, 0.95);
    assertClose(inside.k, k, 1e-12, 'k');
    assertClose(inside.interval?.lower, (inside.historicalMean as number) - k * (inside.historicalSd as number), 1e-12, 'lower');
    const low = byTimePointOot(month12, 90);
    assert.equal(low.outcome, 'oot');
    assert.equal(low.direction, 'below');
    assert.match(low.explanation.text, /below the tolerance interval .* \(99% of batches with 95% confidence\) of 10 historical batches/);
  });
  it('the exact method gives a slightly wider interval at n = 10', () => {
    const howe = byTimePointOot(month12, 99);
    const exact = byTimePointOot(month12, 99, { method: 'exact' });
    assert.ok((exact.k as number) !== (howe.k as number));
    assert.equal(exact.kMethod, 'exact');
  });
  it('fewer than 3 batches or no variation cannot be evaluated', () => {
    assert.equal(byTimePointOot([98, 99], 99).outcome, 'cannot-evaluate');
    assert.equal(byTimePointOot([98, 98, 98], 99).outcome, 'cannot-evaluate');
  });
});

describe('slope control chart OOT', () => {
  // Historical slopes of exp1 batches b2, b3, b4, b7 (individual least-squares fits, 4 decimals), %LC per month.
  const historical = [-0.1801, -0.234, -0.1962, -0.1884];
  it('a batch degrading much faster than history is OOT below; b5 is in trend', () => {
    const fast = slopeOot(historical, [{ x: 0, y: 101 }, { x: 3, y: 99 }, { x: 6, y: 96.5 }, { x: 9, y: 94.2 }]);
    assert.equal(fast.outcome, 'oot');
    assert.equal(fast.direction, 'below');
    assertClose(fast.observed, fitLine([{ x: 0, y: 101 }, { x: 3, y: 99 }, { x: 6, y: 96.5 }, { x: 9, y: 94.2 }]).slope, 1e-12, 'slope');
    const b5 = slopeOot(historical, rows);
    assert.equal(b5.outcome, 'in-trend');
    assert.match(b5.explanation.text, /^The batch slope -0\.208609 per time unit is inside the 95% prediction interval/);
  });
  it('the interval is mean ± t(0.975, m−1)·sd·√(1 + 1/m)', () => {
    const v = slopeOot(historical, rows);
    const m = historical.length;
    const centre = historical.reduce((a, b) => a + b, 0) / m;
    const sd = Math.sqrt(historical.reduce((a, b) => a + (b - centre) ** 2, 0) / (m - 1));
    assertClose(v.interval?.upper, centre + 3.1824463052837078 * sd * Math.sqrt(1 + 1 / m), 1e-10, 'upper');
  });
  it('exp1 b8 (the fastest-degrading batch, slope −0.330) is OOT against the other four', () => {
    const v = slopeOot(historical, [{ x: 0, y: 101.6 }, { x: 3, y: 100 }, { x: 6, y: 99 }, { x: 12, y: 97.8 }, { x: 12, y: 97 }]);
    assertClose(v.observed, -0.33020833333333394, 1e-10, 'b8 slope');
    assert.equal(v.oot, true);
  });
  it('too few historical slopes or batch time points cannot be evaluated', () => {
    assert.equal(slopeOot([-0.2, -0.1], rows).outcome, 'cannot-evaluate');
    assert.equal(slopeOot(historical, [{ x: 0, y: 100 }]).outcome, 'cannot-evaluate');
  });
});
