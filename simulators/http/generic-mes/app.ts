// A generic REST MES: the integration's reference hold call (`POST /work-orders/hold` with
// `{action, lot_number, reason_code, test, value, initiated_by}`) plus plain JSON reads of
// lines, lots, work orders and equipment, behind a static bearer token. Many plants front
// their MES with exactly such a facade (an integration layer or a custom API).
import { Router, type Response } from 'express';
import type { Equipment, MaterialLot, WorkOrder } from '../../../server/domain/types';
import type { FaultInjector } from '../faults/fault-injector';
import { simulatorApp } from '../shared/http';
import { FloorRefusal, type ShopFloor } from '../shared/shop-floor';

export const GENERIC_MES_DEMO_TOKEN = 'generic-mes-demo-token';

interface StoredNc {
  nc_id: string;
  lot_number: string;
  code: string;
  description: string;
  initiated_by: string;
  external_ref: string | null;
  status: 'draft';
  created_at: string;
}

const lotBody = (lot: MaterialLot) => ({
  lot_number: lot.id, product_code: lot.productId, work_order: lot.workOrderId ?? null, line: lot.lineId ?? null, disposition: lot.disposition,
  quantity: lot.quantity, unit: lot.unit, manufactured_at: lot.manufacturedAt, expires_at: lot.expiresAt ?? null,
  holds: lot.holds.map((h) => ({ hold_id: h.id, reason_code: h.reasonCode, comment: h.comment, initiated_by: h.placedBy, placed_at: h.placedAt, released_at: h.releasedAt ?? null })),
});
const orderBody = (o: WorkOrder) => ({ work_order: o.id, product_code: o.productId, line: o.lineId, lot_number: o.lotId, status: o.status, quantity: o.quantity, unit: o.unit, planned_start: o.plannedStart, actual_start: o.actualStart ?? null, actual_end: o.actualEnd ?? null });
const equipmentBody = (e: Equipment) => ({
  equipment_id: e.id, name: e.name, type: e.type, line: e.lineId, state: e.state, last_calibration: e.lastCalibration ?? null,
  parameters: e.parameters.map((p) => ({ parameter_id: p.id, name: p.name, unit: p.unit, setpoint: p.setpoint, current: p.current, validated_min: p.validatedRange.min, validated_max: p.validatedRange.max, node_id: p.nodeId ?? null })),
});

function refuse(res: Response, err: unknown): void {
  if (!(err instanceof FloorRefusal)) throw err;
  const status = err.kind === 'unknown-lot' ? 404 : 409;
  const code = { 'unknown-lot': 'LOT_NOT_FOUND', 'already-held': 'LOT_ALREADY_ON_HOLD', 'not-held': 'LOT_NOT_ON_HOLD', 'lot-closed': 'LOT_CLOSED', 'unknown-equipment': 'NOT_FOUND', 'out-of-range': 'OUT_OF_RANGE' }[err.kind];
  res.status(status).json({ error: code, message: err.message, ...(err.hold ? { hold_id: err.hold.id } : {}) });
}

export function genericMesApp(options: { floor: ShopFloor; faults: FaultInjector; token?: string }) {
  const { floor } = options;
  const token = options.token ?? GENERIC_MES_DEMO_TOKEN;
  const nonconformances: StoredNc[] = [];
  let holdSeq = 0;
  const api = Router();
  api.use((req, res, next) => {
    if (req.headers.authorization !== `Bearer ${token}`) return void res.status(401).json({ error: 'UNAUTHORIZED', message: 'missing or invalid bearer token' });
    next();
  });
  api.get('/lines', (_req, res) => void res.json(floor.lines.map((l) => ({ line_id: l.id, name: l.name, area: l.area, equipment: l.equipmentIds }))));
  api.get('/lots/:lot', (req, res) => {
    const lot = floor.lot(req.params.lot);
    if (!lot) return void res.status(404).json({ error: 'LOT_NOT_FOUND', message: `lot ${req.params.lot} not found` });
    res.json(lotBody(lot));
  });
  api.get('/work-orders', (req, res) => {
    const { line, status } = req.query as Record<string, string | undefined>;
    res.json(floor.workOrders().filter((o) => (!line || o.lineId === line) && (!status || o.status === status)).map(orderBody));
  });
  api.get('/work-orders/:id', (req, res) => {
    const order = floor.workOrder(req.params.id);
    if (!order) return void res.status(404).json({ error: 'WORK_ORDER_NOT_FOUND', message: `work order ${req.params.id} not found` });
    res.json(orderBody(order));
  });
  api.get('/equipment', (req, res) => void res.json(floor.equipment().filter((e) => !req.query.line || e.lineId === req.query.line).map(equipmentBody)));
  api.get('/equipment/:id', (req, res) => {
    const unit = floor.unit(req.params.id);
    if (!unit) return void res.status(404).json({ error: 'EQUIPMENT_NOT_FOUND', message: `equipment ${req.params.id} not found` });
    res.json(equipmentBody(unit));
  });
  api.post('/work-orders/hold', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lotNumber = typeof body.lot_number === 'string' ? body.lot_number : '';
    if (!lotNumber || (body.action !== 'hold' && body.action !== 'release')) return void res.status(400).json({ error: 'BAD_REQUEST', message: 'action (hold|release) and lot_number are required' });
    try {
      if (body.action === 'hold') {
        const hold = floor.hold(lotNumber, { id: `H-${String(++holdSeq).padStart(6, '0')}`, reasonCode: String(body.reason_code ?? ''), comment: String(body.comment ?? `${String(body.test ?? '')} ${String(body.value ?? '')}`.trim()), placedBy: String(body.initiated_by ?? '') });
        return void res.status(201).json({ hold_id: hold.id, lot_number: lotNumber, status: 'on_hold' });
      }
      const released = floor.release(lotNumber);
      res.json({ hold_id: released.id, lot_number: lotNumber, status: 'released' });
    } catch (err) {
      refuse(res, err);
    }
  });
  api.get('/nonconformances', (req, res) => {
    const { lot_number: lot, external_ref: ref } = req.query as Record<string, string | undefined>;
    res.json(nonconformances.filter((nc) => (!lot || nc.lot_number === lot) && (!ref || nc.external_ref === ref)));
  });
  api.post('/nonconformances', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lot = typeof body.lot_number === 'string' ? body.lot_number : '';
    if (!floor.lot(lot)) return void res.status(404).json({ error: 'LOT_NOT_FOUND', message: `lot ${lot} not found` });
    const nc: StoredNc = { nc_id: `NC-${String(nonconformances.length + 1).padStart(5, '0')}`, lot_number: lot, code: String(body.code ?? ''), description: String(body.description ?? ''), initiated_by: String(body.initiated_by ?? ''), external_ref: typeof body.external_ref === 'string' ? body.external_ref : null, status: 'draft', created_at: new Date().toISOString() };
    nonconformances.push(nc);
    floor.noteNonconformance(lot, nc.nc_id);
    res.status(201).json(nc);
  });
  const app = simulatorApp(options.faults);
  app.use('/api/v1', api);
  return { app, nonconformances };
}
