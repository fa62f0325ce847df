// What every MES adapter assembles the same way around the vendor's lot record: the plant's
// lines come from qloop's configuration (MES APIs know no terminals), and a lot runs on its own
// line, else on its work order's.
import type { Line, MaterialLot, WorkOrder } from '../../../domain/types';
import type { LotContext } from '../../../ports/mes';

export function plantLines(lines: readonly Line[]): Line[] {
  return structuredClone([...lines]);
}

export function lotContext(lines: readonly Line[], lot: MaterialLot, workOrder?: WorkOrder): LotContext {
  const line = lines.find((l) => l.id === (lot.lineId ?? workOrder?.lineId));
  return { lot, ...(workOrder ? { workOrder } : {}), ...(line ? { line: structuredClone(line) } : {}) };
}
