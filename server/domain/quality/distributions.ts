// Normal, Student t, F and chi-square distributions, hand-written to ~1e-12 (checked against R and SciPy).
// Quantiles start from a closed-form approximation and are polished by safeguarded Newton steps.
import { betaRegularized, gammaP, gammaQ, logGamma } from './special-functions';

const SQRT_2PI = 2.5066282746310002;

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

/** Φ(z). Uses Φ(z) = Q(1/2, z²/2) / 2 for z < 0, so the lower tail keeps full relative precision. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const half = gammaQ(0.5, (z * z) / 2) / 2;
  return z < 0 ? half : 1 - half;
}

/** 1 - Φ(z) without cancellation. */
export function normalUpperTail(z: number): number {
  return normalCdf(-z);
}

// Acklam's rational approximation (relative error 1.15e-9), the starting point for Halley refinement.
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

function poly(coefficients: number[], x: number): number {
  let acc = 0;
  for (const c of coefficients) acc = acc * x + c;
  return acc;
}

/** Φ⁻¹(p) for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile needs 0 <= p <= 1, got ${p}`);
  }
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(C, q) / (poly(D, q) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / (poly(B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -poly(C, q) / (poly(D, q) * q + 1);
  }
  // Halley steps against the accurate CDF (work in the smaller tail to avoid cancellation).
  for (let i = 0; i < 4; i++) {
    const e = x < 0 ? normalCdf(x) - p : 1 - p - normalCdf(-x);
    const u = e * SQRT_2PI * Math.exp((x * x) / 2);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/** Student t CDF with df degrees of freedom (df may be fractional). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf needs df > 0, got ${df}`);
  if (t === 0) return 0.5;
  const x = df / (df + t * t);
  const tail = betaRegularized(x, df / 2, 0.5) / 2;
  return t < 0 ? tail : 1 - tail;
}

export function studentTPdf(t: number, df: number): number {
  const logDensity =
    logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

/** Student t quantile: the t with P(T <= t) = p. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  // Solve on the smaller tail (never via 1 - p) so extreme quantiles keep their digits.
  const tailP = Math.min(p, 1 - p);
  const sign = p < 0.5 ? -1 : 1;
  // Cornish-Fisher start from the normal quantile, then bracketed Newton on the upper tail.
  const z = -normalQuantile(tailP);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const start = Math.max(z + g1 / df + g2 / (df * df), 1e-8);
  const upperTail = (t: number): number => betaRegularized(df / (df + t * t), df / 2, 0.5) / 2;
  return sign * newtonOnTail(start, tailP, upperTail, (t) => studentTPdf(t, df), 0);
}

// Solves tail(x) = target for a decreasing upper-tail function on (lowerBound, ∞): Newton with bisection fallback.
function newtonOnTail(
  start: number,
  target: number,
  tail: (x: number) => number,
  density: (x: number) => number,
  lowerBound: number,
): number {
  let lo = lowerBound;
  let hi = Infinity;
  let x = start;
  for (let i = 0; i < 200; i++) {
    const diff = tail(x) - target;
    if (diff === 0) return x;
    if (diff > 0) lo = x;
    else hi = x;
    const f = density(x);
    let next = f > 0 ? x + diff / f : NaN;
    if (!(next > lo && next < hi)) next = hi === Infinity ? Math.max(2 * x, lo + 1) : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x) || hi - lo <= 1e-15 * Math.abs(x)) return next;
    x = next;
  }
  return x;
}

/** F CDF with (d1, d2) degrees of freedom. */
export function fCdf(f: number, d1: number, d2: number): number {
  if (f <= 0) return 0;
  return betaRegularized((d1 * f) / (d1 * f + d2), d1 / 2, d2 / 2);
}

/** P(F > f): the ANOVA p-value, evaluated directly so tiny p-values keep their digits. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (f <= 0) return 1;
  return betaRegularized(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

export function chiSquareCdf(x: number, df: number): number {
  return gammaP(df / 2, x / 2);
}

export function chiSquareUpperTail(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

function chiSquarePdf(x: number, df: number): number {
  if (x <= 0) return 0;
  const k = df / 2;
  return Math.exp((k - 1) * Math.log(x) - x / 2 - k * Math.LN2 - logGamma(k));
}

/** Chi-square quantile: the x with P(X <= x) = p. */
export function chiSquareQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`chiSquareQuantile needs 0 < p < 1, got ${p}`);
  // Wilson-Hilferty start.
  const z = normalQuantile(p);
  const h = 2 / (9 * df);
  const start = Math.max(df * (1 - h + z * Math.sqrt(h)) ** 3, 1e-8);
  const density = (x: number): number => chiSquarePdf(x, df);
  // Solve on whichever tail is smaller so p near 0 or 1 keeps its relative precision.
  if (p < 0.5) return newtonOnTail(start, -p, (x) => -chiSquareCdf(x, df), density, 0);
  return newtonOnTail(start, 1 - p, (x) => chiSquareUpperTail(x, df), density, 0);
}
