// A bigger plant for the crash test and the loop benchmark: the demo plant plus many lots in
// production on one line (each with its work order and one sample), so OOS holds never run out of lots.
import fs from 'node:fs';
import path from 'node:path';
import type { PlantDataset } from '../../../server/plant/schema';

export interface ExtraLots {
  count: number;
  /** Id stem: LOT-<stem>-0001, WO-<stem>-0001, S-<stem>-0001. */
  stem: string;
  productId: string;
  lineId: string;
}

export function plantWithExtraLots(base: PlantDataset, extra: ExtraLots): PlantDataset {
  const plant = structuredClone(base);
  const at = plant.asOf;
  for (let i = 1; i <= extra.count; i++) {
    const n = String(i).padStart(4, '0');
    const lotId = `LOT-${extra.stem}-${n}`;
    const workOrderId = `WO-${extra.stem}-${n}`;
    plant.workOrders.push({ id: workOrderId, productId: extra.productId, lineId: extra.lineId, lotId, status: 'released', quantity: 1000, unit: 'L', plannedStart: at });
    plant.lots.push({ id: lotId, productId: extra.productId, workOrderId, lineId: extra.lineId, disposition: 'In-Process', quantity: 1000, unit: 'L', manufacturedAt: at, holds: [] });
    plant.samples.push({ id: `S-${extra.stem}-${n}`, lotId, workOrderId, point: 'bulk', sampledAt: at });
  }
  return plant;
}

export function lotIds(extra: ExtraLots): string[] {
  return Array.from({ length: extra.count }, (_, i) => `LOT-${extra.stem}-${String(i + 1).padStart(4, '0')}`);
}

export function writePlant(dir: string, plant: PlantDataset): string {
  const file = path.join(dir, 'plant.json');
  fs.writeFileSync(file, JSON.stringify(plant));
  return file;
}
