// SapDmMesAdapter: the MesAdapter port over SAP Digital Manufacturing REST APIs. The qloop
// lot is an SFC (identity unless the mapping table says otherwise); holds follow the
// configured hold strategy; nonconformances carry the outbox key in a dataField so a retry
// finds the one it created.
import { z } from 'zod';
import type { Equipment, EquipmentState, Line, LotDisposition, MaterialLot, ProcessParameter, WorkOrder, WorkOrderStatus } from '../../../domain/types';
import type { HoldRequest, LotContext, MesAdapter, MesCapabilities, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../../ports/mes';
import { IDENTITY_MAP, type IdMap } from '../../../mapping/id-map';
import { ifFound } from '../../http/if-found';
import { VendorClient, type VendorClientOptions } from '../../http/vendor-client';
import { lotContext, plantLines } from '../shared/lot-context';
import { MemoryWriteJournal, type WriteJournal } from '../shared/write-journal';
import { draftNonconformanceOnce, placeHoldOnce, releaseHoldOnce, type LotHoldState } from '../shared/write-steps';
import { xsuaaAuth } from './auth';
import { allNonconformances, FIELDS, holdStrategy, type HoldStrategy, type SapHoldSettings } from './hold-strategy';
import { dcGroupSchema, measurementSchema, ncLogSchema, orderSchema, resourceSchema, sfcDetailSchema, springPage, type SapOrder } from './schemas';

export interface SapDmOptions {
  /** API host, e.g. https://api.eu20.dmc.cloud.sap */
  baseUrl: string;
  /** XSUAA token URL, e.g. https://<subdomain>.authentication.eu20.hana.ondemand.com/oauth/token */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** SAP plant (6 characters at most). */
  plant: string;
  lines: readonly Line[];
  hold?: SapHoldSettings;
  /** Data collection group of a resource's process parameters ("{equipmentId}" is replaced). */
  dcGroup?: string;
  /** Vendor error codes meaning "already on hold" / "not on hold" ([U], per tenant). */
  alreadyHeldCodes?: string[];
  notHeldCodes?: string[];
  idMap?: IdMap;
  journal?: WriteJournal;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

const SYSTEM = 'sap-dm';
const RESOURCE_STATE: Record<string, EquipmentState> = { PRODUCTIVE: 'running', STANDBY: 'idle', ENABLED: 'idle', ENGINEERING: 'setup', SCHEDULED_DOWN: 'cleaning', UNSCHEDULED_DOWN: 'maintenance', DISABLED: 'down', HOLD: 'down' };
const iso = (t: string) => new Date(t).toISOString();

export class SapDmMesAdapter implements MesAdapter {
  readonly name = SYSTEM;
  readonly client: VendorClient;
  readonly #ids: IdMap;
  readonly #journal: WriteJournal;
  readonly #holds: HoldStrategy;
  readonly #settings: SapHoldSettings;

  constructor(private readonly options: SapDmOptions) {
    if (options.plant.length > 6) throw new RangeError(`SAP DM plant "${options.plant}" is longer than 6 characters`);
    this.client = new VendorClient({ ...options.client, vendor: SYSTEM, baseUrl: options.baseUrl, auth: xsuaaAuth(options.tokenUrl, options.clientId, options.clientSecret) });
    this.#ids = options.idMap ?? IDENTITY_MAP;
    this.#journal = options.journal ?? new MemoryWriteJournal();
    this.#settings = options.hold ?? { strategy: 'nc-code', code: 'QLOOP_HOLD' };
    this.#holds = holdStrategy(this.client, options.plant, this.#settings);
  }

  capabilities(): MesCapabilities {
    const emulated = this.#settings.strategy === 'nc-code';
    return { system: `SAP Digital Manufacturing (plant ${this.options.plant}, hold by ${emulated ? `NC code ${this.#settings.strategy === 'nc-code' ? this.#settings.code : ''}` : 'tenant hold API'})`, lotContext: 'native', equipment: 'native', placeHold: emulated ? 'emulated' : 'native', releaseHold: emulated ? 'emulated' : 'native', nonconformance: 'native' };
  }

  async listLines(): Promise<Line[]> {
    return plantLines(this.options.lines);
  }

  async getLotContext(lotId: string): Promise<LotContext | undefined> {
    const sfc = this.#sfc(lotId);
    const detail = await ifFound(this.client.call({ call: 'getLotContext', path: '/sfc/v1/sfcdetail', query: { plant: this.options.plant, sfc }, schema: sfcDetailSchema }));
    if (!detail) return undefined;
    const order = detail.data.order.order ? await this.#order('getLotContext', detail.data.order.order) : undefined;
    const workOrder = order && this.#workOrder(order);
    const custom = (name: string) => order?.customValues?.find((c) => c.attribute === name)?.value || undefined;
    const lot: MaterialLot = {
      id: lotId,
      productId: this.#ids.fromMes(SYSTEM, 'product', detail.data.material.material),
      ...(workOrder ? { workOrderId: workOrder.id, lineId: workOrder.lineId } : {}),
      disposition: disposition(detail.data.status.code, order),
      quantity: detail.data.quantity,
      unit: order?.productionUnitOfMeasure ?? '',
      manufacturedAt: iso(custom('MANUFACTURED_AT') ?? order?.actualStartDate ?? order?.plannedStartDate ?? new Date(0).toISOString()),
      ...(custom('EXPIRY_DATE') ? { expiresAt: iso(custom('EXPIRY_DATE') as string) } : {}),
      holds: await this.#holds.holds(sfc),
    };
    return lotContext(this.options.lines, lot, workOrder);
  }

  async getWorkOrder(workOrderId: string): Promise<WorkOrder | undefined> {
    const order = await this.#order('getWorkOrder', this.#ids.toMes(SYSTEM, 'work-order', workOrderId));
    return order && this.#workOrder(order);
  }

  async getRunningWorkOrders(lineId: string): Promise<WorkOrder[]> {
    const out: WorkOrder[] = [];
    const schema = springPage(orderSchema);
    for (let page = 0; ; page++) {
      const { data } = await this.client.call({ call: 'getRunningWorkOrders', path: '/order/v1/orders/list', query: { plant: this.options.plant, workCenter: this.#ids.toMes(SYSTEM, 'line', lineId), executionStatus: 'ACTIVE', page, size: 50 }, schema });
      out.push(...data.content.map((o) => this.#workOrder(o)));
      if (page + 1 >= data.totalPages) return out;
    }
  }

  async getEquipment(equipmentId: string): Promise<Equipment | undefined> {
    const { data } = await this.client.call({ call: 'getEquipment', path: '/resource/v2/resources', query: { plant: this.options.plant, resource: this.#ids.toMes(SYSTEM, 'equipment', equipmentId) }, schema: z.array(resourceSchema) });
    return data[0] ? this.#equipment(data[0]) : undefined;
  }

  async listEquipment(lineId: string): Promise<Equipment[]> {
    const { data } = await this.client.call({ call: 'listEquipment', path: '/resource/v2/resources', query: { plant: this.options.plant, workCenter: this.#ids.toMes(SYSTEM, 'line', lineId) }, schema: z.array(resourceSchema) });
    return Promise.all(data.map((r) => this.#equipment(r)));
  }

  async getProcessParameters(equipmentId: string): Promise<ProcessParameter[]> {
    return this.#parameters(equipmentId, this.#ids.toMes(SYSTEM, 'equipment', equipmentId));
  }

  placeHold(request: HoldRequest): Promise<MesWriteResult> {
    const sfc = this.#sfc(request.lotId);
    return placeHoldOnce({ system: SYSTEM, client: this.client, state: (lotId) => this.#holdState(lotId), hold: (r) => this.#holds.hold(sfc, r), isAlreadyHeld: (err) => (this.options.alreadyHeldCodes ?? ['sfc.alreadyOnHold']).includes(err.vendorCode ?? '') }, request);
  }

  releaseHold(request: ReleaseRequest): Promise<MesWriteResult> {
    const sfc = this.#sfc(request.lotId);
    return releaseHoldOnce(
      { system: SYSTEM, client: this.client, journal: this.#journal, state: (lotId) => this.#holdState(lotId), release: (r, open) => this.#holds.release(sfc, open.id, r), isNotHeld: (err) => (this.options.notHeldCodes ?? ['sfc.notOnHold', 'nonconformance.alreadyClosed']).includes(err.vendorCode ?? '') },
      request,
    );
  }

  draftNonconformance(draft: NonconformanceDraft): Promise<MesWriteResult> {
    const sfc = this.#sfc(draft.lotId);
    return draftNonconformanceOnce(
      {
        system: SYSTEM,
        client: this.client,
        journal: this.#journal,
        lotExists: async () => (await this.#holdState(draft.lotId, 'draftNonconformance')).exists,
        findByKey: async (d) => {
          const found = (await allNonconformances(this.client, 'draftNonconformance', this.options.plant, sfc)).find((nc) => nc.dataFields?.some((f) => f.fieldName === FIELDS.key && f.value === d.idempotencyKey));
          return found ? { reference: found.id, raw: found } : undefined;
        },
        create: async (d) => {
          // Logged OPEN, never dispositioned; the code must exist in SAP DM (16 characters at most).
          const dataFields = [{ fieldName: FIELDS.initiator, value: d.initiatedBy }, { fieldName: FIELDS.key, value: d.idempotencyKey }];
          const { data, raw } = await this.client.call({ call: 'draftNonconformance', method: 'POST', path: '/nonconformance/v1/log', json: { plant: this.options.plant, code: d.code.slice(0, 16), sfcs: [sfc], quantity: 1, comments: d.description, dataFields }, schema: ncLogSchema });
          return { reference: data.ids[0] as string, raw };
        },
      },
      draft,
    );
  }

  #sfc(lotId: string): string {
    return this.#ids.toMes(SYSTEM, 'lot', lotId);
  }

  async #holdState(lotId: string, call = 'placeHold'): Promise<LotHoldState> {
    const sfc = this.#sfc(lotId);
    const detail = await ifFound(this.client.call({ call, path: '/sfc/v1/sfcdetail', query: { plant: this.options.plant, sfc }, schema: sfcDetailSchema }));
    if (!detail) return { exists: false };
    const openId = await this.#holds.openHoldId(sfc);
    const code = detail.data.status.code;
    return { exists: true, disposition: disposition(code), ...(openId ? { open: { id: openId, reasonCode: '', comment: '', placedBy: '', placedAt: '' } } : {}) };
  }

  async #order(call: string, order: string): Promise<SapOrder | undefined> {
    return (await ifFound(this.client.call({ call, path: '/order/v1/orders', query: { plant: this.options.plant, order }, schema: orderSchema })))?.data;
  }

  #workOrder(o: SapOrder): WorkOrder {
    const line = o.workCenters[0]?.workCenter ?? '';
    return {
      id: this.#ids.fromMes(SYSTEM, 'work-order', o.order), productId: this.#ids.fromMes(SYSTEM, 'product', o.material.material), lineId: this.#ids.fromMes(SYSTEM, 'line', line),
      lotId: this.#ids.fromMes(SYSTEM, 'lot', o.batchNumber ?? o.sfcs[0] ?? ''), status: orderStatus(o), quantity: o.productionQuantity, unit: o.productionUnitOfMeasure ?? '',
      plannedStart: iso(o.plannedStartDate), ...(o.actualStartDate ? { actualStart: iso(o.actualStartDate) } : {}), ...(o.actualCompletionDate ? { actualEnd: iso(o.actualCompletionDate) } : {}),
    };
  }

  async #equipment(r: z.output<typeof resourceSchema>): Promise<Equipment> {
    const id = this.#ids.fromMes(SYSTEM, 'equipment', r.resource);
    const calibrated = r.customValues?.find((c) => c.attribute === 'LAST_CALIBRATION')?.value;
    return {
      id, name: r.description, type: r.resourceTypes?.[0]?.resourceType ?? '', lineId: this.#ids.fromMes(SYSTEM, 'line', r.workCenter ?? ''), state: RESOURCE_STATE[r.status] ?? 'idle',
      ...(calibrated ? { lastCalibration: iso(calibrated) } : {}), parameters: await this.#parameters(id, r.resource),
    };
  }

  /** Setpoint and validated range from the resource's DC group; the current value from its latest measurement. */
  async #parameters(equipmentId: string, resource: string): Promise<ProcessParameter[]> {
    const group = (this.options.dcGroup ?? '{equipmentId}_PARAMS').replaceAll('{equipmentId}', resource);
    const definition = await ifFound(this.client.call({ call: 'getProcessParameters', path: '/datacollection/v1/groups', query: { plant: this.options.plant, group }, schema: dcGroupSchema }));
    if (!definition) return [];
    const latest = new Map<string, number>();
    const schema = springPage(measurementSchema);
    for (let page = 0; ; page++) {
      const { data } = await this.client.call({ call: 'getProcessParameters', path: '/datacollection/v1/measurements', query: { plant: this.options.plant, resource, page, size: 100 }, schema });
      for (const m of [...data.content].sort((a, b) => Date.parse(a.createdDateTime) - Date.parse(b.createdDateTime))) {
        const value = m.numericValue ?? Number(m.value);
        if (Number.isFinite(value)) latest.set(m.parameterName, value);
      }
      if (page + 1 >= data.totalPages) break;
    }
    return definition.data.parameters.map((p) => ({
      id: `${equipmentId}.${p.parameterName}`, name: p.description ?? p.parameterName, unit: p.unitOfMeasure ?? '', setpoint: p.targetValue,
      current: latest.get(p.parameterName) ?? p.targetValue, validatedRange: { min: p.minValue, max: p.maxValue },
    }));
  }
}

/** SFC status codes (401 New, 402 In Queue, 403 Active, 404 Hold, 405 Done) in B2MML terms. */
function disposition(code: string, order?: SapOrder): LotDisposition {
  if (code === '401') return 'Planned';
  if (code === '402' || code === '403') return 'In-Process';
  if (code === '404') return 'Restricted';
  // Done: SAP DM keeps no usage decision (that lives in S/4HANA QM), so Done reads as UnRestricted.
  return order?.executionStatus === 'ACTIVE' ? 'In-Process' : 'UnRestricted';
}

function orderStatus(o: SapOrder): WorkOrderStatus {
  if (o.executionStatus === 'ACTIVE') return 'running';
  if (o.executionStatus === 'HOLD') return 'on-hold';
  if (o.executionStatus === 'COMPLETED') return o.status === 'CLOSED' ? 'closed' : 'completed';
  return o.releaseStatus === 'RELEASED' ? 'released' : 'planned';
}
