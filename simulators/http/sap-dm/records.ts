// SAP DM records built from the shop floor: SFC detail (status codes 401 New, 402 In Queue,
// 403 Active, 404 Hold, 405 Done), orders with status/releaseStatus/executionStatus,
// resources, data collection groups and measurements, and Spring-style pages.
import type { Equipment, EquipmentState, MaterialLot, WorkOrder } from '../../../server/domain/types';
import type { ShopFloor } from '../shared/shop-floor';

export const SFC_STATUS = { NEW: '401', IN_QUEUE: '402', ACTIVE: '403', HOLD: '404', DONE: '405' } as const;
const SFC_TEXT: Record<string, string> = { '401': 'New', '402': 'In Queue', '403': 'Active', '404': 'Hold', '405': 'Done' };

export const RESOURCE_STATUS: Record<EquipmentState, string> = {
  running: 'PRODUCTIVE', idle: 'STANDBY', setup: 'ENGINEERING', cleaning: 'SCHEDULED_DOWN', maintenance: 'UNSCHEDULED_DOWN', down: 'DISABLED',
};

export function sfcStatus(floor: ShopFloor, lot: MaterialLot): string {
  if (lot.disposition === 'Restricted') return SFC_STATUS.HOLD;
  if (lot.disposition === 'Planned') return SFC_STATUS.NEW;
  if (lot.disposition === 'In-Process') return floor.workOrder(lot.workOrderId ?? '')?.status === 'running' ? SFC_STATUS.ACTIVE : SFC_STATUS.IN_QUEUE;
  return SFC_STATUS.DONE;
}

export function sfcDetail(floor: ShopFloor, plant: string, lot: MaterialLot) {
  const code = sfcStatus(floor, lot);
  const order = lot.workOrderId ? floor.workOrder(lot.workOrderId) : undefined;
  return {
    plant, sfc: lot.id, quantity: lot.quantity, status: { code, description: SFC_TEXT[code] },
    material: { material: lot.productId, version: 'A' }, order: { order: lot.workOrderId ?? null },
    routing: { routing: `R-${lot.productId}`, version: 'A', type: 'SHOP_ORDER' }, bom: { bom: `B-${lot.productId}`, version: 'A', type: 'SHOP_ORDER' },
    steps: [{ stepId: '0010', operation: { operation: 'MANUFACTURE', version: 'A' }, resource: order?.lineId ?? null, quantityInQueue: code === '402' ? lot.quantity : 0, quantityInWork: code === '403' ? lot.quantity : 0, quantityDone: code === '405' ? lot.quantity : 0 }],
  };
}

const ORDER_STATUS: Record<WorkOrder['status'], [string, string, string]> = {
  planned: ['RELEASABLE', 'NOT_RELEASED', 'NOT_IN_EXECUTION'],
  released: ['RELEASED', 'RELEASED', 'NOT_IN_EXECUTION'],
  running: ['RELEASED', 'RELEASED', 'ACTIVE'],
  'on-hold': ['RELEASED', 'RELEASED', 'HOLD'],
  completed: ['RELEASED', 'RELEASED', 'COMPLETED'],
  closed: ['CLOSED', 'RELEASED', 'COMPLETED'],
};

export function order(floor: ShopFloor, plant: string, o: WorkOrder) {
  const [status, releaseStatus, executionStatus] = ORDER_STATUS[o.status];
  const lot = floor.lot(o.lotId);
  return {
    plant, order: o.id, status, releaseStatus, executionStatus, orderType: 'PRODUCTION',
    material: { material: o.productId, version: 'A', description: o.productId }, bom: { bom: `B-${o.productId}`, version: 'A' }, routing: { routing: `R-${o.productId}`, version: 'A' },
    productionQuantity: o.quantity, productionUnitOfMeasure: o.unit, releasedQuantity: o.status === 'planned' ? 0 : o.quantity, doneQuantity: ['completed', 'closed'].includes(o.status) ? o.quantity : 0,
    batchNumber: o.lotId, plannedStartDate: o.plannedStart, actualStartDate: o.actualStart ?? null, actualCompletionDate: o.actualEnd ?? null,
    sfcs: [o.lotId], workCenters: [{ workCenter: o.lineId, description: o.lineId }],
    customValues: [{ attribute: 'MANUFACTURED_AT', value: lot?.manufacturedAt ?? '' }, { attribute: 'EXPIRY_DATE', value: lot?.expiresAt ?? '' }],
  };
}

export function resource(plant: string, unit: Equipment) {
  return { plant, resource: unit.id, description: unit.name, status: RESOURCE_STATUS[unit.state], resourceTypes: [{ resourceType: unit.type }], workCenter: unit.lineId, customValues: [{ attribute: 'LAST_CALIBRATION', value: unit.lastCalibration ?? '' }] };
}

/** A data collection group per resource, one parameter per process parameter. */
export function dcGroup(unit: Equipment, group: string) {
  return {
    group, version: 'A', description: `Process parameters of ${unit.name}`, collectionType: 'RESOURCE',
    parameters: unit.parameters.map((p, i) => ({ sequence: (i + 1) * 10, parameterName: p.id.split('.').at(-1), description: p.name, dataType: 'NUMBER', unitOfMeasure: p.unit, minValue: p.validatedRange.min, maxValue: p.validatedRange.max, targetValue: p.setpoint })),
  };
}

export function measurements(unit: Equipment, group: string, at: string) {
  return unit.parameters.map((p) => ({ parameterName: p.id.split('.').at(-1), dcGroup: group, resource: unit.id, value: String(p.current), numericValue: p.current, unitOfMeasure: p.unit, createdDateTime: at }));
}

/** Spring-style page: {content, totalElements, totalPages, number, size}. */
export function springPage<T>(items: readonly T[], page: number, size: number) {
  const safeSize = Math.max(1, Math.min(size || 20, 500));
  const number = Math.max(0, page || 0);
  return { content: items.slice(number * safeSize, (number + 1) * safeSize), totalElements: items.length, totalPages: Math.ceil(items.length / safeSize), number, size: safeSize };
}
