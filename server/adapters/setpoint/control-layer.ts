// What a setpoint writer needs from the control system, in OPC UA terms (INTEGRATIONS.md 5):
// read a node's value with its EURange and InstrumentRange, write it, and get a status code
// (Good, BadOutOfRange, BadUserAccessDenied, BadTypeMismatch). node-opcua implements this
// later; the simulated layer below stands in for the PLC today.
import type { Equipment } from '../../domain/types';

export type WriteStatus = 'Good' | 'BadOutOfRange' | 'BadUserAccessDenied' | 'BadTypeMismatch' | 'BadNodeIdUnknown';

export interface NodeReading {
  value: number;
  /** Engineering-unit range of the tag. */
  euRange: { low: number; high: number };
  /** The range the device enforces on writes (node-opcua checks this, not EURange). */
  instrumentRange: { low: number; high: number };
}

export interface ControlLayer {
  read(equipmentId: string, parameterId: string): Promise<NodeReading | undefined>;
  write(equipmentId: string, parameterId: string, value: number): Promise<WriteStatus>;
}

/**
 * A simulated PLC: setpoints of the plant's equipment, EURange twice the validated span,
 * InstrumentRange equal to the validated range, and a read-only switch (BadUserAccessDenied).
 */
export class SimulatedControlLayer implements ControlLayer {
  readonly #setpoints = new Map<string, { value: number; validated: { min: number; max: number } }>();
  readonly writes: { equipmentId: string; parameterId: string; value: number; status: WriteStatus }[] = [];
  readOnly = false;

  constructor(equipment: readonly Equipment[]) {
    for (const unit of equipment) for (const p of unit.parameters) this.#setpoints.set(`${unit.id}\u0000${p.id}`, { value: p.setpoint, validated: { ...p.validatedRange } });
  }

  async read(equipmentId: string, parameterId: string): Promise<NodeReading | undefined> {
    const node = this.#setpoints.get(`${equipmentId}\u0000${parameterId}`);
    if (!node) return undefined;
    const span = node.validated.max - node.validated.min;
    return { value: node.value, euRange: { low: node.validated.min - span / 2, high: node.validated.max + span / 2 }, instrumentRange: { low: node.validated.min, high: node.validated.max } };
  }

  async write(equipmentId: string, parameterId: string, value: number): Promise<WriteStatus> {
    const node = this.#setpoints.get(`${equipmentId}\u0000${parameterId}`);
    const status: WriteStatus = !node ? 'BadNodeIdUnknown' : this.readOnly ? 'BadUserAccessDenied' : !Number.isFinite(value) ? 'BadTypeMismatch' : value < node.validated.min || value > node.validated.max ? 'BadOutOfRange' : 'Good';
    if (node && status === 'Good') node.value = value;
    this.writes.push({ equipmentId, parameterId, value, status });
    return status;
  }
}
