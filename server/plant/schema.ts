// The plant dataset file (docs/plant-data.md): one zod schema checked once at load; the
// inferred entity types are the domain types themselves (the Aligned checks below fail the
// typecheck if server/domain/types.ts and this schema drift apart).
import { z } from 'zod';
import { HOLD_CAUSES } from './hold-reasons';
import {
  EQUIPMENT_STATES,
  LOT_DISPOSITIONS,
  RESULT_STATUSES,
  WORK_ORDER_STATUSES,
} from '../domain/types';
import type {
  DeviationReport,
  DispositionBand,
  Equipment,
  Line,
  LotHold,
  MaterialLot,
  Plant,
  ProcessParameter,
  Product,
  Sample,
  SpcSettings,
  Terminal,
  TestResult,
  TestSpecification,
  WorkOrder,
} from '../domain/types';

export const PLANT_FORMAT = 'qloop-plant';
export const PLANT_FORMAT_VERSION = 1;

/** Every time in the file is ISO 8601 in UTC with a Z suffix (no local offsets). */
const utcTime = z.iso.datetime({ message: 'expected an ISO 8601 UTC time like 2024-05-03T10:15:00Z' });
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'expected an id (letters, digits, . _ / -)');
const text = z.string().trim().min(1, 'must not be empty');
const finite = z.number().finite();
const timezone = text.refine(isTimeZone, 'expected an IANA time zone like Europe/Dublin');
const documentId = z.string().regex(/^(SOP|WI)-[A-Z]+-\d{3}$/, 'expected a document id like SOP-QC-001');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const plantSchema = z.strictObject({ id, name: text, site: text, timezone });
export const terminalSchema = z.strictObject({ id, name: text });
export const lineSchema = z.strictObject({
  id,
  name: text,
  area: text,
  terminals: z.array(terminalSchema),
  equipmentIds: z.array(id),
});

export const productSchema = z.strictObject({ id, name: text, dosageForm: text, specificationIds: z.array(id) });

export const dispositionBandSchema = z.strictObject({
  min: finite.optional(),
  max: finite.optional(),
  disposition: z.enum(['release', 'review', 'hold']),
  label: text,
});

/** A run rule (QUALITY.md): we1..we4, nelson1..nelson8, optionally with a parameter ("nelson2:7", "we2:3/4"). */
const spcRule = z.string().regex(/^(?:we[1-4]|nelson[1-8])(?::\d+(?:\/\d+)?)?$/, 'expected a run rule like we1, nelson2 or nelson2:7');

export const spcSettingsSchema = z.strictObject({
  chart: z.enum(['imr', 'xbar-r', 'xbar-s']),
  subgroupSize: z.number().int().min(1).max(25),
  rules: z.array(spcRule).min(1, 'name at least one run rule'),
  baseline: z.number().int().min(2),
});

const limitPair = z.strictObject({ low: finite.optional(), high: finite.optional() });

export const testSpecificationSchema = z.strictObject({
  id,
  version: text,
  productId: id,
  test: id,
  keyword: text,
  unit: z.string(),
  kind: z.enum(['numeric', 'text']),
  lsl: finite.optional(),
  usl: finite.optional(),
  decimals: z.number().int().min(0).max(6),
  target: finite.optional(),
  alertLimits: limitPair.optional(),
  actionLimits: limitPair.optional(),
  bands: z.array(dispositionBandSchema).optional(),
  acceptedText: z.array(text).optional(),
  loq: z.number().positive().optional(),
  method: text,
  sopId: documentId.optional(),
  spc: spcSettingsSchema.optional(),
});

export const processParameterSchema = z.strictObject({
  id,
  name: text,
  unit: z.string(),
  setpoint: finite,
  current: finite,
  validatedRange: z.strictObject({ min: finite, max: finite }),
  nodeId: text.optional(),
});

export const equipmentSchema = z.strictObject({
  id,
  name: text,
  type: text,
  lineId: id,
  state: z.enum(EQUIPMENT_STATES),
  lastCalibration: utcTime.optional(),
  parameters: z.array(processParameterSchema),
});

export const workOrderSchema = z.strictObject({
  id,
  productId: id,
  lineId: id,
  lotId: id,
  status: z.enum(WORK_ORDER_STATUSES),
  quantity: z.number().positive(),
  unit: text,
  plannedStart: utcTime,
  actualStart: utcTime.optional(),
  actualEnd: utcTime.optional(),
});

export const lotHoldSchema = z.strictObject({
  id,
  reasonCode: text,
  comment: text,
  placedBy: text,
  placedAt: utcTime,
  releasedAt: utcTime.optional(),
});

export const materialLotSchema = z.strictObject({
  id,
  productId: id,
  workOrderId: id.optional(),
  lineId: id.optional(),
  disposition: z.enum(LOT_DISPOSITIONS),
  quantity: z.number().positive(),
  unit: text,
  manufacturedAt: utcTime,
  expiresAt: utcTime.optional(),
  holds: z.array(lotHoldSchema),
});

export const sampleSchema = z.strictObject({
  id,
  lotId: id,
  workOrderId: id.optional(),
  point: text,
  sampledAt: utcTime,
});

/** A result as the LIMS reports it: `value` is the raw reportable string ("< 0.05", "conforms"). */
export const testResultSchema = z.strictObject({
  id,
  sampleId: id,
  lotId: id,
  specificationId: id.optional(),
  test: id,
  value: z.string(),
  numeric: finite.optional(),
  unit: z.string(),
  status: z.enum(RESULT_STATUSES),
  finalizedAt: utcTime,
  analyst: text.optional(),
  instrumentId: id.optional(),
  comment: text.optional(),
});

export const deviationReportSchema = z.strictObject({
  id: z.string().regex(/^DEV-\d{4}-\d{3,}$/, 'expected a deviation id like DEV-2024-017'),
  title: text,
  openedAt: utcTime,
  closedAt: utcTime.optional(),
  status: z.enum(['open', 'closed']),
  classification: z.enum(['minor', 'major', 'critical']),
  lotIds: z.array(id),
  equipmentIds: z.array(id),
  test: id.optional(),
  description: text,
  rootCause: text,
  capa: text,
});

/** One row of the site's hold reason table (SOP-QA-010 §5.1 at RVP1). */
export const holdReasonSchema = z.strictObject({
  code: z.string().trim().min(1, 'must not be empty').max(40, 'a reason code is at most 40 characters (MES fields are short)'),
  reason: text,
  usedFor: z.array(z.enum(HOLD_CAUSES)).optional(),
});

export const plantDatasetSchema = z.strictObject({
  format: z.literal(PLANT_FORMAT),
  formatVersion: z.literal(PLANT_FORMAT_VERSION),
  /** The moment the snapshot describes: nothing in it happened later. The demo clock starts here. */
  asOf: utcTime,
  plant: plantSchema,
  lines: z.array(lineSchema).min(1, 'a plant needs at least one line'),
  products: z.array(productSchema),
  specifications: z.array(testSpecificationSchema),
  equipment: z.array(equipmentSchema),
  workOrders: z.array(workOrderSchema),
  lots: z.array(materialLotSchema),
  samples: z.array(sampleSchema),
  results: z.array(testResultSchema),
  deviations: z.array(deviationReportSchema),
  /** The site's hold reason codes; SOP-QA-010's HR-01..HR-08 when absent. */
  holdReasons: z.array(holdReasonSchema).min(1, 'list at least one hold reason code, or leave holdReasons out for SOP-QA-010\'s').optional(),
});

export type PlantDataset = z.infer<typeof plantDatasetSchema>;

// Compile-time guard: each entity schema infers exactly the domain type, both ways, with the
// same field names (so an optional field added on one side only is caught too).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
type Aligned<T extends true> = T;
export type SchemaAlignment = [
  Aligned<Same<z.infer<typeof plantSchema>, Plant>>,
  Aligned<Same<z.infer<typeof terminalSchema>, Terminal>>,
  Aligned<Same<z.infer<typeof lineSchema>, Line>>,
  Aligned<Same<z.infer<typeof productSchema>, Product>>,
  Aligned<Same<z.infer<typeof dispositionBandSchema>, DispositionBand>>,
  Aligned<Same<z.infer<typeof spcSettingsSchema>, SpcSettings>>,
  Aligned<Same<z.infer<typeof testSpecificationSchema>, TestSpecification>>,
  Aligned<Same<z.infer<typeof processParameterSchema>, ProcessParameter>>,
  Aligned<Same<z.infer<typeof equipmentSchema>, Equipment>>,
  Aligned<Same<z.infer<typeof workOrderSchema>, WorkOrder>>,
  Aligned<Same<z.infer<typeof lotHoldSchema>, LotHold>>,
  Aligned<Same<z.infer<typeof materialLotSchema>, MaterialLot>>,
  Aligned<Same<z.infer<typeof sampleSchema>, Sample>>,
  Aligned<Same<z.infer<typeof testResultSchema>, TestResult>>,
  Aligned<Same<z.infer<typeof deviationReportSchema>, DeviationReport>>,
];
