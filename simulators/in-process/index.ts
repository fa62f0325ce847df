// The in-process LIMS and MES simulators: a plant dataset served from memory behind the ports.
export { FaultSwitch } from './faults';
export type { FaultPlan } from './faults';
export { InProcessLims } from './lims';
export type { LimsOperation, ResultListener } from './lims';
export { InProcessMes, MES_WRITES } from './mes';
export type { MesOperation } from './mes';
export type { Nonconformance } from './mes-dispositions';
