// Explanations and the summary sentence of an integrated result evaluation (spec, SPC, OOT).
import type { RegressionOotVerdict } from './oot';
import type { QualityExplanation } from './verdict';
import type { SpcSignalCheck } from './charts/monitor';
import { DISPOSITION_WORDS } from './spec-wording';
import type { Disposition } from './spec-verdict';

/** Each SPC violation as a quality explanation with a stable rule id (spc.we1, spc.nelson2, spc.spread-limit). */
export function spcExplanations(check: SpcSignalCheck | null, decimals: number): QualityExplanation[] {
  if (!check) return [];
  const out: QualityExplanation[] = check.violations.map((v) => ({
    rule: `spc.${v.rule}`,
    points: v.points,
    values: v.values,
    limits: v.limits,
    numbers: v.numbers,
    text: v.text,
  }));
  const spread = check.spreadViolation;
  if (spread) {
    out.push({
      rule: 'spc.spread-limit',
      points: [check.index],
      values: [spread.value],
      limits: { ucl: spread.limit },
      numbers: { decimals },
      text: spread.text,
    });
  }
  return out;
}

/** The OOT explanation with its point indices moved from the window to the whole history. */
export function ootExplanation(verdict: RegressionOotVerdict, historyLength: number): QualityExplanation {
  const e = verdict.explanation;
  const offset = historyLength - e.points.length;
  return { ...e, points: e.points.map((p) => p + offset) };
}

interface EvaluationFacts {
  disposition: Disposition;
  raisedBy: string[];
  spec: { explanation: QualityExplanation };
  oot: { status: string; verdict: RegressionOotVerdict | null };
  explanations: QualityExplanation[];
}

export function evaluationText(evaluation: EvaluationFacts): string {
  const parts = [evaluation.spec.explanation.text];
  const spcTexts = evaluation.explanations.filter((e) => e.rule.startsWith('spc.')).map((e) => e.text);
  if (spcTexts.length) parts.push(`Control chart signal: ${spcTexts.join('; ')}.`);
  if (evaluation.oot.status === 'oot' && evaluation.oot.verdict) parts.push(evaluation.oot.verdict.explanation.text);
  const raised = evaluation.raisedBy.length ? ` (${evaluation.raisedBy.join(', ')})` : '';
  parts.push(`Overall: ${DISPOSITION_WORDS[evaluation.disposition]}${raised}.`);
  return parts.join(' ');
}
