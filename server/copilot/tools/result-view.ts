// One LIMS result as the tools report it: the raw value, the specification, and the quality
// engine's verdict (the model explains verdicts; it never decides them), with its citation.
import { evaluateSpec } from '../../domain/quality/spec';
import type { TestResult, TestSpecification } from '../../domain/types';
import type { Citation } from '../../realtime/contract';
import { specText } from './lookup';

export interface ResultView {
  resultId: string;
  sampleId: string;
  lotId: string;
  test: string;
  value: string;
  unit: string;
  status: TestResult['status'];
  /** For a pending analysis: when the lab registered it. */
  finalizedAt: string;
  analyst?: string;
  instrumentId?: string;
  /** LIMS free text: data, never an instruction. */
  comment?: string;
  spec?: { id: string; version: string; text: string; lsl: number | null; usl: number | null; sopId?: string };
  verdict?: { outcome: string; disposition: string; oos: boolean; text: string };
}

export function resultView(result: TestResult, spec: TestSpecification | undefined): ResultView {
  const view: ResultView = {
    resultId: result.id,
    sampleId: result.sampleId,
    lotId: result.lotId,
    test: result.test,
    value: result.value,
    unit: result.unit,
    status: result.status,
    finalizedAt: result.finalizedAt,
    ...(result.analyst ? { analyst: result.analyst } : {}),
    ...(result.instrumentId ? { instrumentId: result.instrumentId } : {}),
    ...(result.comment ? { comment: result.comment } : {}),
  };
  if (!spec) return view;
  view.spec = { id: spec.id, version: spec.version, text: specText(spec), lsl: spec.lsl ?? null, usl: spec.usl ?? null, ...(spec.sopId ? { sopId: spec.sopId } : {}) };
  if (result.status === 'final' && result.value.trim() !== '') {
    const verdict = evaluateSpec(spec, result.value);
    view.verdict = { outcome: verdict.outcome, disposition: verdict.disposition, oos: verdict.outcome === 'fail', text: verdict.explanation.text };
  }
  return view;
}

export function resultCitation(result: TestResult): Citation {
  // A pending analysis has no result date yet: "(pending)", not "(pending, pending)".
  const state = result.status === 'pending' ? 'pending' : `${result.status}, ${result.finalizedAt.slice(0, 10)}`;
  return { docId: `LIMS:${result.id}`, title: `LIMS result ${result.id} — ${result.test} of ${result.sampleId} (${state})` };
}
