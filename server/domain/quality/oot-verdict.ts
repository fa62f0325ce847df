// The shapes of out-of-trend verdicts: outcome, interval, confidence and the method's own numbers.
import type { LineFit } from './regression';
import type { ToleranceMethod } from './tolerance';
import type { QualityExplanation } from './verdict';

export type OotOutcome = 'oot' | 'in-trend' | 'cannot-evaluate';

export interface OotVerdictBase {
  outcome: OotOutcome;
  /** True only for outcome 'oot'. */
  oot: boolean;
  /** Which side of the interval an OOT result is on. */
  direction: 'above' | 'below' | null;
  /** The checked value: the new result, or the batch slope for the slope chart. */
  observed: number;
  /** Centre of the interval (fitted value, historical mean); null when not computable. */
  expected: number | null;
  /** Two-sided interval; a value strictly outside it is OOT (a value on the bound is in trend). */
  interval: { lower: number; upper: number } | null;
  confidence: number;
  /** Why the check could not be made; null otherwise. */
  reason: string | null;
  explanation: QualityExplanation;
}

export interface RegressionOotVerdict extends OotVerdictBase {
  method: 'regression';
  x0: number;
  fit: LineFit | null;
  t: number | null;
  /** Standard error of prediction s·√(1 + 1/n + (x0 − x̄)²/Sxx). */
  se: number | null;
}

export interface ByTimePointOotVerdict extends OotVerdictBase {
  method: 'by-time-point';
  n: number;
  coverage: number;
  k: number | null;
  kMethod: ToleranceMethod;
  historicalMean: number | null;
  historicalSd: number | null;
}

export interface SlopeOotVerdict extends OotVerdictBase {
  method: 'slope';
  /** Number of historical slopes. */
  m: number;
  batchFit: LineFit | null;
  historicalMean: number | null;
  historicalSd: number | null;
  t: number | null;
}

export type OotVerdict = RegressionOotVerdict | ByTimePointOotVerdict | SlopeOotVerdict;
