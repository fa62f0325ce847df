// One new result against its specification and its history: the spec verdict (USP 7.20 rounding, bands),
// SPC against frozen phase I limits with the spec's rules, regression OOT on recent results, and the
// overall disposition with every explanation. Built for the watcher: O(rule window + OOT window) per call.
import type { TestSpecification } from '../types';
import { evaluateSpec } from './spec';
import type { Disposition, SpecVerdict } from './spec';
import { worstDisposition } from './spec-verdict';
import { regressionOot } from './oot';
import type { RegressionOotVerdict } from './oot';
import type { TrendPoint } from './regression';
import type { QualityExplanation } from './verdict';
import { monitorNewResult, prepareSpcBaseline } from './charts/monitor';
import type { SpcBaseline, SpcSignalCheck } from './charts/monitor';
import type { RuleVariant } from './rules/evaluate-rules';
import { evaluationText, ootExplanation, spcExplanations } from './explain-evaluation';

/** Prior reportable numeric results of the same test, oldest first. */
export interface ResultHistory {
  values: readonly number[];
  /** x of each result for the OOT regression (e.g. months on stability, or a sequence number); default the index. */
  x?: readonly number[];
  /** Label per result (lot or sample id) for the texts; default "point <n>". */
  labels?: readonly string[];
}

export interface EvaluateOptions {
  /** Phase I limits computed once (prepareSpcBaseline) and reused; computed from history when absent. */
  spcBaseline?: SpcBaseline;
  /** qcc (default) or Rspc semantics. There is no flag convention here: each violation lists all its points. */
  variant?: RuleVariant;
  /** Regression OOT over the last `window` results (default 30) at `confidence` (default 0.95); false turns it off. */
  oot?: false | { window?: number; confidence?: number };
  /** Decimal places for numbers in texts; default spec.decimals + 1. */
  decimals?: number;
}

export type SpcStatus = SpcSignalCheck['status'] | 'not-configured' | 'not-numeric' | 'insufficient-history';
export type OotStatus = 'in-trend' | 'oot' | 'cannot-evaluate' | 'off' | 'not-numeric';

export interface ResultEvaluation {
  /** Overall: the spec disposition, raised to review by an SPC signal or an OOT result (never to hold, never lowered). */
  disposition: Disposition;
  /** Rule ids that set the disposition ('spec.usl', 'spc.we1', 'oot.regression', ...). */
  raisedBy: string[];
  spec: SpecVerdict;
  spc: { status: SpcStatus; reason: string | null; check: SpcSignalCheck | null; limits: { center: number; lcl: number; ucl: number } | null };
  oot: { status: OotStatus; reason: string | null; verdict: RegressionOotVerdict | null };
  /** Spec first, then each SPC violation, then OOT: for the guidance text, the chart and the audit trail. */
  explanations: QualityExplanation[];
  text: string;
}

/** The new result: as reported (number or LIMS text), with its x for the trend and a label for texts. */
export interface NewResult {
  reported: string | number;
  x?: number;
  label?: string;
}

export function evaluateResult(spec: TestSpecification, result: NewResult, history: ResultHistory, options: EvaluateOptions = {}): ResultEvaluation {
  const specVerdict = evaluateSpec(spec, result.reported);
  const value = specVerdict.raw;
  const decimals = options.decimals ?? spec.decimals + 1;
  const spc = spcPart(spec, value, result, history, options, decimals);
  const oot = ootPart(value, history, result.x, options);
  const raisedBy: string[] = [];
  let disposition = specVerdict.disposition;
  if (disposition !== 'release') raisedBy.push(specVerdict.explanation.rule);
  const spcRules = spcExplanations(spc.check, decimals);
  if (spc.status === 'signal') {
    disposition = worstDisposition(disposition, 'review');
    raisedBy.push(...new Set(spcRules.map((e) => e.rule)));
  }
  if (oot.status === 'oot') {
    disposition = worstDisposition(disposition, 'review');
    raisedBy.push('oot.regression');
  }
  const explanations = [specVerdict.explanation, ...spcRules, ...(oot.verdict ? [ootExplanation(oot.verdict, history.values.length)] : [])];
  const evaluation = { disposition, raisedBy, spec: specVerdict, spc, oot, explanations };
  return { ...evaluation, text: evaluationText(evaluation) };
}

function spcPart(
  spec: TestSpecification, value: number | null, result: NewResult, history: ResultHistory, options: EvaluateOptions, decimals: number,
): ResultEvaluation['spc'] {
  const none = (status: SpcStatus, reason: string) => ({ status, reason, check: null, limits: null });
  if (!spec.spc) return none('not-configured', 'no SPC settings on this specification');
  if (value === null) return none('not-numeric', 'the result is not a number, so it is not charted');
  let baseline = options.spcBaseline;
  if (!baseline) {
    try {
      baseline = prepareSpcBaseline(spec.spc, history.values);
    } catch (err) {
      return none('insufficient-history', (err as Error).message);
    }
  }
  const check = monitorNewResult(baseline, history.values, value, {
    ...(options.variant ? { variant: options.variant } : {}),
    ...(baseline.subgroupSize === 1 && (history.labels || result.label) ? { labels: (i: number) => (i === history.values.length ? result.label : history.labels?.[i]) } : {}),
    decimals,
  });
  const { center, lcl, ucl } = baseline.limits;
  return { status: check.status, reason: null, check, limits: { center, lcl, ucl } };
}

function ootPart(value: number | null, history: ResultHistory, x: number | undefined, options: EvaluateOptions): ResultEvaluation['oot'] {
  if (options.oot === false) return { status: 'off', reason: 'OOT check turned off', verdict: null };
  if (value === null) return { status: 'not-numeric', reason: 'the result is not a number, so it is not trended', verdict: null };
  const window = options.oot?.window ?? 30;
  const values = history.values;
  const from = Math.max(0, values.length - window);
  const points: TrendPoint[] = [];
  for (let i = from; i < values.length; i++) points.push({ x: history.x?.[i] ?? i, y: values[i] as number });
  const verdict = regressionOot(points, x ?? history.x?.[values.length] ?? values.length, value, options.oot?.confidence ?? 0.95);
  return { status: verdict.outcome === 'cannot-evaluate' ? 'cannot-evaluate' : verdict.outcome, reason: verdict.reason, verdict };
}
