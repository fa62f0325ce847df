// The LIMS webhook payload (DESIGN.md "The webhook payload") checked once at the boundary, and
// the one internal shape every intake channel (webhook, poll) turns a result into.
import { z } from 'zod';
import type { TestResult } from '../domain/types';

const text = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be empty`).max(200, `${what} is longer than 200 characters`);
const limit = z.number({ error: 'expected a number' }).finite().nullish();

export const limsResultSchema = z
  .object({
    sample_id: text('sample_id'),
    test_name: text('test_name'),
    result: z.union([z.number().finite(), z.string().trim().min(1).max(200)], { error: 'expected a number or a non-empty string' }),
    spec_min: limit,
    spec_max: limit,
    material_lot: text('material_lot').optional(),
    work_order: text('work_order').optional(),
    result_id: text('result_id').optional(),
    unit: z.string().max(40).optional(),
    status: z.literal('final', { error: 'only finalized results are accepted: status must be "final"' }).default('final'),
    finalized_at: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time like 2024-05-03T10:15:00Z' }),
  })
  .check((ctx) => {
    const { spec_min: min, spec_max: max } = ctx.value;
    if (min != null && max != null && min > max) {
      ctx.issues.push({ code: 'custom', path: ['spec_min'], message: `spec_min ${min} is above spec_max ${max}`, input: min });
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
  };
}

/** Without a result_id, sample + test + value + time identify a redelivery (DESIGN.md). */
export function contentKey(sampleId: string, test: string, value: string, finalizedAt: string): string {
  return `${sampleId}|${test.toUpperCase()}|${value.trim()}|${finalizedAt}`;
}
