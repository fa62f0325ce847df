// Least-squares straight line y = a + b·x with its prediction and confidence intervals (as R lm/predict.lm).
import { studentTQuantile } from './distributions';

export interface TrendPoint {
  x: number;
  y: number;
}

export interface LineFit {
  n: number;
  intercept: number;
  slope: number;
  /** Residual standard deviation s = √(SSE / (n − 2)). */
  residualSd: number;
  /** Residual degrees of freedom n − 2. */
  df: number;
  xMean: number;
  /** Σ(x − x̄)² */
  sxx: number;
  sse: number;
  /** Standard error of the slope, s / √Sxx. */
  slopeSe: number;
}

export interface LineInterval {
  x: number;
  fit: number;
  lower: number;
  upper: number;
  /** The t quantile used (two-sided at the confidence level). */
  t: number;
  /** Standard error of the prediction (or of the mean, for a confidence interval). */
  se: number;
  confidence: number;
}

export function fitLine(points: readonly TrendPoint[]): LineFit {
  const n = points.length;
  if (n < 2) throw new RangeError(`a line needs at least 2 points, got ${n}`);
  let sumX = 0;
  let sumY = 0;
  for (const p of points) {
    sumX += p.x;
    sumY += p.y;
  }
  const xMean = sumX / n;
  const yMean = sumY / n;
  // Centred sums: the uncentred formula loses digits when x or y sit far from zero.
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - xMean) * (p.x - xMean);
    sxy += (p.x - xMean) * (p.y - yMean);
  }
  if (!(sxx > 0)) throw new RangeError('a line needs at least 2 distinct x values');
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let sse = 0;
  for (const p of points) {
    const r = p.y - (intercept + slope * p.x);
    sse += r * r;
  }
  const df = n - 2;
  const residualSd = df > 0 ? Math.sqrt(sse / df) : NaN;
  return { n, intercept, slope, residualSd, df, xMean, sxx, sse, slopeSe: residualSd / Math.sqrt(sxx) };
}

/** Two-sided prediction interval for one new observation: ŷ ± t·s·√(1 + 1/n + (x0 − x̄)²/Sxx). */
export function predictionInterval(fit: LineFit, x0: number, confidence = 0.95): LineInterval {
  return interval(fit, x0, confidence, 1);
}

/** Two-sided confidence interval of the mean line: ŷ ± t·s·√(1/n + (x0 − x̄)²/Sxx). */
export function meanConfidenceInterval(fit: LineFit, x0: number, confidence = 0.95): LineInterval {
  return interval(fit, x0, confidence, 0);
}

function interval(fit: LineFit, x0: number, confidence: number, newObservation: 0 | 1): LineInterval {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  if (fit.df < 1) throw new RangeError('an interval needs at least 3 points (1 residual degree of freedom)');
  const fitted = fit.intercept + fit.slope * x0;
  const t = studentTQuantile(1 - (1 - confidence) / 2, fit.df);
  const se = fit.residualSd * Math.sqrt(newObservation + 1 / fit.n + ((x0 - fit.xMean) * (x0 - fit.xMean)) / fit.sxx);
  return { x: x0, fit: fitted, lower: fitted - t * se, upper: fitted + t * se, t, se, confidence };
}
