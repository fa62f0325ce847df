// Tabular CUSUM (Page 1954; Montgomery SQC §9.1): C⁺_i = max(0, x_i − (μ0 + K) + C⁺_{i−1}),
// C⁻_i = max(0, (μ0 − K) − x_i + C⁻_{i−1}), K = k·σ, H = h·σ; a signal when a sum strictly exceeds H.
// Defaults k = 0.5 (detects a 1σ shift) and h = 5, as qcc `cusum()`. Sums are not reset after a signal
// (qcc); the shift's start and size are estimated from the run of non-zero sums (Montgomery eq. 9.6).
import { formatNumber } from './explain';

export interface CusumOptions {
  center: number;
  sigma: number;
  /** Reference value in sigmas (half the shift to detect). */
  k?: number;
  /** Decision interval in sigmas. */
  h?: number;
  /** Observations per plotted point; default 1. */
  subgroupSize?: number;
  /** Fast initial response: both sums start at this many sigmas (Lucas & Crosier 1982); default 0. */
  headStart?: number;
}

export interface CusumPoint {
  index: number;
  value: number;
  upper: number;
  lower: number;
  /** Consecutive points with a non-zero upper (lower) sum, ending here. */
  upperRun: number;
  lowerRun: number;
  signal: 'upper' | 'lower' | 'both' | null;
}

export interface CusumSignal {
  index: number;
  side: 'upper' | 'lower';
  sum: number;
  decisionInterval: number;
  /** Index of the last point before the shift began (index − run). */
  shiftAfter: number;
  /** Estimated new process mean, μ0 ± (K + C/N). */
  estimatedMean: number;
  text: string;
}

export interface CusumChart {
  center: number;
  sigma: number;
  k: number;
  h: number;
  /** K and H in data units. */
  reference: number;
  decisionInterval: number;
  points: CusumPoint[];
  signals: CusumSignal[];
}

export function cusumChart(values: readonly number[], options: CusumOptions): CusumChart {
  const k = options.k ?? 0.5;
  const h = options.h ?? 5;
  const n = options.subgroupSize ?? 1;
  if (!(options.sigma > 0) || !Number.isFinite(options.center)) throw new RangeError('CUSUM needs a finite centre and sigma > 0');
  if (!(k >= 0) || !(h > 0)) throw new RangeError(`CUSUM needs k >= 0 and h > 0, got k = ${k}, h = ${h}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`CUSUM subgroup size must be a positive integer, got ${n}`);
  const sigmaMean = options.sigma / Math.sqrt(n);
  const reference = k * sigmaMean;
  const decisionInterval = h * sigmaMean;
  const { center } = options;
  let upper = (options.headStart ?? 0) * sigmaMean;
  let lower = upper;
  let upperRun = 0;
  let lowerRun = 0;
  const points: CusumPoint[] = [];
  const signals: CusumSignal[] = [];
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new RangeError(`CUSUM value at index ${index} is not a finite number`);
    upper = Math.max(0, value - (center + reference) + upper);
    lower = Math.max(0, center - reference - value + lower);
    upperRun = upper > 0 ? upperRun + 1 : 0;
    lowerRun = lower > 0 ? lowerRun + 1 : 0;
    const up = upper > decisionInterval;
    const down = lower > decisionInterval;
    points.push({ index, value, upper, lower, upperRun, lowerRun, signal: up && down ? 'both' : up ? 'upper' : down ? 'lower' : null });
    if (up) signals.push(signalOf(index, 'upper', upper, upperRun));
    if (down) signals.push(signalOf(index, 'lower', lower, lowerRun));
  });
  return { center, sigma: options.sigma, k, h, reference, decisionInterval, points, signals };

  function signalOf(index: number, side: 'upper' | 'lower', sum: number, run: number): CusumSignal {
    const shift = reference + sum / run;
    const estimatedMean = side === 'upper' ? center + shift : center - shift;
    const f = formatNumber;
    const text = `CUSUM (k = ${k}, h = ${h}): ${side} sum ${f(sum)} exceeds H = ${f(decisionInterval)} at point ${index + 1}; the mean has likely ${side === 'upper' ? 'risen' : 'fallen'} to about ${f(estimatedMean)} since after point ${index - run + 1}`;
    return { index, side, sum, decisionInterval, shiftAfter: index - run, estimatedMean, text };
  }
}
