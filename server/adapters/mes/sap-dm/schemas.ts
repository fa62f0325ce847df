// One zod schema per SAP DM payload (INTEGRATIONS.md 1): XSUAA token, SfcDetailResponse,
// order, Spring pages, resources, data collection groups and measurements, NCs.
import { z } from 'zod';

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');
const customValues = z.array(z.object({ attribute: z.string(), value: z.string().nullish() })).nullish();

export const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

export const springPage = <T extends z.ZodType>(item: T) =>
  z.object({ content: z.array(item), totalElements: z.number().int().min(0), totalPages: z.number().int().min(0), number: z.number().int().min(0), size: z.number().int().min(1) });

export const sfcDetailSchema = z.object({
  sfc: z.string().min(1),
  quantity: z.number(),
  status: z.object({ code: z.string().regex(/^\d{3}$/, 'expected a 3-digit SFC status code'), description: z.string().nullish() }),
  material: z.object({ material: z.string().min(1) }),
  order: z.object({ order: z.string().nullable() }),
});

export const orderSchema = z.object({
  order: z.string().min(1),
  status: z.string(),
  releaseStatus: z.string().nullish(),
  executionStatus: z.string(),
  material: z.object({ material: z.string().min(1) }),
  productionQuantity: z.number(),
  productionUnitOfMeasure: z.string().nullish(),
  batchNumber: z.string().nullish(),
  plannedStartDate: time,
  actualStartDate: time.nullish(),
  actualCompletionDate: time.nullish(),
  sfcs: z.array(z.string()),
  workCenters: z.array(z.object({ workCenter: z.string().min(1) })),
  customValues,
});
export type SapOrder = z.infer<typeof orderSchema>;

export const resourceSchema = z.object({
  resource: z.string().min(1),
  description: z.string(),
  status: z.string(),
  resourceTypes: z.array(z.object({ resourceType: z.string() })).nullish(),
  workCenter: z.string().nullish(),
  customValues,
});

export const dcGroupSchema = z.object({
  group: z.string(),
  parameters: z.array(z.object({ parameterName: z.string().min(1), description: z.string().nullish(), unitOfMeasure: z.string().nullish(), minValue: z.number(), maxValue: z.number(), targetValue: z.number() })),
});

export const measurementSchema = z.object({ parameterName: z.string().min(1), value: z.string().nullish(), numericValue: z.number().nullish(), createdDateTime: time });

export const ncLogSchema = z.object({ ids: z.array(z.string().min(1)).min(1, 'expected the id of the logged nonconformance') });
export const checkForOpenSchema = z.object({ hasOpenNonconformances: z.boolean(), ids: z.array(z.string()).nullish() });
export const ncSchema = z.object({
  id: z.string().min(1),
  code: z.string(),
  sfc: z.string(),
  status: z.string(),
  comments: z.string().nullish(),
  dataFields: z.array(z.object({ fieldName: z.string(), value: z.string() })).nullish(),
  createdBy: z.string().nullish(),
  createdDateTime: time,
  closedDateTime: time.nullish(),
});
export type SapNc = z.infer<typeof ncSchema>;

export const holdListSchema = z.array(z.object({ holdId: z.string().min(1), holdReason: z.string(), comments: z.string().nullish(), createdBy: z.string().nullish(), createdDateTime: time, releasedDateTime: time.nullish() }));
export const holdIdsSchema = z.object({ holdIds: z.array(z.string().min(1)) });
