// InProcessMes: the simulated MES of a plant dataset behind the MesAdapter port: lines, work
// orders, equipment and process parameters to read, and lot disposition that qloop's outbox
// changes through holds, releases and nonconformance drafts.
import { z } from 'zod';
import type { Equipment, Line, MaterialLot, ProcessParameter, WorkOrder } from '../../server/domain/types';
import { QloopError } from '../../server/errors';
import { jsonPath } from '../../server/plant/issues';
import type { PlantDataset } from '../../server/plant/schema';
import { tagsOf, type SetpointTags } from '../../server/adapters/setpoint/control-layer';
import type { Clock } from '../../server/ports/clock';
import type { HoldRequest, LotContext, MesAdapter, MesCapabilities, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../server/ports/mes';
import { FaultSwitch } from './faults';
import type { FaultPlan } from './faults';
import { LotDispositions } from './mes-dispositions';
import type { Nonconformance } from './mes-dispositions';

export type MesOperation =
  | 'listLines' | 'getLotContext' | 'getWorkOrder' | 'getRunningWorkOrders' | 'getEquipment' | 'listEquipment'
  | 'getProcessParameters' | 'placeHold' | 'releaseHold' | 'draftNonconformance';

/** The writes, for `failNext(n, error, { operations: MES_WRITES })` in outbox tests. */
export const MES_WRITES: readonly MesOperation[] = ['placeHold', 'releaseHold', 'draftNonconformance'];

const field = z.string().trim().min(1, 'must not be empty');
const holdRequestSchema = z.object({ lotId: field, reasonCode: field, comment: field, initiatedBy: field, idempotencyKey: field });
const releaseRequestSchema = z.object({ lotId: field, comment: field, initiatedBy: field, idempotencyKey: field });
const nonconformanceSchema = z.object({ lotId: field, code: field, description: field, initiatedBy: field, idempotencyKey: field });

export class InProcessMes implements MesAdapter {
  readonly name: string;
  readonly #clock: Clock;
  readonly #lines: Line[];
  readonly #equipment: Map<string, Equipment>;
  readonly #workOrders: Map<string, WorkOrder>;
  readonly #lots: Map<string, MaterialLot>;
  readonly #dispositions: LotDispositions;
  readonly #faults = new FaultSwitch<MesOperation>('the in-process MES');

  /** Serves `plant` (from loadPlant) from its own copy; `clock` stamps holds and nonconformances. */
  constructor(plant: PlantDataset, clock: Clock, options: { name?: string } = {}) {
    const own = structuredClone(plant);
    this.name = options.name ?? 'in-process-mes';
    this.#clock = clock;
    this.#lines = own.lines;
    this.#equipment = new Map(own.equipment.map((unit) => [unit.id, unit]));
    this.#workOrders = new Map(own.workOrders.map((order) => [order.id, order]));
    this.#lots = new Map(own.lots.map((lot) => [lot.id, lot]));
    this.#dispositions = new LotDispositions(this.#lots, this.#workOrders);
  }

  capabilities(): MesCapabilities {
    return { system: 'qloop in-process MES simulator', lotContext: 'native', equipment: 'native', placeHold: 'native', releaseHold: 'native', nonconformance: 'native' };
  }

  listLines(): Promise<Line[]> {
    return this.#faults.run('listLines', () => structuredClone(this.#lines));
  }

  getLotContext(lotId: string): Promise<LotContext | undefined> {
    return this.#faults.run('getLotContext', () => {
      const lot = this.#lots.get(lotId);
      if (!lot) return undefined;
      const workOrder = lot.workOrderId === undefined ? undefined : this.#workOrders.get(lot.workOrderId);
      const line = this.#lines.find((l) => l.id === (lot.lineId ?? workOrder?.lineId));
      return structuredClone({ lot, workOrder, line });
    });
  }

  getWorkOrder(workOrderId: string): Promise<WorkOrder | undefined> {
    return this.#faults.run('getWorkOrder', () => structuredClone(this.#workOrders.get(workOrderId)));
  }

  getRunningWorkOrders(lineId: string): Promise<WorkOrder[]> {
    return this.#faults.run('getRunningWorkOrders', () =>
      structuredClone([...this.#workOrders.values()].filter((order) => order.lineId === lineId && order.status === 'running')),
    );
  }

  getEquipment(equipmentId: string): Promise<Equipment | undefined> {
    return this.#faults.run('getEquipment', () => structuredClone(this.#equipment.get(equipmentId)));
  }

  listEquipment(lineId: string): Promise<Equipment[]> {
    return this.#faults.run('listEquipment', () => structuredClone([...this.#equipment.values()].filter((unit) => unit.lineId === lineId)));
  }

  /** Parameters of one piece of equipment; empty for unknown equipment (check getEquipment first). */
  getProcessParameters(equipmentId: string): Promise<ProcessParameter[]> {
    return this.#faults.run('getProcessParameters', () => structuredClone(this.#equipment.get(equipmentId)?.parameters ?? []));
  }

  /** Holds a lot (disposition Restricted); a lot already held answers `already` with its hold. */
  placeHold(request: HoldRequest): Promise<MesWriteResult> {
    return this.#faults.run('placeHold', () => this.#dispositions.placeHold(checked(holdRequestSchema, request, 'hold request'), this.#clock.iso()));
  }

  /** Releases the open hold; refused (CONFLICT) when the lot is not held, unless it is a retry. */
  releaseHold(request: ReleaseRequest): Promise<MesWriteResult> {
    return this.#faults.run('releaseHold', () => this.#dispositions.releaseHold(checked(releaseRequestSchema, request, 'release request'), this.#clock.iso()));
  }

  /** Creates a draft nonconformance, once per idempotency key. */
  draftNonconformance(draft: NonconformanceDraft): Promise<MesWriteResult> {
    return this.#faults.run('draftNonconformance', () => this.#dispositions.draftNonconformance(checked(nonconformanceSchema, draft, 'nonconformance draft'), this.#clock.iso()));
  }

  /**
   * This MES's equipment as the tags of a simulated PLC (the demo's setpoint writer): a setpoint
   * written there is what getEquipment and getProcessParameters show next, as on a real floor
   * where the MES reads the PLC.
   */
  setpointTags(): SetpointTags {
    return tagsOf((equipmentId) => this.#equipment.get(equipmentId));
  }

  /** The nonconformance drafts created so far, oldest first. */
  nonconformances(): Nonconformance[] {
    return this.#dispositions.nonconformances();
  }

  /** Makes the next `count` matching port calls fail (see FaultSwitch). */
  failNext(count: number, error?: Error, plan?: FaultPlan<MesOperation>): void {
    this.#faults.failNext(count, error, plan);
  }

  /** Disarms injected faults. */
  clearFaults(): void {
    this.#faults.clear();
  }
}

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
  throw new QloopError('VALIDATION', `${what} refused: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}
