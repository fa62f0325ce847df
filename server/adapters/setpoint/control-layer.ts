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
 * The setpoint tags a simulated PLC serves. In the demo they are the simulated MES's own
 * equipment records (in-process MES, HTTP simulator floor), so the MES and the terminal show
 * what the PLC now holds, as a real MES reading the PLC would.
 */
export interface SetpointTags {
  /** The parameter's setpoint and validated range; undefined when there is no such node. */
  read(equipmentId: string, parameterId: string): { setpoint: number; validatedRange: { min: number; max: number } } | undefined;
  /** Applies a write the layer has already accepted. */
  apply(equipmentId: string, parameterId: string, value: number): void;
}

/** Tags over equipment records in place: an applied write changes the record's setpoint. */
export function tagsOf(unit: (equipmentId: string) => Equipment | undefined): SetpointTags {
  const parameter = (equipmentId: string, parameterId: string) => unit(equipmentId)?.parameters.find((p) => p.id === parameterId);
  return {
    read: (equipmentId, parameterId) => {
      const found = parameter(equipmentId, parameterId);
      return found && { setpoint: found.setpoint, validatedRange: { ...found.validatedRange } };
    },
    apply: (equipmentId, parameterId, value) => {
      const found = parameter(equipmentId, parameterId);
      if (found) found.setpoint = value;
    },
  };
}

/** Tags over a private copy of equipment records (unit tests, a demo next to an external MES). */
export function equipmentTags(equipment: readonly Equipment[]): SetpointTags {
  const units = new Map(structuredClone(equipment).map((unit) => [unit.id, unit]));
  return tagsOf((equipmentId) => units.get(equipmentId));
}

/**
 * A simulated PLC: EURange twice the validated span, InstrumentRange equal to the validated
 * range, and a read-only switch (BadUserAccessDenied).
 */
export class SimulatedControlLayer implements ControlLayer {
  readonly #tags: SetpointTags;
  readonly writes: { equipmentId: string; parameterId: string; value: number; status: WriteStatus }[] = [];
  readOnly = false;

  constructor(tags: SetpointTags | readonly Equipment[]) {
    this.#tags = 'apply' in tags ? tags : equipmentTags(tags);
  }

  async read(equipmentId: string, parameterId: string): Promise<NodeReading | undefined> {
    const tag = this.#tags.read(equipmentId, parameterId);
    if (!tag) return undefined;
    const { min, max } = tag.validatedRange;
    const span = max - min;
    return { value: tag.setpoint, euRange: { low: min - span / 2, high: max + span / 2 }, instrumentRange: { low: min, high: max } };
  }

  async write(equipmentId: string, parameterId: string, value: number): Promise<WriteStatus> {
    const tag = this.#tags.read(equipmentId, parameterId);
    const status: WriteStatus = !tag ? 'BadNodeIdUnknown' : this.readOnly ? 'BadUserAccessDenied' : !Number.isFinite(value) ? 'BadTypeMismatch' : value < tag.validatedRange.min || value > tag.validatedRange.max ? 'BadOutOfRange' : 'Good';
    if (status === 'Good') this.#tags.apply(equipmentId, parameterId, value);
    this.writes.push({ equipmentId, parameterId, value, status });
    return status;
  }
}
