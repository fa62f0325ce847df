// Plex Connect records from the shop floor (INTEGRATIONS.md 2): containers, lots, jobs and
// their operations, workcenters, operating parameters and APM tag values, all served as
// full unpaged arrays. Dates use Plex's 7-digit fraction: YYYY-MM-DDThh:mm:ss.fffffffZ.
import type { Equipment, EquipmentState, MaterialLot, WorkOrder } from '../../../server/domain/types';
import { guid } from '../shared/ids';
import type { ShopFloor } from '../shared/shop-floor';

export const plexDate = (iso?: string) => (iso ? new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z') : null);

export const CONTAINER_STATUS: Record<MaterialLot['disposition'], string> = { Planned: 'Planned', 'In-Process': 'WIP', Restricted: 'Hold', UnRestricted: 'OK', Closed: 'Consumed' };
export const JOB_STATUS: Record<WorkOrder['status'], string> = { planned: 'Scheduled', released: 'Released', running: 'Active', 'on-hold': 'Hold', completed: 'Complete', closed: 'Closed' };
export const WORKCENTER_STATUS: Record<EquipmentState, string> = { running: 'Running', idle: 'Idle', setup: 'Setup', cleaning: 'Cleaning', maintenance: 'Maintenance', down: 'Down' };

export const jobId = (workOrderId: string) => guid(`job:${workOrderId}`);
export const lotGuid = (lotId: string) => guid(`lot:${lotId}`);
export const partId = (productId: string) => guid(`part:${productId}`);
export const workcenterId = (equipmentId: string) => guid(`wc:${equipmentId}`);

/** One container per lot that has left planning (a tote, drum or pallet in Plex terms). */
export function containers(floor: ShopFloor) {
  return floor.lots().filter((lot) => lot.disposition !== 'Planned').map((lot, i) => ({
    serialNo: `S${String(100_000 + i).padStart(7, '0')}`, partId: partId(lot.productId), partNo: lot.productId, revision: 'A',
    partOperationId: guid(`partop:${lot.productId}`), operationNo: 10, operationCode: 'MANUFACTURE', containerStatus: CONTAINER_STATUS[lot.disposition],
    locationId: guid(`loc:${lot.lineId ?? ''}`), location: lot.lineId ?? '', quantity: lot.quantity, quantityInventoryUnit: lot.unit,
    lotId: lotGuid(lot.id), lotNo: lot.id, heatId: null, masterUnitId: null, inventoryType: 'Production',
    // [U] not in the published field list: the job that produced the container (see docs/integrations/plex.md).
    jobNo: lot.workOrderId ?? null,
    addDateTime: plexDate(lot.manufacturedAt), updateDateTime: plexDate(lot.holds.at(-1)?.releasedAt ?? lot.holds.at(-1)?.placedAt ?? lot.manufacturedAt),
  }));
}

export function lotRecord(floor: ShopFloor, lot: MaterialLot) {
  return { id: lotGuid(lot.id), lotNumber: lot.id, supplierLotNumber: null, partId: partId(lot.productId), partNumber: lot.productId, quantity: lot.quantity, containerCount: lot.disposition === 'Planned' ? 0 : 1, manufacturedDateTime: plexDate(lot.manufacturedAt), useByDateTime: plexDate(lot.expiresAt) };
}

export function job(o: WorkOrder) {
  return { id: jobId(o.id), jobNo: o.id, partId: partId(o.productId), partNo: o.productId, status: JOB_STATUS[o.status], quantity: o.quantity, unit: o.unit, scheduledStartDateTime: plexDate(o.plannedStart), actualStartDateTime: plexDate(o.actualStart), completedDateTime: plexDate(o.actualEnd) };
}

export function jobOperations(floor: ShopFloor, o: WorkOrder) {
  const main = floor.equipment().find((e) => e.lineId === o.lineId);
  return [{ jobId: jobId(o.id), operationNo: 10, operationCode: 'MANUFACTURE', workcenterId: main ? workcenterId(main.id) : null, workcenterCode: main?.id ?? null, workcenterGroup: o.lineId }];
}

export function workcenter(e: Equipment) {
  return { workcenterId: workcenterId(e.id), workcenterCode: e.id, name: e.name, workcenterType: e.type, workcenterGroup: e.lineId, status: { description: WORKCENTER_STATUS[e.state] }, lastCalibrationDateTime: plexDate(e.lastCalibration) };
}

export function operatingParameters(floor: ShopFloor) {
  return floor.equipment().flatMap((e) => e.parameters.map((p) => ({
    id: guid(`param:${p.id}`), workcenterId: workcenterId(e.id), workcenterCode: e.id, parameterName: p.id.split('.').at(-1), description: p.name, unit: p.unit,
    targetValue: p.setpoint, lowerLimit: p.validatedRange.min, upperLimit: p.validatedRange.max, tagName: p.nodeId ?? p.id,
  })));
}

export function tagValues(floor: ShopFloor, at: string) {
  return floor.equipment().flatMap((e) => e.parameters.map((p) => ({ tagName: p.nodeId ?? p.id, value: p.current, quality: 'Good', timestamp: plexDate(at) })));
}
