// The production calendar of the demo plant, 2024-03-01 to the asOf moment on 2024-05-03:
// which lot ran on which line when. WO-1001 (LOT-XYZ789) was planned first but postponed
// for an API delivery, so it runs last; every other work order is numbered in start order.
import type { WorkOrderStatus } from '../../server/domain/types';
import { at, DAY, HOUR } from './random';

export const AS_OF = '2024-05-03T10:00:00Z';

export interface LotPlan {
  lotId: string;
  workOrderId: string;
  productId: 'PRD-IBU400' | 'PRD-PARA-SUS';
  lineId: 'LINE-1' | 'LINE-2' | 'LINE-3';
  /** Tablet press (LINE-1 TP-101, LINE-2 TP-201) or the tank for suspensions. */
  pressId?: 'TP-101' | 'TP-201';
  start: number;
  plannedStart: number;
  status: WorkOrderStatus;
  /** Sample number in the LIMS batch id BATCH-2024-<batch>-NN. */
  batch: string;
}

const TABLET_STARTS: [lineId: 'LINE-1' | 'LINE-2', start: string][] = [
  ...['03-01', '03-06', '03-11', '03-16', '03-21', '03-27', '04-02', '04-08', '04-14', '04-20', '04-26', '05-02'].map(
    (day) => ['LINE-1', `2024-${day}T06:00:00Z`] as ['LINE-1', string],
  ),
  ...['03-03', '03-09', '03-14', '03-19', '03-25', '03-30', '04-05', '04-11', '04-18', '04-30'].map(
    (day) => ['LINE-2', `2024-${day}T06:00:00Z`] as ['LINE-2', string],
  ),
];

const SUSPENSION_STARTS: [lotId: string, start: string][] = [
  ['LOT-24-0301', '2024-03-01T06:00:00Z'],
  ['LOT-24-0302', '2024-03-05T06:00:00Z'],
  ['LOT-24-0303', '2024-03-09T06:00:00Z'],
  ['LOT-24-0304', '2024-03-14T06:00:00Z'],
  ['LOT-24-0305', '2024-03-18T06:00:00Z'],
  ['LOT-24-0306', '2024-03-22T06:00:00Z'],
  ['LOT-24-0307', '2024-03-27T06:00:00Z'],
  ['LOT-24-0308', '2024-04-01T06:00:00Z'],
  ['LOT-24-0309', '2024-04-05T06:00:00Z'],
  ['LOT-24-0310', '2024-04-10T06:00:00Z'],
  ['LOT-12345', '2024-04-15T06:00:00Z'],
  ['LOT-24-0311', '2024-04-19T06:00:00Z'],
  ['LOT-24-0312', '2024-04-25T06:00:00Z'],
];

/** Hours from start to the end of the work order (granulation to coating; compounding to filling). */
export const TABLET_HOURS = 52;
export const SUSPENSION_HOURS = 34;

export function planLots(): LotPlan[] {
  const asOf = at(AS_OF);
  const status = (start: number, hours: number): WorkOrderStatus => {
    if (start > asOf) return 'planned';
    if (start + hours * HOUR > asOf) return 'running';
    // Closed once QA released the lot and the order was reconciled, about a week after the end.
    return start + hours * HOUR + 7 * DAY < asOf ? 'closed' : 'completed';
  };
  const dated = [
    ...TABLET_STARTS.map(([lineId, start]) => ({ kind: 'tablet' as const, lineId, start: at(start) })),
    ...SUSPENSION_STARTS.map(([lotId, start]) => ({ kind: 'suspension' as const, lotId, start: at(start) })),
  ].sort((a, b) => a.start - b.start);

  let tablet = 100;
  let order = 1001;
  const plans: LotPlan[] = dated.map((entry) => {
    order += 1;
    const common = { workOrderId: `WO-${order}`, start: entry.start, plannedStart: entry.start, batch: String(order - 1000).padStart(3, '0') };
    if (entry.kind === 'suspension') {
      return { ...common, lotId: entry.lotId, productId: 'PRD-PARA-SUS', lineId: 'LINE-3', status: status(entry.start, SUSPENSION_HOURS) };
    }
    tablet += 1;
    return {
      ...common,
      lotId: `LOT-24-0${tablet}`,
      productId: 'PRD-IBU400',
      lineId: entry.lineId,
      pressId: entry.lineId === 'LINE-1' ? 'TP-101' : 'TP-201',
      status: status(entry.start, TABLET_HOURS),
    };
  });

  // The integration's reference example: planned first, postponed, running now on LINE-3.
  plans.push({
    lotId: 'LOT-XYZ789',
    workOrderId: 'WO-1001',
    productId: 'PRD-PARA-SUS',
    lineId: 'LINE-3',
    start: at('2024-05-02T13:00:00Z'),
    plannedStart: at('2024-02-26T06:00:00Z'),
    status: 'running',
    batch: '001',
  });
  // Next on LINE-2 once cleaning is done.
  order += 1;
  plans.push({
    lotId: 'LOT-24-0123',
    workOrderId: `WO-${order}`,
    productId: 'PRD-IBU400',
    lineId: 'LINE-2',
    pressId: 'TP-201',
    start: at('2024-05-06T06:00:00Z'),
    plannedStart: at('2024-05-06T06:00:00Z'),
    status: 'planned',
    batch: String(order - 1000).padStart(3, '0'),
  });
  return plans;
}
