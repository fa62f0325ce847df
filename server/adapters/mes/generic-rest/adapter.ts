// GenericRestMesAdapter: the MesAdapter port over the integration's reference REST API
// (POST /work-orders/hold with {action, lot_number, reason_code, test, value, initiated_by}).
import { z } from 'zod';
import type { Equipment, Line, MaterialLot, ProcessParameter, WorkOrder } from '../../../domain/types';
import type { HoldRequest, LotContext, MesAdapter, MesCapabilities, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../../ports/mes';
import { IDENTITY_MAP, type IdMap } from '../../../mapping/id-map';
import { ifFound } from '../../http/if-found';
import { staticHeaderAuth } from '../../http/auth-scheme';
import { VendorClient, type VendorClientOptions } from '../../http/vendor-client';
import { lotContext, plantLines } from '../shared/lot-context';
import { MemoryWriteJournal, type WriteJournal } from '../shared/write-journal';
import { draftNonconformanceOnce, placeHoldOnce, releaseHoldOnce, type LotHoldState } from '../shared/write-steps';
import { equipmentSchema, holdAnswerSchema, lotSchema, ncSchema, workOrderSchema } from './schemas';

export interface GenericRestMesOptions {
  /** e.g. https://mes-gateway.example/api/v1 */
  baseUrl: string;
  token: string;
  /** The plant's lines and terminals (qloop configuration; MES APIs know no terminals). */
  lines: readonly Line[];
  idMap?: IdMap;
  journal?: WriteJournal;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

/** Extra fields of the reference hold call, when the caller has them. */
type HoldWithResult = HoldRequest & { test?: string; value?: string | number };

const SYSTEM = 'generic-rest';

export class GenericRestMesAdapter implements MesAdapter {
  readonly name = SYSTEM;
  readonly client: VendorClient;
  readonly #ids: IdMap;
  readonly #journal: WriteJournal;

  constructor(private readonly options: GenericRestMesOptions) {
    this.client = new VendorClient({ ...options.client, vendor: SYSTEM, baseUrl: options.baseUrl, auth: () => staticHeaderAuth({ authorization: `Bearer ${options.token}` }) });
    this.#ids = options.idMap ?? IDENTITY_MAP;
    this.#journal = options.journal ?? new MemoryWriteJournal();
  }

  capabilities(): MesCapabilities {
    return { system: 'generic REST MES (reference hold API)', lotContext: 'native', equipment: 'native', placeHold: 'native', releaseHold: 'native', nonconformance: 'native' };
  }

  async listLines(): Promise<Line[]> {
    return plantLines(this.options.lines);
  }

  async getLotContext(lotId: string): Promise<LotContext | undefined> {
    const lot = await this.#lot('getLotContext', lotId);
    if (!lot) return undefined;
    const workOrder = lot.workOrderId ? await this.getWorkOrder(lot.workOrderId) : undefined;
    return lotContext(this.options.lines, lot, workOrder);
  }

  async getWorkOrder(workOrderId: string): Promise<WorkOrder | undefined> {
    const found = await this.#get('getWorkOrder', `/work-orders/${encodeURIComponent(this.#ids.toMes(SYSTEM, 'work-order', workOrderId))}`, workOrderSchema);
    return found && this.#order(found);
  }

  async getRunningWorkOrders(lineId: string): Promise<WorkOrder[]> {
    const { data } = await this.client.call({ call: 'getRunningWorkOrders', path: '/work-orders', query: { line: this.#ids.toMes(SYSTEM, 'line', lineId), status: 'running' }, schema: z.array(workOrderSchema) });
    return data.map((o) => this.#order(o));
  }

  async getEquipment(equipmentId: string): Promise<Equipment | undefined> {
    const found = await this.#get('getEquipment', `/equipment/${encodeURIComponent(this.#ids.toMes(SYSTEM, 'equipment', equipmentId))}`, equipmentSchema);
    return found && this.#equipment(found);
  }

  async listEquipment(lineId: string): Promise<Equipment[]> {
    const { data } = await this.client.call({ call: 'listEquipment', path: '/equipment', query: { line: this.#ids.toMes(SYSTEM, 'line', lineId) }, schema: z.array(equipmentSchema) });
    return data.map((e) => this.#equipment(e));
  }

  async getProcessParameters(equipmentId: string): Promise<ProcessParameter[]> {
    return (await this.getEquipment(equipmentId))?.parameters ?? [];
  }

  placeHold(request: HoldRequest): Promise<MesWriteResult> {
    const withResult = request as HoldWithResult;
    return placeHoldOnce(
      {
        system: SYSTEM,
        client: this.client,
        state: (lotId) => this.#holdState(lotId),
        hold: async (r) => {
          const body = { action: 'hold', lot_number: this.#ids.toMes(SYSTEM, 'lot', r.lotId), reason_code: r.reasonCode, test: withResult.test ?? null, value: withResult.value ?? null, initiated_by: r.initiatedBy, comment: r.comment };
          const { data, raw } = await this.client.call({ call: 'placeHold', method: 'POST', path: '/work-orders/hold', json: body, schema: holdAnswerSchema });
          return { reference: data.hold_id, raw };
        },
        isAlreadyHeld: (err) => err.vendorCode === 'LOT_ALREADY_ON_HOLD',
      },
      request,
    );
  }

  releaseHold(request: ReleaseRequest): Promise<MesWriteResult> {
    return releaseHoldOnce(
      {
        system: SYSTEM,
        client: this.client,
        journal: this.#journal,
        state: (lotId) => this.#holdState(lotId),
        release: async (r) => (await this.client.call({ call: 'releaseHold', method: 'POST', path: '/work-orders/hold', json: { action: 'release', lot_number: this.#ids.toMes(SYSTEM, 'lot', r.lotId), initiated_by: r.initiatedBy, comment: r.comment }, schema: holdAnswerSchema })).raw,
        isNotHeld: (err) => err.vendorCode === 'LOT_NOT_ON_HOLD',
      },
      request,
    );
  }

  draftNonconformance(draft: NonconformanceDraft): Promise<MesWriteResult> {
    const lotNumber = this.#ids.toMes(SYSTEM, 'lot', draft.lotId);
    return draftNonconformanceOnce(
      {
        system: SYSTEM,
        client: this.client,
        journal: this.#journal,
        lotExists: async (lotId) => (await this.#lot('draftNonconformance', lotId)) !== undefined,
        findByKey: async (d) => {
          const { data, raw } = await this.client.call({ call: 'draftNonconformance', path: '/nonconformances', query: { lot_number: lotNumber, external_ref: d.idempotencyKey }, schema: z.array(ncSchema) });
          const found = data.find((nc) => nc.external_ref === d.idempotencyKey);
          return found ? { reference: found.nc_id, raw } : undefined;
        },
        create: async (d) => {
          const { data, raw } = await this.client.call({ call: 'draftNonconformance', method: 'POST', path: '/nonconformances', json: { lot_number: lotNumber, code: d.code, description: d.description, initiated_by: d.initiatedBy, external_ref: d.idempotencyKey }, schema: ncSchema });
          return { reference: data.nc_id, raw };
        },
      },
      draft,
    );
  }

  async #holdState(lotId: string): Promise<LotHoldState> {
    const lot = await this.#lot('placeHold', lotId);
    if (!lot) return { exists: false };
    return { exists: true, disposition: lot.disposition, open: lot.holds.find((h) => h.releasedAt === undefined) };
  }

  async #lot(call: string, lotId: string): Promise<MaterialLot | undefined> {
    const found = await this.#get(call, `/lots/${encodeURIComponent(this.#ids.toMes(SYSTEM, 'lot', lotId))}`, lotSchema);
    if (!found) return undefined;
    return {
      id: lotId,
      productId: this.#ids.fromMes(SYSTEM, 'product', found.product_code),
      ...(found.work_order ? { workOrderId: this.#ids.fromMes(SYSTEM, 'work-order', found.work_order) } : {}),
      ...(found.line ? { lineId: this.#ids.fromMes(SYSTEM, 'line', found.line) } : {}),
      disposition: found.disposition,
      quantity: found.quantity,
      unit: found.unit,
      manufacturedAt: iso(found.manufactured_at),
      ...(found.expires_at ? { expiresAt: iso(found.expires_at) } : {}),
      holds: found.holds.map((h) => ({ id: h.hold_id, reasonCode: h.reason_code, comment: h.comment ?? '', placedBy: h.initiated_by ?? '', placedAt: iso(h.placed_at), ...(h.released_at ? { releasedAt: iso(h.released_at) } : {}) })),
    };
  }

  async #get<S extends z.ZodType>(call: string, path: string, schema: S): Promise<z.output<S> | undefined> {
    return (await ifFound(this.client.call({ call, path, schema })))?.data;
  }

  #order(o: z.output<typeof workOrderSchema>): WorkOrder {
    return {
      id: this.#ids.fromMes(SYSTEM, 'work-order', o.work_order), productId: this.#ids.fromMes(SYSTEM, 'product', o.product_code), lineId: this.#ids.fromMes(SYSTEM, 'line', o.line),
      lotId: this.#ids.fromMes(SYSTEM, 'lot', o.lot_number), status: o.status, quantity: o.quantity, unit: o.unit, plannedStart: iso(o.planned_start),
      ...(o.actual_start ? { actualStart: iso(o.actual_start) } : {}), ...(o.actual_end ? { actualEnd: iso(o.actual_end) } : {}),
    };
  }

  #equipment(e: z.output<typeof equipmentSchema>): Equipment {
    return {
      id: this.#ids.fromMes(SYSTEM, 'equipment', e.equipment_id), name: e.name, type: e.type, lineId: this.#ids.fromMes(SYSTEM, 'line', e.line), state: e.state,
      ...(e.last_calibration ? { lastCalibration: iso(e.last_calibration) } : {}),
      parameters: e.parameters.map((p) => ({ id: p.parameter_id, name: p.name, unit: p.unit, setpoint: p.setpoint, current: p.current, validatedRange: { min: p.validated_min, max: p.validated_max }, ...(p.node_id ? { nodeId: p.node_id } : {}) })),
    };
  }
}

const iso = (value: string) => new Date(value).toISOString();
