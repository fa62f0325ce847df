// PlexMesAdapter: the MesAdapter port over Plex Connect REST. Plex documents no container
// hold, so a lot hold is emulated: the producing job is put on hold (the documented
// endpoint) and the hold's reason, initiator and outbox key go to a site custom object
// (the hold register). Nonconformances go to a custom object too: Plex has no create call.
import { z } from 'zod';
import type { Equipment, Line, LotDisposition, MaterialLot, ProcessParameter, WorkOrder } from '../../../domain/types';
import type { HoldRequest, LotContext, MesAdapter, MesCapabilities, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../../ports/mes';
import { IDENTITY_MAP, type IdMap } from '../../../mapping/id-map';
import { AdapterError } from '../../http/adapter-error';
import { staticHeaderAuth } from '../../http/auth-scheme';
import { VendorClient, type VendorClientOptions } from '../../http/vendor-client';
import { writeOnce } from '../../http/write-once';
import { lotContext, plantLines } from '../shared/lot-context';
import { MemoryWriteJournal, type WriteJournal } from '../shared/write-journal';
import { PlexReads, SYSTEM } from './reads';
import { draftNonconformanceOnce, placeHoldOnce, releaseHoldOnce, type LotHoldState } from '../shared/write-steps';
import { emptySchema, holdRecordSchema, lotSchema, ncRecordSchema } from './schemas';

export interface PlexOptions {
  /** https://connect.plex.com or https://test.connect.plex.com */
  baseUrl: string;
  apiKey: string;
  /** X-Plex-Connect-Customer-Id (PCN) for another tenant. */
  customerId?: string;
  lines: readonly Line[];
  /** Client-side budget; Plex allows about 200 calls per minute. */
  callsPerMinute?: number;
  holdRegister?: string;
  nonconformanceObject?: string;
  /** Container field naming the producing job ([U]). */
  containerJobField?: string;
  /** Site container statuses in B2MML terms. */
  containerStatus?: Record<string, LotDisposition>;
  idMap?: IdMap;
  journal?: WriteJournal;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth' | 'rateLimit'>>;
}

const DEFAULT_STATUS: Record<string, LotDisposition> = { Planned: 'Planned', WIP: 'In-Process', Hold: 'Restricted', Quarantine: 'Restricted', OK: 'UnRestricted', Consumed: 'Closed', Shipped: 'Closed', Scrap: 'Closed' };
const iso = (t: string) => new Date(t).toISOString();
const plexNow = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

export class PlexMesAdapter implements MesAdapter {
  readonly name = SYSTEM;
  readonly client: VendorClient;
  readonly #ids: IdMap;
  readonly #journal: WriteJournal;
  readonly #register: string;
  readonly #ncObject: string;
  readonly #reads: PlexReads;

  constructor(private readonly options: PlexOptions) {
    const headers: Record<string, string> = { 'X-Plex-Connect-Api-Key': options.apiKey, ...(options.customerId ? { 'X-Plex-Connect-Customer-Id': options.customerId } : {}) };
    this.client = new VendorClient({ ...options.client, vendor: SYSTEM, baseUrl: options.baseUrl, auth: () => staticHeaderAuth(headers), rateLimit: { calls: options.callsPerMinute ?? 180, perMs: 60_000 } });
    this.#ids = options.idMap ?? IDENTITY_MAP;
    this.#journal = options.journal ?? new MemoryWriteJournal();
    this.#register = options.holdRegister ?? 'qloop_holds';
    this.#ncObject = options.nonconformanceObject ?? 'qloop_nonconformances';
    this.#reads = new PlexReads(this.client, this.#ids, this.#register, options);
  }

  capabilities(): MesCapabilities {
    return { system: 'Rockwell Plex (Connect REST)', lotContext: 'native', equipment: 'native', placeHold: 'emulated', releaseHold: 'emulated', nonconformance: 'emulated' };
  }

  async listLines(): Promise<Line[]> {
    return plantLines(this.options.lines);
  }

  async getLotContext(lotId: string): Promise<LotContext | undefined> {
    const found = await this.#reads.lotParts('getLotContext', lotId);
    if (!found) return undefined;
    const { container, job } = found;
    const lot = found.lotGuid ? await this.#reads.get('getLotContext', `/inventory/v1/inventory-tracking/lots/${found.lotGuid}`, lotSchema) : undefined;
    const workOrder = job ? await this.#reads.workOrder('getLotContext', job) : undefined;
    const holds = await this.#reads.holds('getLotContext', lotId);
    const materialLot: MaterialLot = {
      id: lotId,
      productId: this.#ids.fromMes(SYSTEM, 'product', container.partNo),
      ...(workOrder ? { workOrderId: workOrder.id, lineId: workOrder.lineId } : {}),
      disposition: (this.options.containerStatus ?? DEFAULT_STATUS)[container.containerStatus] ?? 'In-Process',
      quantity: lot?.quantity ?? container.quantity,
      unit: container.quantityInventoryUnit ?? '',
      manufacturedAt: lot?.manufacturedDateTime ? iso(lot.manufacturedDateTime) : '',
      ...(lot?.useByDateTime ? { expiresAt: iso(lot.useByDateTime) } : {}),
      holds,
    };
    return lotContext(this.options.lines, materialLot, workOrder);
  }

  async getWorkOrder(workOrderId: string): Promise<WorkOrder | undefined> {
    const job = (await this.#reads.jobs('getWorkOrder')).find((j) => j.jobNo === this.#ids.toMes(SYSTEM, 'work-order', workOrderId));
    return job && this.#reads.workOrder('getWorkOrder', job);
  }

  async getRunningWorkOrders(lineId: string): Promise<WorkOrder[]> {
    const active = (await this.#reads.jobs('getRunningWorkOrders')).filter((j) => j.status === 'Active');
    const orders = await Promise.all(active.map((j) => this.#reads.workOrder('getRunningWorkOrders', j)));
    return orders.filter((o) => o.lineId === lineId);
  }

  async getEquipment(equipmentId: string): Promise<Equipment | undefined> {
    const code = this.#ids.toMes(SYSTEM, 'equipment', equipmentId);
    const unit = (await this.#reads.workcenters('getEquipment')).find((w) => w.workcenterCode === code);
    return unit && this.#reads.equipment('getEquipment', unit);
  }

  async listEquipment(lineId: string): Promise<Equipment[]> {
    const group = this.#ids.toMes(SYSTEM, 'line', lineId);
    const units = (await this.#reads.workcenters('listEquipment')).filter((w) => w.workcenterGroup === group);
    return Promise.all(units.map((w) => this.#reads.equipment('listEquipment', w)));
  }

  async getProcessParameters(equipmentId: string): Promise<ProcessParameter[]> {
    return this.#reads.parameters('getProcessParameters', equipmentId, this.#ids.toMes(SYSTEM, 'equipment', equipmentId));
  }

  placeHold(request: HoldRequest): Promise<MesWriteResult> {
    return placeHoldOnce(
      {
        system: SYSTEM,
        client: this.client,
        state: async (lotId) => {
          const state = await this.#holdState(lotId);
          // Held, but the register record is missing (its write was lost): write it now, once.
          if (state.open?.id.startsWith('job:')) {
            const record = await this.#ensureRegister(request);
            return { ...state, open: { ...state.open, id: record.id } };
          }
          return state;
        },
        hold: async (r) => {
          const parts = await this.#reads.lotParts('placeHold', r.lotId);
          if (!parts?.job) throw new AdapterError({ vendor: SYSTEM, call: 'placeHold', failure: 'http', message: `no job found for lot ${r.lotId}: map it in the mapping table (kind work-order)` });
          const held = await this.client.call({ call: 'placeHold', method: 'POST', path: `/scheduling/v1-beta1/jobs/${parts.job.id}/hold`, schema: emptySchema });
          const record = await this.#ensureRegister(r);
          return { reference: record.id, raw: { jobHold: held.raw ?? null, register: record } };
        },
        isAlreadyHeld: (err) => vendorErrorCodes(err).includes('JOB_ALREADY_ON_HOLD'),
      },
      request,
    );
  }

  /** The hold register record of this request: found by its outbox key, else written once. */
  #ensureRegister(request: HoldRequest): Promise<z.output<typeof holdRecordSchema>> {
    const path = `/platform/custom-objects/v1/data/${this.#register}`;
    return writeOnce(this.client, {
      call: 'placeHold',
      check: async () => (await this.client.call({ call: 'placeHold', path, schema: z.array(holdRecordSchema) })).data.find((h) => h.idempotencyKey === request.idempotencyKey && !h.releasedAt),
      write: async () => {
        const record = { lotNo: this.#ids.toMes(SYSTEM, 'lot', request.lotId), reasonCode: request.reasonCode, comment: request.comment, initiatedBy: request.initiatedBy, placedAt: plexNow(), releasedAt: null, idempotencyKey: request.idempotencyKey };
        return (await this.client.call({ call: 'placeHold', method: 'POST', path, json: record, schema: holdRecordSchema })).data;
      },
    });
  }

  releaseHold(request: ReleaseRequest): Promise<MesWriteResult> {
    return releaseHoldOnce(
      {
        system: SYSTEM,
        client: this.client,
        journal: this.#journal,
        state: (lotId) => this.#holdState(lotId),
        release: async (r, open) => {
          const parts = await this.#reads.lotParts('releaseHold', r.lotId);
          if (!parts?.job) throw new AdapterError({ vendor: SYSTEM, call: 'releaseHold', failure: 'http', message: `no job found for lot ${r.lotId}` });
          // Register first, job second: if the job call fails, the retry finds the job still held
          // (and no open register record) and releases the job without a second register write.
          // A job held without a register record (its write was lost) has nothing to close there.
          const register = open.id.startsWith('job:') ? undefined : await this.client.call({ call: 'releaseHold', method: 'PUT', path: `/platform/custom-objects/v1/data/${this.#register}/${open.id}`, json: { releasedAt: plexNow(), releasedBy: r.initiatedBy, releaseComment: r.comment, releaseKey: r.idempotencyKey }, schema: holdRecordSchema });
          await this.client.call({ call: 'releaseHold', method: 'POST', path: `/scheduling/v1-beta1/jobs/${parts.job.id}/release-hold`, schema: emptySchema });
          return register?.raw ?? null;
        },
        isNotHeld: (err) => vendorErrorCodes(err).includes('JOB_NOT_ON_HOLD'),
      },
      request,
    );
  }

  draftNonconformance(draft: NonconformanceDraft): Promise<MesWriteResult> {
    const path = `/platform/custom-objects/v1/data/${this.#ncObject}`;
    return draftNonconformanceOnce(
      {
        system: SYSTEM,
        client: this.client,
        journal: this.#journal,
        lotExists: async (lotId) => (await this.#reads.lotParts('draftNonconformance', lotId)) !== undefined,
        findByKey: async (d) => {
          const { data } = await this.client.call({ call: 'draftNonconformance', path, schema: z.array(ncRecordSchema) });
          const found = data.find((nc) => nc.idempotencyKey === d.idempotencyKey);
          return found ? { reference: found.id, raw: found } : undefined;
        },
        create: async (d) => {
          const { data, raw } = await this.client.call({ call: 'draftNonconformance', method: 'POST', path, json: { lotNo: this.#ids.toMes(SYSTEM, 'lot', d.lotId), code: d.code, description: d.description, initiatedBy: d.initiatedBy, status: 'Draft', idempotencyKey: d.idempotencyKey }, schema: ncRecordSchema });
          return { reference: data.id, raw };
        },
      },
      draft,
    );
  }

  async #holdState(lotId: string): Promise<LotHoldState> {
    const parts = await this.#reads.lotParts('placeHold', lotId);
    if (!parts) return { exists: false };
    const disposition = (this.options.containerStatus ?? DEFAULT_STATUS)[parts.container.containerStatus];
    const onHold = parts.job?.status === 'Hold' || disposition === 'Restricted';
    if (!onHold) return { exists: true, disposition };
    const open = (await this.#reads.holds('placeHold', lotId)).find((h) => h.releasedAt === undefined);
    return { exists: true, disposition, open: open ?? { id: `job:${parts.job?.id ?? lotId}`, reasonCode: '', comment: '', placedBy: '', placedAt: '' } };
  }
}

/** Plex puts the specific reason in `errors[].code` under a generic top-level code. */
function vendorErrorCodes(err: AdapterError): string[] {
  const body = err.body as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  return [err.vendorCode, ...(Array.isArray(body?.errors) ? body.errors.map((e) => e.code) : [])].filter((c): c is string => typeof c === 'string');
}
