// The SAP Digital Manufacturing simulator: XSUAA token endpoint, sfc/v1/sfcdetail,
// order/v1/orders (+ /list, Spring pages), resource/v2/resources, datacollection groups and
// measurements (page/size), nonconformance log / v2 list / checkForOpen / close, and an
// optional tenant hold API. Errors use `{error:{code,message}}` ([U] envelope).
import { Router, type Request, type Response } from 'express';
import type { Clock } from '../../../server/ports/clock';
import type { FaultInjector } from '../faults/fault-injector';
import { simulatorApp } from '../shared/http';
import { FloorRefusal, type ShopFloor } from '../shared/shop-floor';
import { XsuaaTokens } from './auth';
import { NcError, NonconformanceBook, type DataField } from './nonconformances';
import { dcGroup, measurements, order, resource, sfcDetail, springPage } from './records';

export const SAP_DEMO_CLIENT = { clientId: 'sb-qloop!t1', clientSecret: 'Sap-Dm-Demo-1' };
export const SAP_DEMO_PLANT = 'RVP1';
export const SAP_HOLD_CODE = 'QLOOP_HOLD';

export interface SapDmOptions {
  floor: ShopFloor;
  clock: Clock;
  faults: FaultInjector;
  plant?: string;
  tokenSeconds?: number;
  holdCodes?: string[];
}

function error(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message, target: null, details: [] } });
}

function refusal(res: Response, err: unknown): void {
  if (err instanceof NcError) return error(res, err.status, err.code, err.message);
  if (!(err instanceof FloorRefusal)) throw err;
  const map = { 'unknown-lot': [404, 'sfc.notFound'], 'already-held': [409, 'sfc.alreadyOnHold'], 'not-held': [409, 'sfc.notOnHold'], 'lot-closed': [409, 'sfc.statusInvalid'], 'unknown-equipment': [404, 'resource.notFound'], 'out-of-range': [400, 'dc.valueOutOfRange'] } as const;
  const [status, code] = map[err.kind];
  error(res, status, code, err.message);
}

export function sapDmApp(options: SapDmOptions) {
  const { floor, clock } = options;
  const plantId = options.plant ?? SAP_DEMO_PLANT;
  const tokens = new XsuaaTokens({ [SAP_DEMO_CLIENT.clientId]: SAP_DEMO_CLIENT.clientSecret }, clock, options.tokenSeconds ?? 300);
  const ncs = new NonconformanceBook(floor, plantId, new Set(options.holdCodes ?? [SAP_HOLD_CODE]));
  let holdSeq = 0;
  const api = Router();
  api.use(tokens.guard);
  const plantOf = (req: Request) => String((req.query.plant ?? (req.body as Record<string, unknown> | undefined)?.plant) ?? '');
  api.use((req, res, next) => (plantOf(req) === plantId ? next() : error(res, 400, 'plant.invalid', `Plant "${plantOf(req)}" does not exist`)));

  api.get('/sfc/v1/sfcdetail', (req, res) => {
    const lot = floor.lot(String(req.query.sfc ?? ''));
    if (!lot) return error(res, 404, 'sfc.notFound', `SFC ${String(req.query.sfc)} not found in plant ${plantId}`);
    res.json(sfcDetail(floor, plantId, lot));
  });
  api.get('/order/v1/orders', (req, res) => {
    const o = floor.workOrder(String(req.query.order ?? ''));
    if (!o) return error(res, 404, 'order.notFound', `Order ${String(req.query.order)} not found`);
    res.json(order(floor, plantId, o));
  });
  api.get('/order/v1/orders/list', (req, res) => {
    const { workCenter, executionStatus } = req.query as Record<string, string | undefined>;
    const all = floor.workOrders().map((o) => order(floor, plantId, o)).filter((o) => (!workCenter || o.workCenters.some((w) => w.workCenter === workCenter)) && (!executionStatus || o.executionStatus === executionStatus));
    res.json(springPage(all, Number(req.query.page ?? 0), Number(req.query.size ?? 20)));
  });
  api.get('/resource/v2/resources', (req, res) => {
    const { resource: id, workCenter } = req.query as Record<string, string | undefined>;
    res.json(floor.equipment().filter((u) => (!id || u.id === id) && (!workCenter || u.lineId === workCenter)).map((u) => resource(plantId, u)));
  });
  api.get('/datacollection/v1/groups', (req, res) => {
    const group = String(req.query.group ?? '');
    const unit = floor.equipment().find((u) => `${u.id}_PARAMS` === group);
    if (!unit) return error(res, 404, 'dcGroup.notFound', `Data collection group ${group} not found`);
    res.json(dcGroup(unit, group));
  });
  api.get('/datacollection/v1/measurements', (req, res) => {
    const units = floor.equipment().filter((u) => !req.query.resource || u.id === req.query.resource);
    const rows = units.flatMap((u) => measurements(u, `${u.id}_PARAMS`, clock.iso())).filter((m) => !req.query.parameterName || m.parameterName === req.query.parameterName);
    res.json(springPage(rows, Number(req.query.page ?? 0), Number(req.query.size ?? 100)));
  });

  api.post('/nonconformance/v1/log', (req, res) => {
    const body = (req.body ?? {}) as { code?: unknown; sfcs?: unknown; comments?: unknown; dataFields?: unknown };
    const code = typeof body.code === 'string' ? body.code : '';
    if (!code || code.length > 16) return error(res, 400, 'nonconformance.code.invalid', `NC code "${code}" is empty or longer than 16 characters`);
    const sfcs = Array.isArray(body.sfcs) ? body.sfcs.map(String) : [];
    if (sfcs.length === 0) return error(res, 400, 'nonconformance.sfcs.required', 'At least one SFC is required');
    const unknown = sfcs.find((s) => !floor.lot(s));
    if (unknown) return error(res, 404, 'sfc.notFound', `SFC ${unknown} not found in plant ${plantId}`);
    const dataFields = (Array.isArray(body.dataFields) ? body.dataFields : []).filter((f): f is DataField => typeof f === 'object' && f !== null && 'fieldName' in f).map((f) => ({ fieldName: String(f.fieldName), value: String(f.value) }));
    try {
      const created = ncs.log({ code, sfcs, comments: typeof body.comments === 'string' ? body.comments : '', dataFields, createdBy: SAP_DEMO_CLIENT.clientId, now: clock.iso() });
      res.status(201).json({ ids: created.map((nc) => nc.id) });
    } catch (err) {
      refusal(res, err);
    }
  });
  api.get('/nonconformance/v2/nonconformances', (req, res) => {
    const list = req.query.sfc ? ncs.forSfc(String(req.query.sfc)) : ncs.records;
    res.json(springPage(list, Number(req.query.page ?? 0), Number(req.query.size ?? 100)));
  });
  api.post('/nonconformance/v1/checkForOpen', (req, res) => {
    const body = (req.body ?? {}) as { sfc?: unknown; code?: unknown };
    const open = ncs.forSfc(String(body.sfc ?? '')).filter((nc) => nc.status === 'OPEN' && (body.code === undefined || nc.code === body.code));
    res.json({ hasOpenNonconformances: open.length > 0, ids: open.map((nc) => nc.id) });
  });
  api.post('/nonconformance/v1/close', (req, res) => {
    const body = (req.body ?? {}) as { id?: unknown; comments?: unknown };
    try {
      ncs.close(String(body.id ?? ''), typeof body.comments === 'string' ? body.comments : '', clock.iso());
      res.json({});
    } catch (err) {
      refusal(res, err);
    }
  });

  // A tenant-specific hold API ([U]: only some tenants list one on api.sap.com).
  api.post('/sfc/v1/sfcs/hold', (req, res) => {
    const body = (req.body ?? {}) as { sfcs?: unknown; holdReason?: unknown; comments?: unknown; requestedBy?: unknown };
    try {
      const ids = (Array.isArray(body.sfcs) ? body.sfcs : []).map((sfc) => {
        const id = `H${String(++holdSeq).padStart(7, '0')}`;
        return floor.hold(String(sfc), { id, reasonCode: String(body.holdReason ?? ''), comment: String(body.comments ?? ''), placedBy: String(body.requestedBy ?? SAP_DEMO_CLIENT.clientId) }).id;
      });
      res.status(201).json({ holdIds: ids });
    } catch (err) {
      refusal(res, err);
    }
  });
  api.post('/sfc/v1/sfcs/releaseHold', (req, res) => {
    const body = (req.body ?? {}) as { sfcs?: unknown };
    try {
      res.json({ holdIds: (Array.isArray(body.sfcs) ? body.sfcs : []).map((sfc) => floor.release(String(sfc)).id) });
    } catch (err) {
      refusal(res, err);
    }
  });
  api.get('/sfc/v1/sfcs/holds', (req, res) => {
    const lot = floor.lot(String(req.query.sfc ?? ''));
    if (!lot) return error(res, 404, 'sfc.notFound', `SFC ${String(req.query.sfc)} not found`);
    res.json(lot.holds.map((h) => ({ holdId: h.id, sfc: lot.id, holdReason: h.reasonCode, comments: h.comment, createdBy: h.placedBy, createdDateTime: h.placedAt, releasedDateTime: h.releasedAt ?? null })));
  });

  const app = simulatorApp(options.faults);
  app.post('/uaa/oauth/token', tokens.token);
  app.use('/api', api);
  return { app, tokens, nonconformances: ncs };
}
