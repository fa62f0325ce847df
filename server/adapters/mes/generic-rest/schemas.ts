// One zod schema per payload of the generic REST MES (the integration's reference API).
import { z } from 'zod';
import { EQUIPMENT_STATES, LOT_DISPOSITIONS, WORK_ORDER_STATUSES } from '../../../domain/types';

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');

export const holdSchema = z.object({ hold_id: z.string().min(1), reason_code: z.string(), comment: z.string().nullish(), initiated_by: z.string().nullish(), placed_at: time, released_at: time.nullish() });
export const lotSchema = z.object({
  lot_number: z.string().min(1),
  product_code: z.string().min(1),
  work_order: z.string().nullish(),
  line: z.string().nullish(),
  disposition: z.enum(LOT_DISPOSITIONS),
  quantity: z.number(),
  unit: z.string(),
  manufactured_at: time,
  expires_at: time.nullish(),
  holds: z.array(holdSchema),
});
export const workOrderSchema = z.object({
  work_order: z.string().min(1),
  product_code: z.string().min(1),
  line: z.string().min(1),
  lot_number: z.string().min(1),
  status: z.enum(WORK_ORDER_STATUSES),
  quantity: z.number(),
  unit: z.string(),
  planned_start: time,
  actual_start: time.nullish(),
  actual_end: time.nullish(),
});
export const parameterSchema = z.object({ parameter_id: z.string().min(1), name: z.string(), unit: z.string(), setpoint: z.number(), current: z.number(), validated_min: z.number(), validated_max: z.number(), node_id: z.string().nullish() });
export const equipmentSchema = z.object({ equipment_id: z.string().min(1), name: z.string(), type: z.string(), line: z.string().min(1), state: z.enum(EQUIPMENT_STATES), last_calibration: time.nullish(), parameters: z.array(parameterSchema) });
export const holdAnswerSchema = z.object({ hold_id: z.string().min(1), status: z.string() });
export const ncSchema = z.object({ nc_id: z.string().min(1), lot_number: z.string(), external_ref: z.string().nullish(), status: z.string() });
