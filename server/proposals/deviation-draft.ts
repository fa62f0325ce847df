// A deviation report pre-filled for QA (SOP-QA-011): the result, the specification, the lot, the
// equipment and its state at the time, and the most similar past deviations from the plant's
// record. A draft only: QA classifies, investigates and closes it in the MES/QMS.
import type { DeviationDraft, SimilarDeviation } from '../domain/proposals';
import type { DeviationReport, Equipment, TestSpecification } from '../domain/types';
import { criterionText } from '../domain/quality/spec-wording';

export interface DeviationFacts {
  lotId: string;
  productId?: string;
  workOrderId?: string;
  lineId?: string;
  test?: string;
  result?: DeviationDraft['result'];
  spec?: TestSpecification;
  /** The verdict in words (the guidance's "what happened"). */
  finding: string;
  outOfSpecification: boolean;
  equipment: readonly Equipment[];
  detectedAt: string;
  pastDeviations: readonly DeviationReport[];
}

export function buildDeviationDraft(facts: DeviationFacts): DeviationDraft {
  const criterion = facts.spec ? criterionText(facts.spec) : undefined;
  const similar = similarDeviations(facts, 3);
  const equipmentText = facts.equipment.map((e) => `${e.id} ${e.name} (${e.state}${e.parameters.length ? `; ${e.parameters.map((p) => `${p.name} ${p.current} ${p.unit}`.trim()).join(', ')}` : ''})`).join('; ');
  const what = facts.test ? `${facts.test} result` : 'Finding';
  const description = [
    `${facts.finding}`,
    facts.result ? `Result ${facts.result.resultId} on sample ${facts.result.sampleId}, finalized ${facts.result.finalizedAt}.` : '',
    facts.spec ? `Specification ${facts.spec.id} v${facts.spec.version}: ${criterion}; method ${facts.spec.method}${facts.spec.sopId ? ` (${facts.spec.sopId})` : ''}.` : '',
    `Lot ${facts.lotId}${facts.workOrderId ? `, work order ${facts.workOrderId}` : ''}${facts.lineId ? `, line ${facts.lineId}` : ''}.`,
    equipmentText ? `Equipment on the line when detected: ${equipmentText}.` : '',
    similar.length ? `Similar past deviations: ${similar.map((d) => `${d.id} "${d.title}" (${d.status}; root cause: ${d.rootCause})`).join('; ')}.` : 'No similar past deviation on record.',
  ].filter(Boolean).join('\n');
  return {
    title: `${what} ${facts.result?.value ?? ''} ${facts.outOfSpecification ? 'out of specification' : 'needs investigation'} on ${facts.lotId}`.replace(/\s+/g, ' '),
    description,
    classification: facts.outOfSpecification ? 'major' : 'minor',
    lotId: facts.lotId,
    ...(facts.productId ? { productId: facts.productId } : {}),
    ...(facts.workOrderId ? { workOrderId: facts.workOrderId } : {}),
    ...(facts.lineId ? { lineId: facts.lineId } : {}),
    ...(facts.test ? { test: facts.test } : {}),
    ...(facts.result ? { result: facts.result } : {}),
    ...(facts.spec ? { spec: { specificationId: facts.spec.id, criterion: criterion ?? '', ...(facts.spec.lsl !== undefined ? { lsl: facts.spec.lsl } : {}), ...(facts.spec.usl !== undefined ? { usl: facts.spec.usl } : {}), ...(facts.spec.sopId ? { sopId: facts.spec.sopId } : {}) } } : {}),
    equipmentIds: facts.equipment.map((e) => e.id),
    detectedAt: facts.detectedAt,
    similar,
  };
}

/** Past deviations ranked by what they share: the lot, the test, the equipment (ties: newest first). */
export function similarDeviations(facts: Pick<DeviationFacts, 'lotId' | 'test' | 'equipment' | 'pastDeviations'>, limit: number): SimilarDeviation[] {
  const equipmentIds = new Set(facts.equipment.map((e) => e.id));
  const scored = facts.pastDeviations
    .map((d) => ({
      d,
      score: (d.lotIds.includes(facts.lotId) ? 4 : 0) + (facts.test && d.test === facts.test ? 2 : 0) + (d.equipmentIds.some((id) => equipmentIds.has(id)) ? 1 : 0),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.d.openedAt.localeCompare(a.d.openedAt));
  return scored.slice(0, limit).map(({ d }) => ({ id: d.id, title: d.title, status: d.status, classification: d.classification, rootCause: d.rootCause, capa: d.capa }));
}
