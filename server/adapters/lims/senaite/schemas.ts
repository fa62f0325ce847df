// One zod schema per senaite.jsonapi payload (INTEGRATIONS.md 4): the batch envelope and
// the Analysis, AnalysisRequest, AnalysisSpec and AnalysisService objects with `complete=1`.
// Extra fields are allowed (sites add their own); the fields qloop reads are checked.
import { z } from 'zod';

const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');
const ref = z.object({ uid: z.string().optional() }).loose();

export const envelope = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int().min(0),
    pagesize: z.number().int().min(1),
    page: z.number().int().min(1),
    pages: z.number().int().min(0),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    items: z.array(item),
  });

export const loginSchema = z.object({ token: z.string().min(1), expires: z.number().positive() });

export const analysisSchema = z.object({
  uid: z.string().min(1),
  Keyword: z.string().min(1),
  Result: z.string(),
  ResultCaptureDate: date.nullish(),
  Unit: z.string().nullish(),
  parent_id: z.string().min(1),
  modified: date,
  created: date.nullish(),
  getDateVerified: date.nullish(),
  Analyst: z.string().nullish(),
  Instrument: ref.nullish(),
  Remarks: z.string().nullish(),
});
export type SenaiteAnalysis = z.infer<typeof analysisSchema>;

/** A catalog brain of senaite_catalog_analysis: metadata columns, review_state included. */
export const analysisBrainSchema = z.object({
  uid: z.string().min(1),
  modified: date,
  review_state: z.string().min(1),
  getKeyword: z.string().nullish(),
  getRequestID: z.string().nullish(),
});
export type SenaiteBrain = z.infer<typeof analysisBrainSchema>;

export const sampleSchema = z.object({
  id: z.string().min(1),
  getBatchID: z.string().nullish(),
  getClientSampleID: z.string().nullish(),
  getClientOrderNumber: z.string().nullish(),
  getSamplePointTitle: z.string().nullish(),
  DateSampled: date.nullish(),
  getDateSampled: date.nullish(),
});
export type SenaiteSample = z.infer<typeof sampleSchema>;

/** SENAITE stores ResultsRange values as strings ("6.5", "" when unset). */
const limit = z.union([z.string(), z.number()]).nullish();
export const resultsRangeSchema = z.object({ keyword: z.string().min(1), min: limit, max: limit, warn_min: limit, warn_max: limit });

export const specSchema = z.object({ uid: z.string().min(1), title: z.string(), modified: date.nullish(), ResultsRange: z.array(resultsRangeSchema) });

export const serviceSchema = z.object({
  uid: z.string().min(1),
  title: z.string(),
  Keyword: z.string().min(1),
  Unit: z.string().nullish(),
  Precision: z.union([z.number().int(), z.string().regex(/^\d+$/)]).nullish(),
  StringResult: z.boolean().nullish(),
  LowerDetectionLimit: limit,
  Method: ref.nullish(),
});

export const titledSchema = z.object({ uid: z.string().min(1), title: z.string() });
