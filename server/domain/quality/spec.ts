// Evaluates one reported result against its TestSpecification: USP 7.20 rounding, NLT/NMT limits,
// ordered disposition bands, alert/action limits and non-numeric results. Never passes silently.
import type { TestSpecification } from '../types';
import { parseReportedResult } from './reported-result';
import type { ReportedResult } from './reported-result';
import { roundHalfUp } from './rounding';
import { evaluateCensored, evaluateNumber } from './spec-numeric';
import { evaluateText } from './spec-text-result';
import { cannotEvaluate } from './spec-verdict';
import type { SpecVerdict, VerdictCore } from './spec-verdict';

export type { Disposition, SpecDecider, SpecOutcome, SpecVerdict } from './spec-verdict';
export type { ReportedResult } from './reported-result';

export function evaluateSpec(spec: TestSpecification, value: string | number): SpecVerdict {
  const reported = typeof value === 'number' ? String(value) : value;
  const result = parseReportedResult(value, {
    unit: spec.unit,
    ...(spec.loq !== undefined ? { loq: spec.loq } : {}),
  });
  const core = decide(spec, result);
  const rounding = core.rounding;
  return {
    specificationId: spec.id,
    test: spec.test,
    outcome: core.outcome,
    disposition: core.disposition,
    reported,
    result,
    raw: rounding?.raw ?? null,
    rawText: rounding?.rawText ?? null,
    rounded: rounding?.rounded ?? null,
    roundedText: rounding?.roundedText ?? null,
    decimals: spec.decimals,
    limits: {
      lsl: spec.lsl ?? null,
      usl: spec.usl ?? null,
      alert: spec.alertLimits ? { low: spec.alertLimits.low ?? null, high: spec.alertLimits.high ?? null } : null,
      action: spec.actionLimits ? { low: spec.actionLimits.low ?? null, high: spec.actionLimits.high ?? null } : null,
    },
    decidedBy: core.decidedBy,
    band: core.band,
    alert: core.alert,
    action: core.action,
    reason: core.reason,
    explanation: core.explanation,
  };
}

function decide(spec: TestSpecification, result: ReportedResult): VerdictCore {
  if (spec.kind === 'text') return evaluateText(spec, result);
  switch (result.form) {
    case 'number':
      return evaluateNumber(spec, roundHalfUp(result.valueText, spec.decimals));
    case 'below':
      if (result.bound === null || result.boundText === null) {
        const what = result.basis === 'not-detected' ? 'not detected' : 'below the LOQ';
        return cannotEvaluate(spec, result, `the result is ${what} and the specification has no LOQ to bound it`);
      }
      return evaluateCensored(spec, result, { side: 'below', boundText: result.boundText, inclusive: result.inclusive });
    case 'above':
      return evaluateCensored(spec, result, { side: 'above', boundText: result.boundText, inclusive: result.inclusive });
    case 'too-numerous':
      return cannotEvaluate(spec, result, 'the plate count is above the countable range (TNTC); re-plate at a higher dilution');
    case 'text':
      return cannotEvaluate(spec, result, `a text result ("${result.text.trim()}") cannot be compared with a numeric specification`);
    case 'empty':
      return cannotEvaluate(spec, result, 'no result was reported');
  }
}
