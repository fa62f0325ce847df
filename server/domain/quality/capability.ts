// Process capability: Cp/Cpk from the within (short-term) sigma, Pp/Ppk from the overall sd, with
// Bissell confidence intervals for Cpk/Ppk and chi-square intervals for Cp/Pp (as R qcc processCapability).
import { chiSquareQuantile, normalQuantile } from './distributions';
import { andersonDarling, ANDERSON_DARLING_MIN_N } from './normality';
import type { AndersonDarlingResult } from './normality';
import { mean, sampleSd } from './stats';
import type { QualityExplanation } from './verdict';
import { capabilityExplanation } from './capability-wording';

/** d2 for moving ranges of 2, as tabulated in qcc (and every SPC text): 1.128. */
export const D2_MOVING_RANGE = 1.128;
/** Minimum points for a capability estimate worth quoting (AIAG practice). */
export const CAPABILITY_MIN_POINTS = 30;

export interface CapabilityOptions {
  lsl?: number;
  usl?: number;
  /** Known within-subgroup sigma (e.g. Rbar/d2 from an Xbar-R chart); default MRbar/1.128 in series order. */
  sigmaWithin?: number;
  /** Two-sided confidence level of the intervals; default 0.95. */
  confidence?: number;
  /** Cpk target the explanation compares with; default 1.33 (ongoing process, AIAG PPAP). */
  target?: number;
}

export type CapabilityWarningCode = 'few-points' | 'normality-rejected' | 'normality-not-tested' | 'no-spec-limits' | 'no-variation';

export interface CapabilityWarning {
  code: CapabilityWarningCode;
  text: string;
}

export type Interval = [number, number];

export interface CapabilityReport {
  n: number;
  mean: number;
  lsl: number | null;
  usl: number | null;
  sigmaWithin: number;
  sigmaWithinMethod: 'moving-range' | 'given';
  /** Average moving range (null when sigmaWithin was given). */
  mrBar: number | null;
  /** Sample standard deviation with n - 1. */
  sigmaOverall: number;
  /** Two-sided indices are null for a one-sided spec; Cpk/Ppk then use the defined side. */
  cp: number | null;
  cpl: number | null;
  cpu: number | null;
  cpk: number | null;
  pp: number | null;
  ppl: number | null;
  ppu: number | null;
  ppk: number | null;
  confidence: number;
  /** Bissell: Cpk ± z·√(1/(9n) + Cpk²/(2(n−1))). */
  cpkInterval: Interval | null;
  ppkInterval: Interval | null;
  /** Chi-square: Cp·√(χ²(α/2, n−1)/(n−1)) .. Cp·√(χ²(1−α/2, n−1)/(n−1)). */
  cpInterval: Interval | null;
  ppInterval: Interval | null;
  /** Observed results strictly outside the limits (null for an absent limit). */
  observedBelowLsl: number | null;
  observedAboveUsl: number | null;
  normality: AndersonDarlingResult | null;
  warnings: CapabilityWarning[];
  explanation: QualityExplanation;
}

/** Average moving range |x[i] − x[i−1]| in series order. */
export function averageMovingRange(values: readonly number[]): number {
  if (values.length < 2) throw new RangeError('a moving range needs at least 2 values');
  let total = 0;
  for (let i = 1; i < values.length; i++) total += Math.abs((values[i] as number) - (values[i - 1] as number));
  return total / (values.length - 1);
}

export function capability(values: readonly number[], opts: CapabilityOptions = {}): CapabilityReport {
  const n = values.length;
  if (n < 2) throw new RangeError(`capability needs at least 2 values, got ${n}`);
  const lsl = opts.lsl ?? null;
  const usl = opts.usl ?? null;
  if (lsl !== null && usl !== null && !(lsl < usl)) throw new RangeError(`lsl ${lsl} must be below usl ${usl}`);
  const confidence = opts.confidence ?? 0.95;
  const mu = mean(values);
  const mrBar = opts.sigmaWithin === undefined ? averageMovingRange(values) : null;
  const sigmaWithin = opts.sigmaWithin ?? (mrBar as number) / D2_MOVING_RANGE;
  const sigmaOverall = sampleSd(values);
  const within = indices(mu, sigmaWithin, lsl, usl);
  const overall = indices(mu, sigmaOverall, lsl, usl);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const warnings: CapabilityWarning[] = [];
  if (n < CAPABILITY_MIN_POINTS) {
    warnings.push({ code: 'few-points', text: `Only ${n} points: capability indices from fewer than ${CAPABILITY_MIN_POINTS} are unreliable.` });
  }
  if (lsl === null && usl === null) warnings.push({ code: 'no-spec-limits', text: 'No specification limits: no capability index is defined.' });
  if (!(sigmaWithin > 0) || !(sigmaOverall > 0)) {
    warnings.push({ code: 'no-variation', text: 'The values do not vary: capability indices are not defined.' });
  }
  let normality: AndersonDarlingResult | null = null;
  if (n >= ANDERSON_DARLING_MIN_N && sigmaOverall > 0) {
    normality = andersonDarling(values);
    if (!normality.normal) {
      warnings.push({
        code: 'normality-rejected',
        text: `Normality rejected (Anderson-Darling A*² = ${normality.adjusted.toFixed(3)}, p = ${normality.pValue.toPrecision(2)}): the indices assume a normal distribution.`,
      });
    }
  } else {
    warnings.push({ code: 'normality-not-tested', text: `Normality not tested (needs at least ${ANDERSON_DARLING_MIN_N} varying values).` });
  }
  const report: Omit<CapabilityReport, 'explanation'> = {
    n,
    mean: mu,
    lsl,
    usl,
    sigmaWithin,
    sigmaWithinMethod: opts.sigmaWithin === undefined ? 'moving-range' : 'given',
    mrBar,
    sigmaOverall,
    cp: within.cp,
    cpl: within.cl,
    cpu: within.cu,
    cpk: within.ck,
    pp: overall.cp,
    ppl: overall.cl,
    ppu: overall.cu,
    ppk: overall.ck,
    confidence,
    cpkInterval: bissell(within.ck, n, z),
    ppkInterval: bissell(overall.ck, n, z),
    cpInterval: chiSquareInterval(within.cp, n, confidence),
    ppInterval: chiSquareInterval(overall.cp, n, confidence),
    observedBelowLsl: lsl === null ? null : values.filter((v) => v < lsl).length,
    observedAboveUsl: usl === null ? null : values.filter((v) => v > usl).length,
    normality,
    warnings,
  };
  return { ...report, explanation: capabilityExplanation(report, opts.target ?? 1.33) };
}

function indices(mu: number, sigma: number, lsl: number | null, usl: number | null) {
  if (!(sigma > 0) || !Number.isFinite(sigma)) return { cp: null, cl: null, cu: null, ck: null };
  const cl = lsl === null ? null : (mu - lsl) / (3 * sigma);
  const cu = usl === null ? null : (usl - mu) / (3 * sigma);
  const cp = lsl === null || usl === null ? null : (usl - lsl) / (6 * sigma);
  // One-sided spec: the index of the defined side (qcc 3.0 returns NA here; the fixtures use the defined side).
  const ck = cl === null ? cu : cu === null ? cl : Math.min(cl, cu);
  return { cp, cl, cu, ck };
}

function bissell(index: number | null, n: number, z: number): Interval | null {
  if (index === null) return null;
  const half = z * Math.sqrt(1 / (9 * n) + (index * index) / (2 * (n - 1)));
  return [index - half, index + half];
}

function chiSquareInterval(index: number | null, n: number, confidence: number): Interval | null {
  if (index === null) return null;
  const alpha = 1 - confidence;
  return [
    index * Math.sqrt(chiSquareQuantile(alpha / 2, n - 1) / (n - 1)),
    index * Math.sqrt(chiSquareQuantile(1 - alpha / 2, n - 1) / (n - 1)),
  ];
}
