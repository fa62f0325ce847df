// Anderson-Darling test for normality (mean and sd estimated), with the small-sample adjustment
// A*² = A²(1 + 0.75/n + 2.25/n²) and the D'Agostino & Stephens (1986) p-value, as R nortest::ad.test.
import { normalCdf } from './distributions';
import { mean, sampleSd } from './stats';

export interface AndersonDarlingResult {
  n: number;
  /** A² */
  statistic: number;
  /** A*² = A²(1 + 0.75/n + 2.25/n²), the value the p-value table is read with. */
  adjusted: number;
  pValue: number;
  alpha: number;
  /** False when normality is rejected at alpha. */
  normal: boolean;
}

/** Smallest sample the p-value approximation is published for (nortest refuses n < 8). */
export const ANDERSON_DARLING_MIN_N = 8;

export function andersonDarling(values: readonly number[], alpha = 0.05): AndersonDarlingResult {
  const n = values.length;
  if (n < ANDERSON_DARLING_MIN_N) throw new RangeError(`Anderson-Darling needs at least ${ANDERSON_DARLING_MIN_N} values, got ${n}`);
  const m = mean(values);
  const sd = sampleSd(values);
  if (!(sd > 0)) throw new RangeError('Anderson-Darling needs values that are not all equal');
  const z = values.map((v) => (v - m) / sd).sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i < n; i++) {
    // ln(1 - Φ(z)) is taken as ln Φ(-z): no cancellation in the upper tail.
    const lower = Math.log(normalCdf(z[i] as number));
    const upper = Math.log(normalCdf(-(z[n - 1 - i] as number)));
    total += (2 * i + 1) * (lower + upper);
  }
  const statistic = -n - total / n;
  const adjusted = statistic * (1 + 0.75 / n + 2.25 / (n * n));
  const pValue = andersonDarlingPValue(adjusted);
  return { n, statistic, adjusted, pValue, alpha, normal: pValue >= alpha };
}

/** D'Agostino & Stephens (1986), Table 4.9, for the case with mean and variance estimated. */
export function andersonDarlingPValue(adjusted: number): number {
  const a = adjusted;
  if (a < 0.2) return 1 - Math.exp(-13.436 + 101.14 * a - 223.73 * a * a);
  if (a < 0.34) return 1 - Math.exp(-8.318 + 42.796 * a - 59.938 * a * a);
  if (a < 0.6) return Math.exp(0.9177 - 4.279 * a - 1.38 * a * a);
  if (a < 10) return Math.exp(1.2937 - 5.709 * a + 0.0186 * a * a);
  return 3.7e-24;
}
