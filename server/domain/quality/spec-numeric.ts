// Numeric specification checks: the rounded value against NLT/NMT limits, the first matching band
// (bands are inclusive at both ends and tried in list order, so a shared edge belongs to the band
// listed first: list release before review before hold), then alert and action limits.
import type { DispositionBand, TestSpecification } from '../types';
import type { ReportedResult } from './reported-result';
import { compareDecimal } from './rounding';
import type { RoundedValue } from './rounding';
import { censoredAgainstLimits, censoredBeyond } from './spec-censored';
import type { CensoredRange } from './spec-censored';
import { cannotEvaluate, worstDisposition } from './spec-verdict';
import type { Disposition, SpecDecider, VerdictCore } from './spec-verdict';
import { DISPOSITION_WORDS, bandText, criterionText, limitText, reportedText, withUnit } from './spec-wording';

export function evaluateNumber(spec: TestSpecification, value: RoundedValue): VerdictCore {
  const v = value.roundedText;
  const shown = `${spec.test} ${reportedText(value.rawText, value.roundedText, spec.unit)}`;
  const rounding = { rawText: value.rawText, roundedText: value.roundedText, raw: value.raw, rounded: value.rounded };
  const band = spec.bands?.find((b) => inBand(v, b)) ?? null;
  const alert = beyond(v, spec.alertLimits);
  const action = beyond(v, spec.actionLimits);
  let outcome: 'pass' | 'fail';
  let decidedBy: SpecDecider;
  let sentence: string;
  if (spec.usl !== undefined && compareDecimal(v, spec.usl) > 0) {
    [outcome, decidedBy] = ['fail', 'usl'];
    sentence = `${shown} is above the upper specification limit ${limitText(spec.usl, spec)} (${criterionText(spec)}): out of specification.`;
  } else if (spec.lsl !== undefined && compareDecimal(v, spec.lsl) < 0) {
    [outcome, decidedBy] = ['fail', 'lsl'];
    sentence = `${shown} is below the lower specification limit ${limitText(spec.lsl, spec)} (${criterionText(spec)}): out of specification.`;
  } else if (spec.lsl !== undefined || spec.usl !== undefined) {
    [outcome, decidedBy] = ['pass', band ? 'band' : 'limits'];
    sentence = `${shown} meets the specification (${criterionText(spec)})`;
  } else if (band) {
    // No numeric limits: the bands alone decide, and a hold band is a failure.
    [outcome, decidedBy] = [band.disposition === 'hold' ? 'fail' : 'pass', 'band'];
    sentence = `${shown} is in the ${bandText(band, spec)}`;
  } else {
    const why = spec.bands?.length
      ? 'it lies outside every disposition band and the specification has no numeric limits'
      : 'the specification has no limits and no disposition bands';
    return { ...cannotEvaluate(spec, { form: 'number', text: value.rawText, valueText: value.rawText, value: value.raw }, why), rounding };
  }
  let disposition: Disposition = outcome === 'fail' ? 'hold' : (band?.disposition ?? (spec.bands?.length ? 'review' : 'release'));
  const limitsDecide = spec.lsl !== undefined || spec.usl !== undefined;
  if (outcome === 'pass' && limitsDecide) {
    if (band) sentence += `; it falls in the ${bandText(band, spec)}`;
    else if (spec.bands?.length) sentence += '; no disposition band covers it';
  }
  if (outcome === 'pass' && action && disposition === 'release') {
    // An action-level excursion inside the specification still needs a QA decision.
    [disposition, decidedBy] = ['review', 'action-limit'];
  }
  if (outcome === 'pass' || !limitsDecide) sentence += `: ${DISPOSITION_WORDS[disposition]}.`;
  sentence += levelSentence(spec, action, alert);
  return {
    outcome,
    disposition,
    decidedBy,
    band,
    alert,
    action,
    reason: null,
    rounding,
    explanation: {
      rule: `spec.${decidedBy === 'limits' ? 'within-limits' : decidedBy}`,
      points: [],
      values: [value.raw],
      limits: limitsRecord(spec, band),
      numbers: { raw: value.raw, rounded: value.rounded, decimals: spec.decimals },
      text: sentence,
    },
  };
}

export function evaluateCensored(spec: TestSpecification, result: ReportedResult, range: CensoredRange): VerdictCore {
  if (spec.lsl === undefined && spec.usl === undefined) {
    return cannotEvaluate(spec, result, 'a censored result needs a numeric limit to compare with, and the specification has none');
  }
  const limits = { ...(spec.lsl !== undefined ? { lsl: spec.lsl } : {}), ...(spec.usl !== undefined ? { usl: spec.usl } : {}) };
  const { check, decidedBy } = censoredAgainstLimits(range, limits, spec.decimals);
  const loqNote = result.form === 'below' && result.basis !== 'stated' ? ` (below the LOQ ${withUnit(range.boundText, spec.unit)})` : '';
  const shown = `${spec.test} reported as "${result.text.trim()}"${loqNote}`;
  if (check === 'indeterminate') {
    const limitName = decidedBy === 'usl' ? 'upper' : 'lower';
    return cannotEvaluate(spec, result, `the true value could be on either side of the ${limitName} specification limit (${criterionText(spec)}) after rounding`);
  }
  const band = spec.bands?.find((b) => censoredInBand(range, b, spec.decimals)) ?? null;
  const alert = levelCrossed(range, spec.alertLimits);
  const action = levelCrossed(range, spec.actionLimits);
  let disposition: Disposition = check === 'fail' ? 'hold' : (band?.disposition ?? (spec.bands?.length ? 'review' : 'release'));
  if (check === 'pass' && action) disposition = worstDisposition(disposition, 'review');
  const sentence =
    check === 'fail'
      ? `${shown} is ${decidedBy === 'usl' ? 'above the upper' : 'below the lower'} specification limit (${criterionText(spec)}): out of specification.`
      : `${shown} meets the specification (${criterionText(spec)}) whatever its exact value: ${DISPOSITION_WORDS[disposition]}.`;
  return {
    outcome: check,
    disposition,
    decidedBy: check === 'pass' && band ? 'band' : decidedBy,
    band,
    alert,
    action,
    reason: null,
    explanation: {
      rule: check === 'fail' ? `spec.${decidedBy}` : 'spec.within-limits',
      points: [],
      values: [Number(range.boundText)],
      limits: limitsRecord(spec, band),
      numbers: { bound: Number(range.boundText), loq: spec.loq ?? null, decimals: spec.decimals },
      text: sentence + levelSentence(spec, action, alert),
    },
  };
}

function inBand(v: string, band: DispositionBand): boolean {
  return (band.min === undefined || compareDecimal(v, band.min) >= 0) && (band.max === undefined || compareDecimal(v, band.max) <= 0);
}

function censoredInBand(range: CensoredRange, band: DispositionBand, decimals: number): boolean {
  const limits = { ...(band.min !== undefined ? { lsl: band.min } : {}), ...(band.max !== undefined ? { usl: band.max } : {}) };
  return censoredAgainstLimits(range, limits, decimals).check === 'pass';
}

/** Alert/action levels are exceeded strictly: a value equal to the level is not an excursion. */
function beyond(v: string, levels: { low?: number; high?: number } | undefined): boolean {
  if (!levels) return false;
  return (levels.high !== undefined && compareDecimal(v, levels.high) > 0) || (levels.low !== undefined && compareDecimal(v, levels.low) < 0);
}

function levelCrossed(range: CensoredRange, levels: { low?: number; high?: number } | undefined): boolean {
  if (!levels) return false;
  return (levels.high !== undefined && censoredBeyond(range, levels.high, 'high')) || (levels.low !== undefined && censoredBeyond(range, levels.low, 'low'));
}

function levelSentence(spec: TestSpecification, action: boolean, alert: boolean): string {
  const level = action ? spec.actionLimits : alert ? spec.alertLimits : undefined;
  if (!level) return '';
  const name = action ? 'action' : 'alert';
  const bounds = [level.low, level.high].filter((x): x is number => x !== undefined).map((x) => limitText(x, spec));
  return ` It is beyond the ${name} limit${bounds.length > 1 ? 's' : ''} ${bounds.join('/')}${action ? ': investigate.' : ': watch the trend.'}`;
}

function limitsRecord(spec: TestSpecification, band: DispositionBand | null): Record<string, number | null> {
  return {
    lsl: spec.lsl ?? null,
    usl: spec.usl ?? null,
    alertLow: spec.alertLimits?.low ?? null,
    alertHigh: spec.alertLimits?.high ?? null,
    actionLow: spec.actionLimits?.low ?? null,
    actionHigh: spec.actionLimits?.high ?? null,
    bandMin: band?.min ?? null,
    bandMax: band?.max ?? null,
  };
}
