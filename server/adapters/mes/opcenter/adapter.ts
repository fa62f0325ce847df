// OpcenterMesAdapter: the MesAdapter port over Opcenter Execution Foundation (UAF) REST.
// Lots are Material Tracking Units; holds and nonconformances are commands, whose failures
// arrive inside HTTP 200 and are read from Succeeded/Error before anything else.
import type { z } from 'zod';
import type { Equipment, Line, MaterialLot, ProcessParameter, WorkOrder } from '../../../domain/types';
import type { HoldRequest, LotContext, MesAdapter, MesCapabilities, MesWriteResult, NonconformanceDraft, ReleaseRequest } from '../../../ports/mes';
import { IDENTITY_MAP, type IdMap } from '../../../mapping/id-map';
import { VendorClient, type VendorClientOptions } from '../../http/vendor-client';
import { lotContext, plantLines } from '../shared/lot-context';
import { MemoryWriteJournal, type WriteJournal } from '../shared/write-journal';
import { draftNonconformanceOnce, placeHoldOnce, releaseHoldOnce, type LotHoldState } from '../shared/write-steps';
import { command, eq, odataAll, uafAuth, type UafCredentials } from './client';
import { DEFAULT_OPCENTER_MODEL, type OpcenterModel } from './model';
import { equipmentSchema, mtuHoldSchema, mtuSchema, ncSchema, propertySchema, workOrderSchema } from './schemas';

export interface OpcenterOptions extends UafCredentials {
  /** Server root, e.g. https://opcenter.example (paths /sit-auth and /sit-svc are appended). */
  baseUrl: string;
  lines: readonly Line[];
  model?: Partial<OpcenterModel>;
  idMap?: IdMap;
  journal?: WriteJournal;
  client?: Partial<Omit<VendorClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

const SYSTEM = 'opcenter';
const iso = (t: string) => new Date(t).toISOString();

export class OpcenterMesAdapter implements MesAdapter {
  readonly name = SYSTEM;
  readonly client: VendorClient;
  readonly #m: OpcenterModel;
  readonly #ids: IdMap;
  readonly #journal: WriteJournal;

  constructor(private readonly options: OpcenterOptions) {
    this.client = new VendorClient({ ...options.client, vendor: SYSTEM, baseUrl: options.baseUrl, auth: uafAuth(options) });
    this.#m = { ...DEFAULT_OPCENTER_MODEL, ...options.model };
    this.#ids = options.idMap ?? IDENTITY_MAP;
    this.#journal = options.journal ?? new MemoryWriteJournal();
  }

  capabilities(): MesCapabilities {
    return { system: 'Siemens Opcenter Execution Foundation (UAF)', lotContext: 'native', equipment: 'native', placeHold: 'native', releaseHold: 'native', nonconformance: 'native' };
  }

  async listLines(): Promise<Line[]> {
    return plantLines(this.options.lines);
  }

  async getLotContext(lotId: string): Promise<LotContext | undefined> {
    const mtu = await this.#mtu('getLotContext', lotId);
    if (!mtu) return undefined;
    const workOrder = mtu.WorkOrderNId ? await this.#workOrder('getLotContext', mtu.WorkOrderNId) : undefined;
    const lot: MaterialLot = {
      id: lotId,
      productId: this.#ids.fromMes(SYSTEM, 'product', mtu.MaterialNId),
      ...(workOrder ? { workOrderId: workOrder.id } : {}),
      ...(mtu.ProductionLineNId ? { lineId: this.#ids.fromMes(SYSTEM, 'line', mtu.ProductionLineNId) } : {}),
      disposition: this.#m.mtuStatus[mtu.StatusNId] ?? 'In-Process',
      quantity: mtu.Quantity.QuantityValue,
      unit: mtu.Quantity.UoMNId ?? '',
      manufacturedAt: mtu.ManufacturedOn ? iso(mtu.ManufacturedOn) : '',
      ...(mtu.ExpiresOn ? { expiresAt: iso(mtu.ExpiresOn) } : {}),
      holds: (await odataAll(this.client, 'getLotContext', this.#m.materialApp, this.#m.holdEntity, mtuHoldSchema, eq('MaterialTrackingUnitNId', mtu.NId))).map((h) => ({
        id: h.NId, reasonCode: h.ReasonCode, comment: h.Comment ?? '', placedBy: h.PlacedBy ?? '', placedAt: iso(h.PlacedOn), ...(h.ReleasedOn ? { releasedAt: iso(h.ReleasedOn) } : {}),
      })),
    };
    return lotContext(this.options.lines, lot, workOrder);
  }

  getWorkOrder(workOrderId: string): Promise<WorkOrder | undefined> {
    return this.#workOrder('getWorkOrder', this.#ids.toMes(SYSTEM, 'work-order', workOrderId));
  }

  async getRunningWorkOrders(lineId: string): Promise<WorkOrder[]> {
    const running = Object.entries(this.#m.workOrderStatus).filter(([, status]) => status === 'running').map(([name]) => name);
    const rows = await odataAll(this.client, 'getRunningWorkOrders', this.#m.workOrderApp, this.#m.workOrderEntity, workOrderSchema, eq('ProductionLineNId', this.#ids.toMes(SYSTEM, 'line', lineId)));
    return rows.filter((o) => running.includes(o.Status)).map((o) => this.#toWorkOrder(o));
  }

  async getEquipment(equipmentId: string): Promise<Equipment | undefined> {
    const rows = await odataAll(this.client, 'getEquipment', this.#m.equipmentApp, this.#m.equipmentEntity, equipmentSchema, eq('NId', this.#ids.toMes(SYSTEM, 'equipment', equipmentId)));
    return rows[0] && this.#equipment('getEquipment', rows[0]);
  }

  async listEquipment(lineId: string): Promise<Equipment[]> {
    const rows = await odataAll(this.client, 'listEquipment', this.#m.equipmentApp, this.#m.equipmentEntity, equipmentSchema, eq('ParentNId', this.#ids.toMes(SYSTEM, 'line', lineId)));
    return Promise.all(rows.map((e) => this.#equipment('listEquipment', e)));
  }

  async getProcessParameters(equipmentId: string): Promise<ProcessParameter[]> {
    return this.#parameters('getProcessParameters', equipmentId, this.#ids.toMes(SYSTEM, 'equipment', equipmentId));
  }

  placeHold(request: HoldRequest): Promise<MesWriteResult> {
    return placeHoldOnce(
      {
        system: SYSTEM,
        client: this.client,
        state: (lotId) => this.#holdState(lotId),
        hold: async (r) => {
          const answer = await command(this.client, 'placeHold', this.#m.materialApp, this.#m.holdCommand, { NId: this.#ids.toMes(SYSTEM, 'lot', r.lotId), ReasonCode: r.reasonCode, Comment: r.comment, Requester: r.initiatedBy, ExternalReference: r.idempotencyKey });
          return { reference: String(answer.HoldNId ?? ''), raw: answer };
        },
        isAlreadyHeld: (err) => this.#m.alreadyHeldErrors.includes(err.vendorCode ?? ''),
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
        release: (r) => command(this.client, 'releaseHold', this.#m.materialApp, this.#m.releaseCommand, { NId: this.#ids.toMes(SYSTEM, 'lot', r.lotId), Comment: r.comment, Requester: r.initiatedBy, ExternalReference: r.idempotencyKey }),
        isNotHeld: (err) => this.#m.notHeldErrors.includes(err.vendorCode ?? ''),
      },
      request,
    );
  }

  draftNonconformance(draft: NonconformanceDraft): Promise<MesWriteResult> {
    const mtu = this.#ids.toMes(SYSTEM, 'lot', draft.lotId);
    return draftNonconformanceOnce(
      {
        system: SYSTEM,
        client: this.client,
        journal: this.#journal,
        lotExists: async (lotId) => (await this.#mtu('draftNonconformance', lotId)) !== undefined,
        findByKey: async (d) => {
          const rows = await odataAll(this.client, 'draftNonconformance', this.#m.nonconformanceApp, this.#m.nonconformanceEntity, ncSchema, `${eq('MaterialTrackingUnitNId', mtu)} and ${eq('ExternalReference', d.idempotencyKey)}`);
          return rows[0] ? { reference: rows[0].NId, raw: rows[0] } : undefined;
        },
        create: async (d) => {
          const answer = await command(this.client, 'draftNonconformance', this.#m.nonconformanceApp, this.#m.nonconformanceCommand, { MaterialTrackingUnitNId: mtu, Code: d.code, Description: d.description, Requester: d.initiatedBy, ExternalReference: d.idempotencyKey });
          return { reference: String(answer.NId ?? answer.Id ?? ''), raw: answer };
        },
      },
      draft,
    );
  }

  async #mtu(call: string, lotId: string) {
    return (await odataAll(this.client, call, this.#m.materialApp, this.#m.mtuEntity, mtuSchema, eq('NId', this.#ids.toMes(SYSTEM, 'lot', lotId))))[0];
  }

  async #holdState(lotId: string): Promise<LotHoldState> {
    const mtu = await this.#mtu('placeHold', lotId);
    if (!mtu) return { exists: false };
    const disposition = this.#m.mtuStatus[mtu.StatusNId];
    if (disposition !== 'Restricted') return { exists: true, disposition };
    const holds = await odataAll(this.client, 'placeHold', this.#m.materialApp, this.#m.holdEntity, mtuHoldSchema, eq('MaterialTrackingUnitNId', mtu.NId));
    const open = holds.find((h) => !h.ReleasedOn);
    return { exists: true, disposition, open: { id: open?.NId ?? `mtu:${mtu.NId}`, reasonCode: open?.ReasonCode ?? '', comment: open?.Comment ?? '', placedBy: open?.PlacedBy ?? '', placedAt: open ? iso(open.PlacedOn) : '' } };
  }

  async #workOrder(call: string, nid: string): Promise<WorkOrder | undefined> {
    const rows = await odataAll(this.client, call, this.#m.workOrderApp, this.#m.workOrderEntity, workOrderSchema, eq('NId', nid));
    return rows[0] && this.#toWorkOrder(rows[0]);
  }

  #toWorkOrder(o: z.output<typeof workOrderSchema>): WorkOrder {
    return {
      id: this.#ids.fromMes(SYSTEM, 'work-order', o.NId), productId: this.#ids.fromMes(SYSTEM, 'product', o.MaterialNId), lineId: this.#ids.fromMes(SYSTEM, 'line', o.ProductionLineNId),
      lotId: this.#ids.fromMes(SYSTEM, 'lot', o.MaterialTrackingUnitNId ?? ''), status: this.#m.workOrderStatus[o.Status] ?? 'released', quantity: o.Quantity.QuantityValue, unit: o.Quantity.UoMNId ?? '',
      plannedStart: iso(o.PlannedStartTime), ...(o.ActualStartTime ? { actualStart: iso(o.ActualStartTime) } : {}), ...(o.ActualEndTime ? { actualEnd: iso(o.ActualEndTime) } : {}),
    };
  }

  async #equipment(call: string, e: z.output<typeof equipmentSchema>): Promise<Equipment> {
    const id = this.#ids.fromMes(SYSTEM, 'equipment', e.NId);
    return {
      id, name: e.Name, type: e.EquipmentTypeNId ?? '', lineId: this.#ids.fromMes(SYSTEM, 'line', e.ParentNId ?? ''), state: e.Status,
      ...(e.LastCalibrationOn ? { lastCalibration: iso(e.LastCalibrationOn) } : {}), parameters: await this.#parameters(call, id, e.NId),
    };
  }

  async #parameters(call: string, equipmentId: string, nid: string): Promise<ProcessParameter[]> {
    const rows = await odataAll(this.client, call, this.#m.equipmentApp, this.#m.equipmentPropertyEntity, propertySchema, eq('EquipmentNId', nid));
    return rows.map((p) => ({ id: `${equipmentId}.${p.NId}`, name: p.Name, unit: p.UoMNId ?? '', setpoint: p.SetPoint, current: p.CurrentValue ?? p.SetPoint, validatedRange: { min: p.LowLimit, max: p.HighLimit }, ...(p.NodeId ? { nodeId: p.NodeId } : {}) }));
  }
}
