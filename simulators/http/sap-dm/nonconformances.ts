// SAP DM nonconformances: logged OPEN (never dispositioned by the log call), closed with
// comments. An NC code whose disposition is IMMEDIATE_HOLD puts the SFC on hold, which is
// how a qloop hold lands when the tenant has no hold API (INTEGRATIONS.md 1, option 2).
import type { ShopFloor } from '../shared/shop-floor';

export interface DataField {
  fieldName: string;
  value: string;
}

export interface StoredNc {
  id: string;
  plant: string;
  code: string;
  sfc: string;
  status: 'OPEN' | 'CLOSED';
  comments: string;
  closeComments?: string;
  dataFields: DataField[];
  createdBy: string;
  createdDateTime: string;
  closedDateTime?: string;
}

export class NonconformanceBook {
  readonly records: StoredNc[] = [];
  #seq = 0;

  constructor(
    private readonly floor: ShopFloor,
    private readonly plant: string,
    /** NC codes whose disposition is IMMEDIATE_HOLD. */
    readonly holdCodes: ReadonlySet<string>,
  ) {
    // The dataset's holds appear as the hold NCs that placed them.
    const code = [...holdCodes][0] ?? 'QLOOP_HOLD';
    for (const lot of floor.lots()) {
      for (const hold of lot.holds) {
        this.records.push({
          id: hold.id, plant, code, sfc: lot.id, status: hold.releasedAt ? 'CLOSED' : 'OPEN', comments: hold.comment,
          dataFields: [{ fieldName: 'REASON_CODE', value: hold.reasonCode }, { fieldName: 'INITIATED_BY', value: hold.placedBy }],
          createdBy: hold.placedBy, createdDateTime: hold.placedAt, ...(hold.releasedAt ? { closedDateTime: hold.releasedAt } : {}),
        });
      }
    }
  }

  /** Logs one NC per SFC; a hold code first puts the SFC on hold (refused if already held). */
  log(input: { code: string; sfcs: string[]; comments: string; dataFields: DataField[]; createdBy: string; now: string }): StoredNc[] {
    const created: StoredNc[] = [];
    for (const sfc of input.sfcs) {
      const id = String(1_000_000 + ++this.#seq);
      if (this.holdCodes.has(input.code)) {
        const reason = input.dataFields.find((f) => f.fieldName === 'REASON_CODE')?.value ?? input.code;
        const by = input.dataFields.find((f) => f.fieldName === 'INITIATED_BY')?.value ?? input.createdBy;
        this.floor.hold(sfc, { id, reasonCode: reason, comment: input.comments, placedBy: by });
      } else {
        this.floor.noteNonconformance(sfc, id);
      }
      const nc: StoredNc = { id, plant: this.plant, code: input.code, sfc, status: 'OPEN', comments: input.comments, dataFields: input.dataFields, createdBy: input.createdBy, createdDateTime: input.now };
      this.records.push(nc);
      created.push(nc);
    }
    return created;
  }

  /** Closes an NC; closing a hold NC releases the SFC's hold. */
  close(id: string, comments: string, now: string): StoredNc {
    const nc = this.records.find((r) => r.id === id);
    if (!nc) throw new NcError(404, 'nonconformance.notFound', `Nonconformance ${id} not found`);
    if (nc.status === 'CLOSED') throw new NcError(400, 'nonconformance.alreadyClosed', `Nonconformance ${id} is already closed`);
    if (this.holdCodes.has(nc.code) && this.floor.openHold(nc.sfc)?.id === nc.id) this.floor.release(nc.sfc);
    Object.assign(nc, { status: 'CLOSED', closeComments: comments, closedDateTime: now });
    return nc;
  }

  forSfc(sfc: string): StoredNc[] {
    return this.records.filter((r) => r.sfc === sfc);
  }
}

export class NcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
