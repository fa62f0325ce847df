// Out-of-trend checks from the PhRMA CMC Statistics and Stability Expert Teams (2003): regression
// control chart, by-time-point tolerance interval and slope control chart. Prediction and tolerance
// intervals, never confidence intervals of the mean: the question is about one new result.
import { studentTQuantile } from './distributions';
import { ootRegressionText, ootSlopeText, ootTimePointText, ootUnavailableText } from './oot-wording';
import { fitLine, predictionInterval } from './regression';
import type { TrendPoint } from './regression';
import { mean, sampleSd } from './stats';
import { toleranceFactor } from './tolerance';
import type { ToleranceMethod } from './tolerance';
import type { ByTimePointOotVerdict, OotVerdictBase, RegressionOotVerdict, SlopeOotVerdict } from './oot-verdict';

export type { ByTimePointOotVerdict, OotOutcome, OotVerdict, OotVerdictBase, RegressionOotVerdict, SlopeOotVerdict } from './oot-verdict';

function classify(value: number, lower: number, upper: number): Pick<OotVerdictBase, 'outcome' | 'oot' | 'direction'> {
  if (value > upper) return { outcome: 'oot', oot: true, direction: 'above' };
  if (value < lower) return { outcome: 'oot', oot: true, direction: 'below' };
  return { outcome: 'in-trend', oot: false, direction: null };
}

function unavailable(rule: string, observed: number, confidence: number, reason: string): OotVerdictBase {
  return {
    outcome: 'cannot-evaluate',
    oot: false,
    direction: null,
    observed,
    expected: null,
    interval: null,
    confidence,
    reason,
    explanation: { rule, points: [], values: [observed], limits: {}, numbers: {}, text: ootUnavailableText(rule, reason) },
  };
}

/**
 * Regression control chart: fit the prior results (x = time), then the new result y0 at x0 is OOT when
 * it lies strictly outside ŷ ± t(1 − α/2, n − 2)·s·√(1 + 1/n + (x0 − x̄)²/Sxx).
 */
export function regressionOot(points: readonly TrendPoint[], x0: number, y0: number, confidence = 0.95): RegressionOotVerdict {
  const rule = 'oot.regression';
  const none = { method: 'regression' as const, x0, fit: null, t: null, se: null };
  if (points.length < 3) return { ...unavailable(rule, y0, confidence, `a trend needs at least 3 prior results, got ${points.length}`), ...none };
  if (points.every((p) => p.x === points[0]?.x)) return { ...unavailable(rule, y0, confidence, 'the prior results are all at the same time point'), ...none };
  const fit = fitLine(points);
  // Collinear results leave a residual sd of rounding noise (~1e-16 of the values): treat it as zero.
  const scale = points.reduce((m, p) => Math.max(m, Math.abs(p.y)), 0);
  if (!(fit.residualSd > 1e-12 * scale)) {
    return { ...unavailable(rule, y0, confidence, 'the prior results lie exactly on a line, so the prediction interval has zero width'), ...none };
  }
  const pi = predictionInterval(fit, x0, confidence);
  const verdict = classify(y0, pi.lower, pi.upper);
  return {
    method: 'regression',
    ...verdict,
    observed: y0,
    expected: pi.fit,
    interval: { lower: pi.lower, upper: pi.upper },
    confidence,
    reason: null,
    x0,
    fit,
    t: pi.t,
    se: pi.se,
    explanation: {
      rule,
      points: points.map((_, i) => i),
      values: points.map((p) => p.y),
      limits: { lower: pi.lower, upper: pi.upper },
      numbers: { x0, y0, fit: pi.fit, intercept: fit.intercept, slope: fit.slope, residualSd: fit.residualSd, n: fit.n, df: fit.df, t: pi.t, se: pi.se, confidence },
      text: ootRegressionText(verdict.direction, y0, x0, pi, fit),
    },
  };
}

/**
 * By-time-point: other batches' results at the same time point give a normal tolerance interval
 * x̄ ± k·s (k for `coverage` of batches with `confidence`; Howe by default); y0 outside it is OOT.
 */
export function byTimePointOot(
  historical: readonly number[],
  y0: number,
  opts: { confidence?: number; coverage?: number; method?: ToleranceMethod } = {},
): ByTimePointOotVerdict {
  const rule = 'oot.by-time-point';
  const confidence = opts.confidence ?? 0.95;
  const coverage = opts.coverage ?? 0.99;
  const kMethod = opts.method ?? 'howe';
  const n = historical.length;
  const none = { method: 'by-time-point' as const, n, coverage, k: null, kMethod, historicalMean: null, historicalSd: null };
  if (n < 3) return { ...unavailable(rule, y0, confidence, `a tolerance interval needs at least 3 historical batches, got ${n}`), ...none };
  const m = mean(historical);
  const sd = sampleSd(historical);
  if (!(sd > 0)) return { ...unavailable(rule, y0, confidence, 'the historical results do not vary, so the tolerance interval has zero width'), ...none };
  const k = toleranceFactor(n, coverage, confidence, kMethod);
  const lower = m - k * sd;
  const upper = m + k * sd;
  const verdict = classify(y0, lower, upper);
  return {
    method: 'by-time-point',
    ...verdict,
    observed: y0,
    expected: m,
    interval: { lower, upper },
    confidence,
    reason: null,
    n,
    coverage,
    k,
    kMethod,
    historicalMean: m,
    historicalSd: sd,
    explanation: {
      rule,
      points: historical.map((_, i) => i),
      values: [...historical],
      limits: { lower, upper },
      numbers: { y0, mean: m, sd, k, n, coverage, confidence },
      text: ootTimePointText(verdict.direction, y0, { lower, upper, mean: m, sd, k, n, coverage, confidence, kMethod }),
    },
  };
}

/**
 * Slope control chart: the batch's least-squares slope to date against a prediction interval for one
 * new slope from the historical batches' slopes, s̄ ± t(1 − α/2, m − 1)·sd·√(1 + 1/m).
 */
export function slopeOot(historicalSlopes: readonly number[], batchPoints: readonly TrendPoint[], confidence = 0.95): SlopeOotVerdict {
  const rule = 'oot.slope';
  const m = historicalSlopes.length;
  const none = { method: 'slope' as const, m, batchFit: null, historicalMean: null, historicalSd: null, t: null };
  if (batchPoints.length < 2 || batchPoints.every((p) => p.x === batchPoints[0]?.x)) {
    return { ...unavailable(rule, NaN, confidence, 'the batch needs results at 2 or more time points for a slope'), ...none };
  }
  const batchFit = fitLine(batchPoints);
  const observed = batchFit.slope;
  if (m < 3) return { ...unavailable(rule, observed, confidence, `the slope chart needs at least 3 historical slopes, got ${m}`), ...none, batchFit };
  const centre = mean(historicalSlopes);
  const sd = sampleSd(historicalSlopes);
  if (!(sd > 0)) return { ...unavailable(rule, observed, confidence, 'the historical slopes do not vary'), ...none, batchFit };
  const t = studentTQuantile(1 - (1 - confidence) / 2, m - 1);
  const half = t * sd * Math.sqrt(1 + 1 / m);
  const verdict = classify(observed, centre - half, centre + half);
  return {
    method: 'slope',
    ...verdict,
    observed,
    expected: centre,
    interval: { lower: centre - half, upper: centre + half },
    confidence,
    reason: null,
    m,
    batchFit,
    historicalMean: centre,
    historicalSd: sd,
    t,
    explanation: {
      rule,
      points: batchPoints.map((_, i) => i),
      values: batchPoints.map((p) => p.y),
      limits: { lower: centre - half, upper: centre + half },
      numbers: { slope: observed, historicalMean: centre, historicalSd: sd, m, t, confidence, batchPoints: batchPoints.length },
      text: ootSlopeText(verdict.direction, observed, { lower: centre - half, upper: centre + half, mean: centre, m, confidence }),
    },
  };
}
