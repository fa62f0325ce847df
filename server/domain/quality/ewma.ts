// EWMA chart (Roberts 1959; Montgomery SQC §9.2) for small sustained shifts:
// z_i = λ·x_i + (1 − λ)·z_{i−1}, z_0 = centre, with the exact time-varying limits
// centre ± L·σ_x̄·√(λ/(2 − λ)·(1 − (1 − λ)^{2i})). Defaults λ = 0.2, L = 3 as in qcc `ewma()`.
import { formatNumber } from './explain';

export interface EwmaOptions {
  /** Target or phase I mean. */
  center: number;
  /** Process sigma (of single observations). */
  sigma: number;
  lambda?: number;
  /** Limit width L in sigmas of the EWMA statistic. */
  nsigmas?: number;
  /** Observations per plotted point (σ of the mean = σ/√n); default 1. */
  subgroupSize?: number;
}

export interface EwmaPoint {
  index: number;
  value: number;
  ewma: number;
  lcl: number;
  ucl: number;
  signal: 'above' | 'below' | null;
}

export interface EwmaSignal {
  index: number;
  side: 'above' | 'below';
  ewma: number;
  limit: number;
  text: string;
}

export interface EwmaChart {
  lambda: number;
  nsigmas: number;
  center: number;
  sigma: number;
  points: EwmaPoint[];
  signals: EwmaSignal[];
  /** Steady-state limits the exact ones approach. */
  asymptotic: { lcl: number; ucl: number };
}

function settings(options: EwmaOptions) {
  const lambda = options.lambda ?? 0.2;
  const nsigmas = options.nsigmas ?? 3;
  const n = options.subgroupSize ?? 1;
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`EWMA lambda must be in (0, 1], got ${lambda}`);
  if (!(nsigmas > 0)) throw new RangeError(`EWMA L must be positive, got ${nsigmas}`);
  if (!(options.sigma > 0) || !Number.isFinite(options.center)) throw new RangeError('EWMA needs a finite centre and sigma > 0');
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`EWMA subgroup size must be a positive integer, got ${n}`);
  return { lambda, nsigmas, sigmaMean: options.sigma / Math.sqrt(n) };
}

/** Half-width of the exact limits at the i-th point (1-based i). */
export function ewmaHalfWidth(i: number, lambda: number, nsigmas: number, sigmaMean: number): number {
  return nsigmas * sigmaMean * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * i)));
}

export function ewmaChart(values: readonly number[], options: EwmaOptions): EwmaChart {
  const { lambda, nsigmas, sigmaMean } = settings(options);
  const { center } = options;
  const points: EwmaPoint[] = [];
  const signals: EwmaSignal[] = [];
  let z = center;
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new RangeError(`EWMA value at index ${index} is not a finite number`);
    z = lambda * value + (1 - lambda) * z;
    const half = ewmaHalfWidth(index + 1, lambda, nsigmas, sigmaMean);
    const lcl = center - half;
    const ucl = center + half;
    const signal = z > ucl ? 'above' : z < lcl ? 'below' : null;
    points.push({ index, value, ewma: z, lcl, ucl, signal });
    if (signal) {
      const limit = signal === 'above' ? ucl : lcl;
      const text = `EWMA (λ = ${lambda}, L = ${nsigmas}): EWMA ${formatNumber(z)} ${signal} the ${signal === 'above' ? 'upper' : 'lower'} limit ${formatNumber(limit)} at point ${index + 1}, a sustained shift of the mean ${signal === 'above' ? 'upwards' : 'downwards'} from ${formatNumber(center)}`;
      signals.push({ index, side: signal, ewma: z, limit, text });
    }
  });
  const asymptoticHalf = nsigmas * sigmaMean * Math.sqrt(lambda / (2 - lambda));
  return { lambda, nsigmas, center, sigma: options.sigma, points, signals, asymptotic: { lcl: center - asymptoticHalf, ucl: center + asymptoticHalf } };
}
