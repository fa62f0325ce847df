// The LIMS webhook payload (DESIGN.md "The webhook payload") checked once at the boundary, and
// the one internal shape every intake channel (webhook, poll) turns a result into.
import { z } from 'zod';
import type { TestResult } from '../domain/types';

/** "is required" for a missing field, "must be …" for a wrong type: the LIMS engineer sees which. */
const required = (what: string, expected: string) => (issue: { input?: unknown }) => (issue.input === undefined ? `${what} is required` : `${what} must be ${expected}`);
const text = (what: string) => z.string({ error: required(what, 'a string') }).trim().min(1, `${what} must not be empty`).max(200, `${what} is longer than 200 characters`);
const limit = z.number({ error: 'expected a number' }).finite().nullish();

export const limsResultSchema = z
  .object({
    sample_id: text('sample_id'),
    test_name: text('test_name'),
    result: z.union([z.number().finite(), z.string().trim().min(1).max(200)], { error: required('result', 'a number or a non-empty string') }),
    spec_min: limit,
    spec_max: limit,
    material_lot: text('material_lot').optional(),
    work_order: text('work_order').optional(),
    result_id: text('result_id').optional(),
    unit: z.string().max(40).optional(),
    // "retracted" / "invalid": the LIMS withdraws a result it sent before (SENAITE's retract
    // transition); the same record comes again with the same result_id and this status.
    status: z.enum(['final', 'retracted', 'invalid'], { error: 'only finalized results are accepted: status must be "final" (or "retracted" / "invalid" to withdraw a result sent before)' }).default('final'),
    finalized_at: z.iso.datetime({ offset: true, error: required('finalized_at', 'an ISO 8601 time like 2024-05-03T10:15:00Z') }),
    /** The LIMS's comment; for a retraction, why (kept as the reason). */
    comment: z.string().trim().max(500, 'comment is longer than 500 characters').optional(),
  })
  .check((ctx) => {
    const { spec_min: min, spec_max: max, status, result_id: resultId } = ctx.value;
    if (min != null && max != null && min > max) {
      ctx.issues.push({ code: 'custom', path: ['spec_min'], message: `spec_min ${min} is above spec_max ${max}`, input: min });
    }
    if (status !== 'final' && !resultId) {
      ctx.issues.push({ code: 'custom', path: ['result_id'], message: `a ${status} result must name the result_id it withdraws`, input: resultId });
    }
  });
export type LimsResultPayload = z.infer<typeof limsResultSchema>;

/** A lab result as the watcher keeps it in the inbox, whatever channel brought it. */
export interface IncomingResult {
  /** The LIMS's id, or a content key when the LIMS sends none. */
  resultId: string;
  sampleId: string;
  test: string;
  value: string;
  numeric?: number;
  unit?: string;
  specMin?: number;
  specMax?: number;
  lotId?: string;
  workOrderId?: string;
  specificationId?: string;
  finalizedAt: string;
  /** Set when the LIMS withdraws the result with this id (absent: a final result). */
  status?: 'retracted';
  comment?: string;
  /**
   * On the withdrawal qloop writes for an amendment (the LIMS sent a new value under the same
   * result_id): the value that replaces this one. A withdrawal without it is the LIMS's retraction.
   */
  amendedTo?: string;
  /** On the new value of an amended result: the value it replaces. */
  amends?: string;
  /** On a result the LIMS sent as final again after retracting it: the inbox seq of that retraction. */
  reissueOf?: number;
}

/**
 * The inbox key: a result, its retraction and each amendment are events of their own, each taken
 * once. A final result whose id starts like another kind's key is escaped, so that the kinds never
 * meet (a result_id "retracted:R-9" is not the retraction of R-9).
 */
export function inboxKey(result: Pick<IncomingResult, 'resultId' | 'status'>): string {
  if (result.status === 'retracted') return retractionKey(result.resultId);
  return /^(retracted|retracted-again|final|amended):/.test(result.resultId) ? `final:${result.resultId}` : result.resultId;
}

/**
 * A retraction's key; `afterSeq`: a later retraction of the same result naming another sample or
 * test than the one in inbox row `afterSeq` (the LIMS corrected a mismatched retraction).
 */
export function retractionKey(resultId: string, afterSeq?: number): string {
  return afterSeq === undefined ? `retracted:${resultId}` : `retracted-again:${resultId}:${afterSeq}`;
}

/**
 * The keys of an amendment of `resultId` to the measurement `digest`, replacing the version in
 * inbox row `afterSeq`: the withdrawal of the value before, the new value. The predecessor is part
 * of the key, so a value the result held before (7.0 → 9.8 → 7.0) is a new amendment, not a clash.
 */
export function amendmentKeys(resultId: string, afterSeq: number, digest: string): { withdrawal: string; value: string } {
  return { withdrawal: `amended:${resultId}:${afterSeq}:${digest}:withdrawal`, value: `amended:${resultId}:${afterSeq}:${digest}` };
}

/** A test's name as qloop compares it: the catalog's spelling of the test (by name or keyword), upper case. */
export type TestName = (test: string) => string;

/** Case only: what is left when no catalog is at hand. */
export const plainTestName: TestName = (test) => test.trim().toUpperCase();

/**
 * Test names from the plant catalog's specifications: a test's name and its keyword (the LIMS's
 * test code) are the same test, in any case ("Assay (HPLC)", "assay" → "ASSAY (HPLC)" when its
 * keyword is ASSAY). A name the catalog does not know compares by case only.
 */
export function catalogTestNames(specs: Iterable<{ test: string; keyword: string }>): TestName {
  const names = new Map<string, string>();
  for (const spec of specs) {
    const canonical = spec.test.trim().toUpperCase();
    for (const name of [spec.test, spec.keyword]) if (name && !names.has(name.trim().toUpperCase())) names.set(name.trim().toUpperCase(), canonical);
  }
  return (test) => names.get(test.trim().toUpperCase()) ?? test.trim().toUpperCase();
}

/** Two LIMS values are the same value: numerically when both are numbers (7.1 and "7.10"), else as text. */
export function sameValue(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x === y) return true;
  const numeric = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
  return numeric.test(x) && numeric.test(y) && Number(x) === Number(y);
}

/**
 * What makes two deliveries under one result_id the same result: sample, test (the catalog's
 * spelling), value (numerically), and unit, limits and lot when both carry them (a poll and a
 * webhook may each leave some out). Anything else (times, comments) differing is a redelivery.
 */
export function sameMeasurement(a: IncomingResult, b: IncomingResult, testName: TestName = plainTestName): boolean {
  const both = <T>(x: T | undefined, y: T | undefined) => x === undefined || y === undefined || x === y;
  return a.sampleId === b.sampleId && testName(a.test) === testName(b.test) && sameValue(a.value, b.value)
    && both(a.unit || undefined, b.unit || undefined) && both(a.specMin, b.specMin) && both(a.specMax, b.specMax) && both(a.lotId, b.lotId);
}

export function fromWebhook(payload: LimsResultPayload): IncomingResult {
  const value = typeof payload.result === 'number' ? String(payload.result) : payload.result;
  const finalizedAt = new Date(payload.finalized_at).toISOString();
  const numeric = typeof payload.result === 'number' ? payload.result : undefined;
  return {
    resultId: payload.result_id ?? contentKey(payload.sample_id, payload.test_name, value, finalizedAt),
    sampleId: payload.sample_id,
    test: payload.test_name,
    value,
    ...(numeric !== undefined ? { numeric } : {}),
    ...(payload.unit !== undefined ? { unit: payload.unit } : {}),
    ...(payload.spec_min != null ? { specMin: payload.spec_min } : {}),
    ...(payload.spec_max != null ? { specMax: payload.spec_max } : {}),
    ...(payload.material_lot ? { lotId: payload.material_lot } : {}),
    ...(payload.work_order ? { workOrderId: payload.work_order } : {}),
    finalizedAt,
    ...(payload.status !== 'final' ? { status: 'retracted' as const } : {}),
    ...(payload.comment ? { comment: payload.comment } : {}),
  };
}

export function fromLimsResult(result: TestResult): IncomingResult {
  return {
    resultId: result.id,
    sampleId: result.sampleId,
    test: result.test,
    value: result.value,
    ...(result.numeric !== undefined ? { numeric: result.numeric } : {}),
    unit: result.unit,
    lotId: result.lotId,
    ...(result.specificationId ? { specificationId: result.specificationId } : {}),
    finalizedAt: new Date(result.finalizedAt).toISOString(),
    ...(result.status === 'retracted' ? { status: 'retracted' as const } : {}),
    ...(result.comment ? { comment: result.comment } : {}),
  };
}

/** Without a result_id, sample + test + value + time identify a redelivery (DESIGN.md). */
export function contentKey(sampleId: string, test: string, value: string, finalizedAt: string): string {
  return `${sampleId}|${test.toUpperCase()}|${value.trim()}|${finalizedAt}`;
}
