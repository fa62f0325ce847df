// Lot holds, releases and nonconformance drafts as the simulated MES keeps them. Holding a
// held lot or releasing a lot that is not held is a business error, as on a real MES (SAP DM,
// Opcenter); the outbox's idempotency key makes a retried call answer `already` instead.
import type { LotDisposition, MaterialLot, WorkOrder } from '../../server/domain/types';
import { QloopError } from '../../server/errors';
import type { HoldRequest, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../server/ports/mes';

/** A nonconformance as the MES stores it: always created as a draft, never dispositioned. */
export interface Nonconformance {
  id: string;
  lotId: string;
  code: string;
  description: string;
  initiatedBy: string;
  status: 'draft';
  createdAt: string;
}

export class LotDispositions {
  readonly #lots: Map<string, MaterialLot>;
  readonly #workOrders: Map<string, WorkOrder>;
  /** Disposition before the open hold, restored on release (B2MML: hold -> Restricted). */
  readonly #beforeHold = new Map<string, LotDisposition>();
  readonly #holdKeys = new Map<string, string>();
  readonly #releaseKeys = new Map<string, string>();
  readonly #nonconformances = new Map<string, Nonconformance>();
  readonly #nonconformanceKeys = new Map<string, string>();

  constructor(lots: Map<string, MaterialLot>, workOrders: Map<string, WorkOrder>) {
    this.#lots = lots;
    this.#workOrders = workOrders;
  }

  placeHold(request: HoldRequest, now: string): MesWriteResult {
    const known = this.#holdKeys.get(request.idempotencyKey);
    if (known) return { status: 'already', reference: known, raw: { idempotencyKey: request.idempotencyKey } };
    const lot = this.#lot(request.lotId);
    if (lot.disposition === 'Closed') throw new QloopError('CONFLICT', `lot ${lot.id} is Closed and can no longer be held`);
    const open = lot.holds.find((hold) => hold.releasedAt === undefined);
    if (open) {
      // Never a second hold: the lot is already held, which is what the caller wants.
      this.#holdKeys.set(request.idempotencyKey, open.id);
      return { status: 'already', reference: open.id, raw: { hold: structuredClone(open) } };
    }
    const hold = {
      id: `HOLD-${lot.id}-${lot.holds.length + 1}`,
      reasonCode: request.reasonCode,
      comment: request.comment,
      placedBy: request.initiatedBy,
      placedAt: now,
    };
    this.#beforeHold.set(lot.id, lot.disposition);
    lot.holds.push(hold);
    lot.disposition = 'Restricted';
    this.#holdKeys.set(request.idempotencyKey, hold.id);
    return { status: 'applied', reference: hold.id, raw: { hold: structuredClone(hold), disposition: lot.disposition } };
  }

  releaseHold(request: ReleaseRequest, now: string): MesWriteResult {
    const known = this.#releaseKeys.get(request.idempotencyKey);
    if (known) return { status: 'already', reference: known, raw: { idempotencyKey: request.idempotencyKey } };
    const lot = this.#lot(request.lotId);
    const open = lot.holds.find((hold) => hold.releasedAt === undefined);
    if (!open) throw new QloopError('CONFLICT', `lot ${lot.id} is not on hold, so there is no hold to release (disposition ${lot.disposition})`);
    open.releasedAt = now;
    lot.disposition = this.#beforeHold.get(lot.id) ?? this.#dispositionAfterRelease(lot);
    this.#beforeHold.delete(lot.id);
    this.#releaseKeys.set(request.idempotencyKey, open.id);
    return { status: 'applied', reference: open.id, raw: { hold: structuredClone(open), disposition: lot.disposition, comment: request.comment, releasedBy: request.initiatedBy } };
  }

  draftNonconformance(draft: NonconformanceDraft, now: string): MesWriteResult {
    const known = this.#nonconformanceKeys.get(draft.idempotencyKey);
    if (known) return { status: 'already', reference: known, raw: { nonconformance: structuredClone(this.#nonconformances.get(known)) } };
    const lot = this.#lot(draft.lotId);
    const nonconformance: Nonconformance = {
      id: `NC-${String(this.#nonconformances.size + 1).padStart(5, '0')}`,
      lotId: lot.id,
      code: draft.code,
      description: draft.description,
      initiatedBy: draft.initiatedBy,
      status: 'draft',
      createdAt: now,
    };
    this.#nonconformances.set(nonconformance.id, nonconformance);
    this.#nonconformanceKeys.set(draft.idempotencyKey, nonconformance.id);
    return { status: 'applied', reference: nonconformance.id, raw: { nonconformance: structuredClone(nonconformance) } };
  }

  nonconformances(): Nonconformance[] {
    return [...this.#nonconformances.values()].map((nc) => structuredClone(nc));
  }

  #lot(lotId: string): MaterialLot {
    const lot = this.#lots.get(lotId);
    if (!lot) throw new QloopError('NOT_FOUND', `lot ${lotId} is not known to the MES`);
    return lot;
  }

  /** For holds that came with the dataset: a lot still being made goes back to In-Process. */
  #dispositionAfterRelease(lot: MaterialLot): LotDisposition {
    const order = lot.workOrderId === undefined ? undefined : this.#workOrders.get(lot.workOrderId);
    return order && ['planned', 'released', 'running', 'on-hold'].includes(order.status) ? 'In-Process' : 'UnRestricted';
  }
}
