// One zod schema per payload of the generic REST LIMS (the reference webhook's field names).
import { z } from 'zod';

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');

export const resultRowSchema = z.object({
  result_id: z.string().min(1),
  sample_id: z.string().min(1),
  test_name: z.string().min(1),
  test_code: z.string().nullish(),
  result: z.union([z.number(), z.string()]).nullable(),
  unit: z.string().nullish(),
  material_lot: z.string().min(1),
  work_order: z.string().nullish(),
  status: z.enum(['final', 'retracted', 'pending']),
  finalized_at: time,
  modified_at: time,
  analyst: z.string().nullish(),
  instrument: z.string().nullish(),
  comment: z.string().nullish(),
});
export type ResultRow = z.infer<typeof resultRowSchema>;

export const feedSchema = z.object({ results: z.array(resultRowSchema), next_cursor: z.object({ modified_after: time, after_id: z.string() }).nullable() });
export const sampleSchema = z.object({ sample_id: z.string().min(1), material_lot: z.string().min(1), work_order: z.string().nullish(), sampling_point: z.string().nullish(), sampled_at: time });
const limit = z.number().nullable();
export const specSchema = z.object({ product: z.string(), test_code: z.string(), test_name: z.string(), unit: z.string(), decimals: z.number().int().min(0), method: z.string(), version: z.string(), release_min: limit, release_max: limit, spec_min: limit, spec_max: limit, kind: z.enum(['numeric', 'text']), loq: limit });
