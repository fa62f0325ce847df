// Runs the quality engine (evaluateResult: spec verdict with USP 7.20 rounding and bands, SPC on
// phase I limits frozen per series, regression OOT) on one new result, and says whether a person
// must look at it: the rule that raised it and how urgent it is.
import { evaluateResult, prepareSpcBaseline, type ResultEvaluation, type SpcBaseline, type SpecVerdict } from '../domain/quality';
import type { TestSpecification } from '../domain/types';

export type Severity = 'info' | 'warning' | 'critical';

export interface ResultQuality {
  evaluation: ResultEvaluation;
  verdict: SpecVerdict;
  /** The rule that alerts: the spec's for a failure or review band, else the first SPC or OOT rule. */
  rule: string;
  severity: Severity;
  /** Something a person must look at (an alert is raised). */
  alerting: boolean;
}

/** Phase I limits of a series, computed once and then frozen; undefined while history is too short. */
export function spcBaselineFor(spec: TestSpecification, history: readonly number[]): SpcBaseline | undefined {
  if (!spec.spc) return undefined;
  try {
    return prepareSpcBaseline(spec.spc, history);
  } catch {
    return undefined; // too few results (or a flat series): the spec still decides, SPC says why it was skipped
  }
}

export function checkResult(spec: TestSpecification, value: string | number, history: readonly number[], baseline: SpcBaseline | undefined): ResultQuality {
  const evaluation = evaluateResult(spec, { reported: value, label: 'this result' }, { values: history }, { ...(baseline ? { spcBaseline: baseline } : {}) });
  const verdict = evaluation.spec;
  const specRule = verdict.explanation.rule;
  if (verdict.outcome === 'fail' || evaluation.disposition === 'hold') return { evaluation, verdict, rule: specRule, severity: 'critical', alerting: true };
  if (evaluation.disposition === 'review') return { evaluation, verdict, rule: evaluation.raisedBy[0] ?? specRule, severity: 'warning', alerting: true };
  if (verdict.alert) return { evaluation, verdict, rule: 'spec.alert-limit', severity: 'warning', alerting: true };
  return { evaluation, verdict, rule: specRule, severity: 'info', alerting: false };
}

/**
 * A result that reaches no MES lot: judged against its specification alone (usually the limits the
 * LIMS sent): the verdict is the lab's fact whatever the mapping. No series, so no SPC or trend
 * rule: the lot's line and product are not known.
 */
export function checkUnmapped(spec: TestSpecification, value: string | number): ResultQuality {
  const { spc: _spc, ...withoutSpc } = spec;
  return checkResult(withoutSpc, value, [], undefined);
}
