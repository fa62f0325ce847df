// MesAdapter port: lot context, equipment and process data, and the few writes qloop may
// make (hold, release, nonconformance draft). Writes only ever come from the outbox.
import type { Equipment, Line, MaterialLot, ProcessParameter, WorkOrder } from '../domain/types';
import type { Capability } from './lims';

export interface LotContext {
  lot: MaterialLot;
  workOrder?: WorkOrder;
  line?: Line;
}

export interface HoldRequest {
  lotId: string;
  reasonCode: string;
  comment: string;
  initiatedBy: string;
  /** The outbox's key: the adapter checks state first, as vendors accept no idempotency keys. */
  idempotencyKey: string;
}

export interface ReleaseRequest {
  lotId: string;
  comment: string;
  initiatedBy: string;
  idempotencyKey: string;
}

export interface MesWriteResult {
  /** `applied` changed the MES; `already` found it already in that state (a safe retry). */
  status: 'applied' | 'already';
  reference: string;
  raw?: unknown;
}

export interface NonconformanceDraft {
  lotId: string;
  code: string;
  description: string;
  initiatedBy: string;
  idempotencyKey: string;
}

export interface MesCapabilities {
  system: string;
  lotContext: Capability;
  equipment: Capability;
  placeHold: Capability;
  releaseHold: Capability;
  nonconformance: Capability;
}

export interface MesAdapter {
  readonly name: string;
  capabilities(): MesCapabilities;
  listLines(): Promise<Line[]>;
  getLotContext(lotId: string): Promise<LotContext | undefined>;
  getWorkOrder(workOrderId: string): Promise<WorkOrder | undefined>;
  /** Work orders currently running on a line. */
  getRunningWorkOrders(lineId: string): Promise<WorkOrder[]>;
  getEquipment(equipmentId: string): Promise<Equipment | undefined>;
  listEquipment(lineId: string): Promise<Equipment[]>;
  getProcessParameters(equipmentId: string): Promise<ProcessParameter[]>;
  placeHold(request: HoldRequest): Promise<MesWriteResult>;
  releaseHold(request: ReleaseRequest): Promise<MesWriteResult>;
  draftNonconformance(draft: NonconformanceDraft): Promise<MesWriteResult>;
}
