// The production floor behind every MES simulator: lots with holds and dispositions, work
// orders, equipment with live process values. Each vendor simulator keeps its own records
// (SAP nonconformances, Plex jobs, Opcenter MTUs) and speaks its own dialect on top of this.
import type { Equipment, Line, LotDisposition, LotHold, MaterialLot, WorkOrder } from '../../../server/domain/types';
import { tagsOf, type SetpointTags } from '../../../server/adapters/setpoint/control-layer';
import type { PlantCatalog } from '../../../server/plant/catalog';
import type { Clock } from '../../../server/ports/clock';

export type FloorRefusalKind = 'unknown-lot' | 'already-held' | 'not-held' | 'lot-closed' | 'unknown-equipment' | 'out-of-range';

/** A business refusal; each simulator answers it in its vendor's error envelope. */
export class FloorRefusal extends Error {
  constructor(
    readonly kind: FloorRefusalKind,
    message: string,
    readonly hold?: LotHold,
  ) {
    super(message);
    this.name = 'FloorRefusal';
  }
}

export interface FloorWrite {
  op: 'hold' | 'release' | 'nonconformance' | 'setpoint';
  target: string;
  reference: string;
  at: string;
}

export class ShopFloor {
  readonly lines: readonly Line[];
  readonly #lots: Map<string, MaterialLot>;
  readonly #workOrders: Map<string, WorkOrder>;
  readonly #equipment: Map<string, Equipment>;
  readonly #beforeHold = new Map<string, LotDisposition>();
  /** Every write that changed the floor, in order: the exactly-once evidence for tests. */
  readonly writes: FloorWrite[] = [];

  constructor(
    catalog: PlantCatalog,
    private readonly clock: Clock,
  ) {
    const own = structuredClone(catalog.dataset) as typeof catalog.dataset;
    this.lines = own.lines;
    this.#lots = new Map(own.lots.map((lot) => [lot.id, lot as MaterialLot]));
    this.#workOrders = new Map(own.workOrders.map((order) => [order.id, order as WorkOrder]));
    this.#equipment = new Map(own.equipment.map((unit) => [unit.id, unit as Equipment]));
  }

  lots(): MaterialLot[] {
    return [...this.#lots.values()];
  }
  lot(lotId: string): MaterialLot | undefined {
    return this.#lots.get(lotId);
  }
  workOrders(): WorkOrder[] {
    return [...this.#workOrders.values()];
  }
  workOrder(workOrderId: string): WorkOrder | undefined {
    return this.#workOrders.get(workOrderId);
  }
  equipment(): Equipment[] {
    return [...this.#equipment.values()];
  }
  unit(equipmentId: string): Equipment | undefined {
    return this.#equipment.get(equipmentId);
  }
  openHold(lotId: string): LotHold | undefined {
    return this.#lots.get(lotId)?.holds.find((hold) => hold.releasedAt === undefined);
  }

  /** Holds a lot under the vendor's hold id; a held or Closed lot is refused, as a real MES does. */
  hold(lotId: string, hold: { id: string; reasonCode: string; comment: string; placedBy: string }): LotHold {
    const lot = this.#requireLot(lotId);
    if (lot.disposition === 'Closed') throw new FloorRefusal('lot-closed', `lot ${lotId} is Closed and can no longer be held`);
    const open = this.openHold(lotId);
    if (open) throw new FloorRefusal('already-held', `lot ${lotId} is already on hold (${open.id})`, open);
    const placed: LotHold = { ...hold, placedAt: this.clock.iso() };
    this.#beforeHold.set(lotId, lot.disposition);
    lot.holds.push(placed);
    lot.disposition = 'Restricted';
    this.writes.push({ op: 'hold', target: lotId, reference: placed.id, at: placed.placedAt });
    return placed;
  }

  /** Releases the open hold; a lot that is not held is refused. */
  release(lotId: string): LotHold {
    const lot = this.#requireLot(lotId);
    const open = this.openHold(lotId);
    if (!open) throw new FloorRefusal('not-held', `lot ${lotId} is not on hold`);
    open.releasedAt = this.clock.iso();
    lot.disposition = this.#beforeHold.get(lotId) ?? this.#afterDatasetHold(lot);
    this.#beforeHold.delete(lotId);
    this.writes.push({ op: 'release', target: lotId, reference: open.id, at: open.releasedAt });
    return open;
  }

  /** Records that a nonconformance was logged (the vendor simulator keeps the record itself). */
  noteNonconformance(lotId: string, reference: string): void {
    this.#requireLot(lotId);
    this.writes.push({ op: 'nonconformance', target: lotId, reference, at: this.clock.iso() });
  }

  /** The control layer's side of a setpoint write: range-checked, then applied. */
  writeSetpoint(equipmentId: string, parameterId: string, value: number): { previous: number; current: number } {
    const unit = this.#equipment.get(equipmentId);
    const parameter = unit?.parameters.find((p) => p.id === parameterId);
    if (!unit || !parameter) throw new FloorRefusal('unknown-equipment', `no parameter ${parameterId} on ${equipmentId}`);
    if (value < parameter.validatedRange.min || value > parameter.validatedRange.max) {
      throw new FloorRefusal('out-of-range', `${value} is outside ${parameter.validatedRange.min}-${parameter.validatedRange.max}`);
    }
    const previous = parameter.setpoint;
    parameter.setpoint = value;
    this.writes.push({ op: 'setpoint', target: parameterId, reference: String(value), at: this.clock.iso() });
    return { previous, current: value };
  }

  /** The floor's equipment as the tags of a simulated PLC, so a written setpoint shows in every MES dialect. */
  setpointTags(): SetpointTags {
    // Writes go through writeSetpoint, so they are in the floor's write record too.
    return { ...tagsOf((equipmentId) => this.#equipment.get(equipmentId)), apply: (equipmentId, parameterId, value) => void this.writeSetpoint(equipmentId, parameterId, value) };
  }

  /** Live values: running equipment wanders around its setpoint (a plausible instrument trace). */
  tick(random: () => number): void {
    for (const unit of this.#equipment.values()) {
      if (unit.state !== 'running') continue;
      for (const parameter of unit.parameters) {
        const span = parameter.validatedRange.max - parameter.validatedRange.min;
        const next = parameter.current + (random() - 0.5) * span * 0.02 + (parameter.setpoint - parameter.current) * 0.2;
        parameter.current = Math.round(Math.min(parameter.validatedRange.max, Math.max(parameter.validatedRange.min, next)) * 100) / 100;
      }
    }
  }

  holdCount(lotId: string): number {
    return this.writes.filter((w) => w.op === 'hold' && w.target === lotId).length;
  }

  #requireLot(lotId: string): MaterialLot {
    const lot = this.#lots.get(lotId);
    if (!lot) throw new FloorRefusal('unknown-lot', `lot ${lotId} is not known to the MES`);
    return lot;
  }

  /** A hold that came with the dataset: a lot still being made goes back to In-Process. */
  #afterDatasetHold(lot: MaterialLot): LotDisposition {
    const order = lot.workOrderId === undefined ? undefined : this.#workOrders.get(lot.workOrderId);
    return order && ['planned', 'released', 'running', 'on-hold'].includes(order.status) ? 'In-Process' : 'UnRestricted';
  }
}
