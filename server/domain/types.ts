// Canonical plant model, aligned with ISA-95 / B2MML v7 (MaterialLot, TestSpecification,
// TestResult, WorkOrder, Equipment). Adapters map vendor payloads onto these types.

/** B2MML MaterialLot Disposition. Hold maps to Restricted, release to UnRestricted. */
export const LOT_DISPOSITIONS = ['Planned', 'In-Process', 'Restricted', 'UnRestricted', 'Closed'] as const;
export type LotDisposition = (typeof LOT_DISPOSITIONS)[number];

export const EQUIPMENT_STATES = ['running', 'idle', 'setup', 'cleaning', 'maintenance', 'down'] as const;
export type EquipmentState = (typeof EQUIPMENT_STATES)[number];

export const WORK_ORDER_STATUSES = ['planned', 'released', 'running', 'on-hold', 'completed', 'closed'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const RESULT_STATUSES = ['pending', 'final', 'retracted'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export interface Plant {
  id: string;
  name: string;
  site: string;
  timezone: string;
}

export interface Terminal {
  id: string;
  name: string;
}

export interface Line {
  id: string;
  name: string;
  area: string;
  terminals: Terminal[];
  equipmentIds: string[];
}

export interface Product {
  id: string;
  name: string;
  dosageForm: string;
  /** Ids of the test specifications that apply to lots of this product. */
  specificationIds: string[];
}

/** One band of an ordered disposition scheme (e.g. potency 98-102 release). */
export interface DispositionBand {
  /** Inclusive lower bound; absent means unbounded. */
  min?: number;
  /** Upper bound; absent means unbounded. */
  max?: number;
  disposition: 'release' | 'review' | 'hold';
  label: string;
}

export interface SpcSettings {
  chart: 'imr' | 'xbar-r' | 'xbar-s';
  subgroupSize: number;
  /** Rule names: we1..we4, nelson1..nelson8. */
  rules: string[];
  /** Number of historical points used for phase I limits. */
  baseline: number;
}

/** B2MML TestSpecification with its evaluation criteria. */
export interface TestSpecification {
  id: string;
  version: string;
  productId: string;
  test: string;
  /** Keyword used by the LIMS (e.g. SENAITE getKeyword). */
  keyword: string;
  unit: string;
  kind: 'numeric' | 'text';
  /** Lower specification limit (NLT); absent for NMT specs. */
  lsl?: number;
  /** Upper specification limit (NMT); absent for NLT specs. */
  usl?: number;
  /** Decimal places of the limit expression: the reportable value is rounded to this (USP 7.20). */
  decimals: number;
  target?: number;
  alertLimits?: { low?: number; high?: number };
  actionLimits?: { low?: number; high?: number };
  bands?: DispositionBand[];
  /** For text specs: the accepted answers, e.g. ["conforms", "complies"]. */
  acceptedText?: string[];
  /** Limit of quantitation, for "< LOQ" and "ND" results. */
  loq?: number;
  method: string;
  sopId?: string;
  spc?: SpcSettings;
}

export interface ProcessParameter {
  id: string;
  name: string;
  unit: string;
  setpoint: number;
  current: number;
  /** Validated (proven acceptable) range: a setpoint change outside it is refused. */
  validatedRange: { min: number; max: number };
  /** Address in the control system (OPC UA node id or tag). */
  nodeId?: string;
}

export interface Equipment {
  id: string;
  name: string;
  type: string;
  lineId: string;
  state: EquipmentState;
  lastCalibration?: string;
  parameters: ProcessParameter[];
}

export interface WorkOrder {
  id: string;
  productId: string;
  lineId: string;
  lotId: string;
  status: WorkOrderStatus;
  quantity: number;
  unit: string;
  plannedStart: string;
  actualStart?: string;
  actualEnd?: string;
}

export interface LotHold {
  id: string;
  reasonCode: string;
  comment: string;
  placedBy: string;
  placedAt: string;
  releasedAt?: string;
}

/** B2MML MaterialLot. */
export interface MaterialLot {
  id: string;
  productId: string;
  workOrderId?: string;
  lineId?: string;
  disposition: LotDisposition;
  quantity: number;
  unit: string;
  manufacturedAt: string;
  expiresAt?: string;
  holds: LotHold[];
}

export interface Sample {
  id: string;
  lotId: string;
  workOrderId?: string;
  point: string;
  sampledAt: string;
}

/** B2MML TestResult as the LIMS reports it; value stays the raw string. */
export interface TestResult {
  id: string;
  sampleId: string;
  lotId: string;
  specificationId?: string;
  test: string;
  value: string;
  numeric?: number;
  unit: string;
  status: ResultStatus;
  finalizedAt: string;
  analyst?: string;
  instrumentId?: string;
  comment?: string;
}

export interface DeviationReport {
  id: string;
  title: string;
  openedAt: string;
  closedAt?: string;
  status: 'open' | 'closed';
  classification: 'minor' | 'major' | 'critical';
  lotIds: string[];
  equipmentIds: string[];
  test?: string;
  description: string;
  rootCause: string;
  capa: string;
}
