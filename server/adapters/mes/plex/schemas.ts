// One zod schema per Plex Connect payload (INTEGRATIONS.md 2). Lists are full arrays.
import { z } from 'zod';

/** Plex dates: YYYY-MM-DDThh:mm:ss.fffffffZ. */
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a Plex date (YYYY-MM-DDThh:mm:ss.fffffffZ)');

export const containerSchema = z.object({
  serialNo: z.string().min(1),
  partNo: z.string().min(1),
  containerStatus: z.string().min(1),
  location: z.string().nullish(),
  quantity: z.number(),
  quantityInventoryUnit: z.string().nullish(),
  lotId: z.string().nullish(),
  lotNo: z.string().nullish(),
}).loose();
export type PlexContainer = z.infer<typeof containerSchema>;

export const lotSchema = z.object({ id: z.string().min(1), lotNumber: z.string().min(1), partNumber: z.string().min(1), quantity: z.number(), manufacturedDateTime: time.nullish(), useByDateTime: time.nullish() });

export const jobSchema = z.object({
  id: z.string().min(1),
  jobNo: z.string().min(1),
  partNo: z.string().min(1),
  status: z.string().min(1),
  quantity: z.number(),
  unit: z.string().nullish(),
  scheduledStartDateTime: time.nullish(),
  actualStartDateTime: time.nullish(),
  completedDateTime: time.nullish(),
});
export type PlexJob = z.infer<typeof jobSchema>;

export const jobOperationSchema = z.object({ operationNo: z.number(), workcenterCode: z.string().nullish(), workcenterGroup: z.string().nullish() });

export const workcenterSchema = z.object({
  workcenterId: z.string().min(1),
  workcenterCode: z.string().min(1),
  name: z.string(),
  workcenterType: z.string().nullish(),
  workcenterGroup: z.string().nullish(),
  status: z.object({ description: z.string() }),
  lastCalibrationDateTime: time.nullish(),
});

export const operatingParameterSchema = z.object({ workcenterCode: z.string().min(1), parameterName: z.string().min(1), description: z.string().nullish(), unit: z.string().nullish(), targetValue: z.number(), lowerLimit: z.number(), upperLimit: z.number(), tagName: z.string().nullish() });
export const tagValueSchema = z.object({ tagName: z.string().min(1), value: z.number(), timestamp: time.nullish() });

/** Custom objects: whatever the site defined; these are the fields qloop writes and reads. */
export const holdRecordSchema = z.object({ id: z.string().min(1), lotNo: z.string(), reasonCode: z.string(), comment: z.string().nullish(), initiatedBy: z.string().nullish(), placedAt: time, releasedAt: time.nullish(), idempotencyKey: z.string().nullish() });
export const ncRecordSchema = z.object({ id: z.string().min(1), lotNo: z.string(), idempotencyKey: z.string().nullish() });
/** hold / release-hold answer with no body. */
export const emptySchema = z.unknown();
