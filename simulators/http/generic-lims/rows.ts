// The generic LIMS's two dialects over one lab book: the reference webhook shape (snake_case,
// DESIGN.md) for its REST API and pushes, and a LabWare-style transfer table (upper-case
// columns, one-letter status codes) that the configurable polling adapter reads.
import type { TestSpecification } from '../../../server/domain/types';
import type { Analysis, LabBook } from '../shared/lab-book';

const STATUS: Record<Analysis['state'], 'final' | 'retracted' | 'pending'> = { unassigned: 'pending', to_be_verified: 'pending', verified: 'final', published: 'final', retracted: 'retracted', rejected: 'retracted' };
/** LabWare RESULT.STATUS: A authorised, X cancelled, E entered, N not entered, R rejected. */
const LABWARE_STATUS: Record<Analysis['state'], string> = { unassigned: 'N', to_be_verified: 'E', verified: 'A', published: 'A', retracted: 'X', rejected: 'R' };

export function specOf(lab: LabBook, a: Analysis): TestSpecification | undefined {
  const lot = lab.catalog.lot(a.lotId);
  return (a.specificationId ? lab.catalog.specification(a.specificationId) : undefined) ?? (lot ? lab.catalog.specFor(lot.productId, a.test) : undefined);
}

const numberOrText = (value: string) => (/^[-+]?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value);

/** The reference webhook payload (+ status and modified_at for the REST API). */
export function referenceRow(lab: LabBook, a: Analysis) {
  const spec = specOf(lab, a);
  const sample = lab.sample(a.sampleId);
  return {
    result_id: a.resultId, sample_id: a.sampleId, test_name: spec?.keyword ?? a.test, test_code: a.test, result: a.value === '' ? null : numberOrText(a.value),
    spec_min: spec?.lsl ?? null, spec_max: spec?.usl ?? null, material_lot: a.lotId, work_order: sample?.workOrderId ?? null, unit: a.unit,
    status: STATUS[a.state], finalized_at: a.verifiedAt ?? a.capturedAt ?? a.createdAt, modified_at: new Date(a.modified).toISOString(),
    analyst: a.analyst ?? null, instrument: a.instrumentId ?? null, comment: a.comment ?? null,
  };
}

/** The push body: exactly the reference payload fields (DESIGN.md). */
export function webhookPayload(lab: LabBook, a: Analysis) {
  const row = referenceRow(lab, a);
  return { sample_id: row.sample_id, test_name: row.test_name, result: row.result, spec_min: row.spec_min, spec_max: row.spec_max, material_lot: row.material_lot, ...(row.work_order ? { work_order: row.work_order } : {}), result_id: row.result_id, unit: row.unit, status: 'final' as const, finalized_at: row.finalized_at };
}

export function transferRow(lab: LabBook, a: Analysis) {
  const sample = lab.sample(a.sampleId);
  return {
    RESULT_NUMBER: a.resultId, TEXT_ID: a.sampleId, LOT_NAME: a.lotId, ORDER_NUM: sample?.workOrderId ?? '', ANALYSIS: a.test, FORMATTED_ENTRY: a.value, UNITS: a.unit,
    STATUS: LABWARE_STATUS[a.state], DATE_REVIEWED: a.verifiedAt ?? '', ENTERED_ON: a.capturedAt ?? '', CHANGED_ON: new Date(a.modified).toISOString(),
    ENTERED_BY: a.analyst ?? '', INSTRUMENT: a.instrumentId ?? '', COMMENTS: a.comment ?? '',
  };
}

export function transferSpec(spec: TestSpecification) {
  const release = spec.bands?.find((b) => b.disposition === 'release');
  return {
    PRODUCT: spec.productId, ANALYSIS: spec.test, NAME: spec.keyword, UNITS: spec.unit, PLACES: spec.decimals, METHOD: spec.method, VERSION: spec.version,
    MIN_VALUE: release ? (release.min ?? null) : (spec.lsl ?? null), MAX_VALUE: release ? (release.max ?? null) : (spec.usl ?? null),
    SHOULDER_MIN: release ? (spec.lsl ?? null) : null, SHOULDER_MAX: release ? (spec.usl ?? null) : null, TEXT_SPEC: spec.kind === 'text' ? 'T' : 'N', LOQ: spec.loq ?? null,
  };
}
