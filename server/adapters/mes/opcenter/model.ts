// The Opcenter application model qloop reads and the commands it posts. UAF apps differ per
// plant (Discrete, Process, Pharma), and the MTU hold command is app-specific ([U],
// INTEGRATIONS.md 3), so every name here is configuration (QLOOP_OPCENTER_MODEL, JSON).
import type { LotDisposition, WorkOrderStatus } from '../../../domain/types';

export interface OpcenterModel {
  materialApp: string;
  mtuEntity: string;
  holdEntity: string;
  workOrderApp: string;
  workOrderEntity: string;
  equipmentApp: string;
  equipmentEntity: string;
  equipmentPropertyEntity: string;
  nonconformanceApp: string;
  nonconformanceEntity: string;
  holdCommand: string;
  releaseCommand: string;
  nonconformanceCommand: string;
  /** MTU StatusNId in B2MML terms. */
  mtuStatus: Record<string, LotDisposition>;
  workOrderStatus: Record<string, WorkOrderStatus>;
  /** Command ErrorCodes meaning "already on hold" and "not on hold". */
  alreadyHeldErrors: string[];
  notHeldErrors: string[];
}

export const DEFAULT_OPCENTER_MODEL: OpcenterModel = {
  materialApp: 'Material',
  mtuEntity: 'MaterialTrackingUnit',
  holdEntity: 'MaterialTrackingUnitHold',
  workOrderApp: 'AppU4DM',
  workOrderEntity: 'WorkOrder',
  equipmentApp: 'UDM',
  equipmentEntity: 'Equipment',
  equipmentPropertyEntity: 'EquipmentProperty',
  nonconformanceApp: 'AppU4DM',
  nonconformanceEntity: 'Nonconformance',
  holdCommand: 'HoldMaterialTrackingUnit',
  releaseCommand: 'ReleaseMaterialTrackingUnit',
  nonconformanceCommand: 'CreateNonconformance',
  mtuStatus: { Planned: 'Planned', Active: 'In-Process', Hold: 'Restricted', Quarantine: 'Restricted', Released: 'UnRestricted', Closed: 'Closed' },
  workOrderStatus: { Planned: 'planned', Released: 'released', Active: 'running', OnHold: 'on-hold', Completed: 'completed', Closed: 'closed' },
  alreadyHeldErrors: ['12001'],
  notHeldErrors: ['12002'],
};
