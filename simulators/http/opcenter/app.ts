// The Siemens Opcenter Execution Foundation simulator: UAF token with refresh, OData reads
// under /sit-svc/Application/{App}/odata/{Entity}, and commands posted as {"command":{...}}
// that answer HTTP 200 with {Succeeded, Error:{ErrorCode, ErrorMessage}}, failures included.
// Entity and command names for lot holds are app-specific ([U]); these are the defaults the
// adapter's model settings expect.
import { Router, type Request, type Response } from 'express';
import type { Clock } from '../../../server/ports/clock';
import type { FaultInjector } from '../faults/fault-injector';
import { simulatorApp } from '../shared/http';
import { guid } from '../shared/ids';
import { FloorRefusal, type ShopFloor } from '../shared/shop-floor';
import { UafTokens } from './auth';
import { applyFilter, ODataError, page } from './odata';

export const MTU_STATUS = { Planned: 'Planned', 'In-Process': 'Active', Restricted: 'Hold', UnRestricted: 'Released', Closed: 'Closed' } as const;
const WO_STATUS = { planned: 'Planned', released: 'Released', running: 'Active', 'on-hold': 'OnHold', completed: 'Completed', closed: 'Closed' } as const;

interface StoredNc { Id: string; NId: string; MaterialTrackingUnitNId: string; Code: string; Description: string; Status: 'Draft'; CreatedBy: string; CreatedOn: string; ExternalReference: string | null }

export function opcenterApp(options: { floor: ShopFloor; clock: Clock; faults: FaultInjector; tokenSeconds?: number; pageSize?: number }) {
  const { floor, clock } = options;
  const tokens = new UafTokens(clock, options.tokenSeconds ?? 900);
  const pageSize = options.pageSize ?? 50;
  const nonconformances: StoredNc[] = [];
  const holdRefs = new Map<string, string | null>();
  let holdSeq = 0;

  const entities: Record<string, Record<string, () => Record<string, unknown>[]>> = {
    Material: {
      MaterialTrackingUnit: () => floor.lots().map((lot) => ({
        Id: guid(`mtu:${lot.id}`), NId: lot.id, Name: lot.id, MaterialNId: lot.productId, StatusNId: MTU_STATUS[lot.disposition], WorkOrderNId: lot.workOrderId ?? null,
        ProductionLineNId: lot.lineId ?? null, Quantity: { QuantityValue: lot.quantity, UoMNId: lot.unit }, ManufacturedOn: lot.manufacturedAt, ExpiresOn: lot.expiresAt ?? null,
      })),
      MaterialTrackingUnitHold: () => floor.lots().flatMap((lot) => lot.holds.map((h) => ({
        Id: guid(`hold:${h.id}`), NId: h.id, MaterialTrackingUnitNId: lot.id, ReasonCode: h.reasonCode, Comment: h.comment, PlacedBy: h.placedBy, PlacedOn: h.placedAt, ReleasedOn: h.releasedAt ?? null, ExternalReference: holdRefs.get(h.id) ?? null,
      }))),
    },
    AppU4DM: {
      WorkOrder: () => floor.workOrders().map((o) => ({
        Id: guid(`wo:${o.id}`), NId: o.id, MaterialNId: o.productId, ProductionLineNId: o.lineId, MaterialTrackingUnitNId: o.lotId, Status: WO_STATUS[o.status],
        Quantity: { QuantityValue: o.quantity, UoMNId: o.unit }, PlannedStartTime: o.plannedStart, ActualStartTime: o.actualStart ?? null, ActualEndTime: o.actualEnd ?? null,
      })),
      Nonconformance: () => nonconformances.map((nc) => ({ ...nc })),
    },
    UDM: {
      Equipment: () => floor.equipment().map((e) => ({ Id: guid(`eq:${e.id}`), NId: e.id, Name: e.name, EquipmentTypeNId: e.type, ParentNId: e.lineId, Status: e.state, LastCalibrationOn: e.lastCalibration ?? null })),
      EquipmentProperty: () => floor.equipment().flatMap((e) => e.parameters.map((p) => ({ Id: guid(`prop:${p.id}`), EquipmentNId: e.id, NId: p.id.split('.').at(-1), Name: p.name, UoMNId: p.unit, SetPoint: p.setpoint, CurrentValue: p.current, LowLimit: p.validatedRange.min, HighLimit: p.validatedRange.max, NodeId: p.nodeId ?? null }))),
    },
  };

  const respond = (res: Response, app: string, command: string, outcome: { error?: { code: number; message: string }; output?: Record<string, unknown> }) => {
    res.status(200).json({
      '@odata.context': `${app}/$metadata#Siemens.SimaticIT.${app}.Commands.${command}Response`,
      Succeeded: !outcome.error,
      Error: outcome.error ? { ErrorCode: outcome.error.code, ErrorMessage: outcome.error.message } : { ErrorCode: 0, ErrorMessage: '' },
      SitUafExecutionDetail: { ExecutionTime: 3 },
      ...outcome.output,
    });
  };
  const refusal = (err: unknown) => {
    if (!(err instanceof FloorRefusal)) throw err;
    const code = { 'unknown-lot': 10404, 'already-held': 12001, 'not-held': 12002, 'lot-closed': 12003, 'unknown-equipment': 10404, 'out-of-range': 12004 }[err.kind];
    return { error: { code, message: err.message } };
  };
  const commands: Record<string, (body: Record<string, unknown>) => { error?: { code: number; message: string }; output?: Record<string, unknown> }> = {
    HoldMaterialTrackingUnit: (c) => {
      try {
        const held = floor.hold(String(c.NId ?? ''), { id: `MTUH-${String(++holdSeq).padStart(6, '0')}`, reasonCode: String(c.ReasonCode ?? ''), comment: String(c.Comment ?? ''), placedBy: String(c.Requester ?? '') });
        holdRefs.set(held.id, typeof c.ExternalReference === 'string' ? c.ExternalReference : null);
        return { output: { HoldNId: held.id } };
      } catch (err) {
        return refusal(err);
      }
    },
    ReleaseMaterialTrackingUnit: (c) => {
      try {
        return { output: { HoldNId: floor.release(String(c.NId ?? '')).id } };
      } catch (err) {
        return refusal(err);
      }
    },
    CreateNonconformance: (c) => {
      const lot = String(c.MaterialTrackingUnitNId ?? '');
      if (!floor.lot(lot)) return { error: { code: 10404, message: `Material tracking unit ${lot} does not exist.` } };
      const nc: StoredNc = { Id: guid(`nc:${nonconformances.length}:${lot}`), NId: `NC-${String(nonconformances.length + 1).padStart(6, '0')}`, MaterialTrackingUnitNId: lot, Code: String(c.Code ?? ''), Description: String(c.Description ?? ''), Status: 'Draft', CreatedBy: String(c.Requester ?? ''), CreatedOn: clock.iso(), ExternalReference: typeof c.ExternalReference === 'string' ? c.ExternalReference : null };
      nonconformances.push(nc);
      floor.noteNonconformance(lot, nc.NId);
      return { output: { Id: nc.Id, NId: nc.NId } };
    },
  };
  const commandApp: Record<string, string> = { HoldMaterialTrackingUnit: 'Material', ReleaseMaterialTrackingUnit: 'Material', CreateNonconformance: 'AppU4DM' };

  const api = Router();
  api.use(tokens.guard);
  api.get('/Application/:app/odata/:entity', (req: Request, res: Response) => {
    const { app, entity } = req.params as { app: string; entity: string };
    const rows = entities[app]?.[entity];
    if (!rows) return void res.status(404).json({ error: { code: '', message: `No HTTP resource was found that matches the request URI for ${app}/${entity}.` } });
    try {
      res.json(page(applyFilter(rows(), req.query.$filter as string | undefined), req, `${req.protocol}://${req.get('host')}/sit-svc/Application/${app}/odata/$metadata#${entity}`, pageSize));
    } catch (err) {
      if (err instanceof ODataError) return void res.status(400).json({ error: { code: '', message: err.message } });
      throw err;
    }
  });
  api.post('/Application/:app/odata/:command', (req: Request, res: Response) => {
    const { app, command } = req.params as { app: string; command: string };
    const handler = commands[command];
    if (!handler || commandApp[command] !== app) return void res.status(404).json({ error: { code: '', message: `Command ${command} not found in ${app}.` } });
    const body = ((req.body ?? {}) as { command?: Record<string, unknown> }).command;
    if (!body || typeof body !== 'object') return respond(res, app, command, { error: { code: 10400, message: 'The "command" object is missing from the request body.' } });
    respond(res, app, command, handler(body));
  });

  const app = simulatorApp(options.faults);
  app.post('/sit-auth/OAuth/Token', tokens.token);
  app.use('/sit-svc', api);
  return { app, tokens, nonconformances };
}
