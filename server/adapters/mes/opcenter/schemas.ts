// One zod schema per Opcenter EX FN payload: UAF token, OData collections, command answers.
import { z } from 'zod';
import { EQUIPMENT_STATES } from '../../../domain/types';

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date');
const quantity = z.object({ QuantityValue: z.number(), UoMNId: z.string().nullish() });

export const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive(), refresh_token: z.string().nullish() });

export const collection = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), '@odata.nextLink': z.string().nullish() });

export const mtuSchema = z.object({ NId: z.string().min(1), MaterialNId: z.string().min(1), StatusNId: z.string().min(1), WorkOrderNId: z.string().nullish(), ProductionLineNId: z.string().nullish(), Quantity: quantity, ManufacturedOn: time.nullish(), ExpiresOn: time.nullish() });
export const mtuHoldSchema = z.object({ NId: z.string().min(1), MaterialTrackingUnitNId: z.string(), ReasonCode: z.string(), Comment: z.string().nullish(), PlacedBy: z.string().nullish(), PlacedOn: time, ReleasedOn: time.nullish(), ExternalReference: z.string().nullish() });
export const workOrderSchema = z.object({ NId: z.string().min(1), MaterialNId: z.string().min(1), ProductionLineNId: z.string().min(1), MaterialTrackingUnitNId: z.string().nullish(), Status: z.string().min(1), Quantity: quantity, PlannedStartTime: time, ActualStartTime: time.nullish(), ActualEndTime: time.nullish() });
export const equipmentSchema = z.object({ NId: z.string().min(1), Name: z.string(), EquipmentTypeNId: z.string().nullish(), ParentNId: z.string().nullish(), Status: z.enum(EQUIPMENT_STATES), LastCalibrationOn: time.nullish() });
export const propertySchema = z.object({ EquipmentNId: z.string().min(1), NId: z.string().min(1), Name: z.string(), UoMNId: z.string().nullish(), SetPoint: z.number(), CurrentValue: z.number().nullish(), LowLimit: z.number(), HighLimit: z.number(), NodeId: z.string().nullish() });
export const ncSchema = z.object({ NId: z.string().min(1), MaterialTrackingUnitNId: z.string(), ExternalReference: z.string().nullish() });

/** Commands answer HTTP 200 whether they worked or not: Succeeded says which. */
export const commandSchema = z.object({
  Succeeded: z.boolean(),
  Error: z.object({ ErrorCode: z.union([z.number(), z.string()]), ErrorMessage: z.string().nullish() }).nullish(),
}).loose();
