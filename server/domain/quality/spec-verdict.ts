// The specification verdict: its shape, the explicit "cannot evaluate", and how dispositions combine.
import type { DispositionBand, TestSpecification } from '../types';
import type { ReportedResult } from './reported-result';
import type { QualityExplanation } from './verdict';

export type SpecOutcome = 'pass' | 'fail' | 'cannot-evaluate';
export type Disposition = DispositionBand['disposition'];

/** What decided the verdict (for a pass: what set the disposition). */
export type SpecDecider =
  | 'lsl'
  | 'usl'
  | 'limits'
  | 'band'
  | 'action-limit'
  | 'accepted-text'
  | 'rejected-text'
  | 'not-comparable';

export interface SpecVerdict {
  specificationId: string;
  test: string;
  outcome: SpecOutcome;
  /** Always set: a fail holds, a cannot-evaluate goes to QA review, a pass follows bands and action limits. */
  disposition: Disposition;
  /** The result exactly as reported. */
  reported: string;
  result: ReportedResult;
  /** The numeric value before and after USP 7.20 rounding (null for censored and text results). */
  raw: number | null;
  rawText: string | null;
  rounded: number | null;
  roundedText: string | null;
  decimals: number;
  limits: {
    lsl: number | null;
    usl: number | null;
    alert: { low: number | null; high: number | null } | null;
    action: { low: number | null; high: number | null } | null;
  };
  decidedBy: SpecDecider;
  /** The disposition band the value fell in (first match in list order), if any. */
  band: DispositionBand | null;
  alert: boolean;
  action: boolean;
  /** Why the result could not be evaluated (or other caveats); null when there is nothing to add. */
  reason: string | null;
  explanation: QualityExplanation;
}

/** The parts of a verdict the evaluators decide; evaluateSpec adds the common fields. */
export type VerdictCore = Pick<
  SpecVerdict,
  'outcome' | 'disposition' | 'decidedBy' | 'band' | 'alert' | 'action' | 'reason' | 'explanation'
> & { rounding?: { rawText: string; roundedText: string; raw: number; rounded: number } };

/** The explicit refusal: outcome cannot-evaluate, disposition review, and the reason in words. */
export function cannotEvaluate(spec: TestSpecification, result: ReportedResult, reason: string): VerdictCore {
  const numbers: Record<string, number | null> = { loq: spec.loq ?? null };
  return {
    outcome: 'cannot-evaluate',
    disposition: 'review',
    decidedBy: 'not-comparable',
    band: null,
    alert: false,
    action: false,
    reason,
    explanation: {
      rule: 'spec.cannot-evaluate',
      points: [],
      values: [],
      limits: { lsl: spec.lsl ?? null, usl: spec.usl ?? null },
      numbers,
      text: `${spec.test} reported as "${result.text.trim()}" cannot be evaluated: ${reason}. QA review needed.`,
    },
  };
}

const SEVERITY: Record<Disposition, number> = { release: 0, review: 1, hold: 2 };

/** The more severe of two dispositions (hold > review > release). */
export function worstDisposition(a: Disposition, b: Disposition): Disposition {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}
