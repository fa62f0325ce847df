// The Plex Connect simulator: X-Plex-Connect-Api-Key auth, Plex error envelopes
// ({code, message, errors[]}), full unpaged arrays with unknown query parameters ignored,
// a 200 calls/minute budget, job hold/release-hold (no body, empty answer), checksheets
// and custom objects (where a site keeps what Plex has no endpoint for).
import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Clock } from '../../../server/ports/clock';
import type { FaultInjector } from '../faults/fault-injector';
import { simulatorApp } from '../shared/http';
import { FloorRefusal, type ShopFloor } from '../shared/shop-floor';
import { containers, job, jobId, jobOperations, lotGuid, lotRecord, operatingParameters, plexDate, tagValues, workcenter } from './records';

export const PLEX_DEMO_KEY = 'plex-demo-consumer-key';

export interface PlexOptions {
  floor: ShopFloor;
  clock: Clock;
  faults: FaultInjector;
  apiKey?: string;
  /** "most APIs are limited to 200 calls per minute" [V]. */
  callsPerMinute?: number;
  /** Whether an over-budget 429 carries Retry-After ([U]). */
  budgetRetryAfter?: boolean;
}

function plexError(res: Response, status: number, code: string, message: string, errors: { code: string; message: string }[] = []): void {
  res.status(status).json({ code, message, ...(errors.length || status === 400 ? { errors } : {}) });
}
const notFound = (res: Response) => plexError(res, 404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found.');

export function plexApp(options: PlexOptions) {
  const { floor, clock } = options;
  const key = options.apiKey ?? PLEX_DEMO_KEY;
  const budget = options.callsPerMinute ?? 200;
  const calls: number[] = [];
  const customObjects = new Map<string, Record<string, unknown>[]>();
  // The site's hold register, seeded with the holds the dataset already has.
  customObjects.set('qloop_holds', floor.lots().flatMap((lot) => lot.holds.map((h) => ({ id: h.id, lotNo: lot.id, jobId: jobId(lot.workOrderId ?? ''), reasonCode: h.reasonCode, comment: h.comment, initiatedBy: h.placedBy, placedAt: plexDate(h.placedAt), releasedAt: plexDate(h.releasedAt), idempotencyKey: null }))));
  const api = Router();
  api.use((req, res, next) => {
    if (req.get('X-Plex-Connect-Api-Key') !== key) return plexError(res, 401, 'REQUEST_NOT_AUTHENTICATED', 'The request could not be authenticated.');
    const now = clock.now();
    while (calls.length && (calls[0] as number) <= now - 60_000) calls.shift();
    if (calls.length >= budget) {
      if (options.budgetRetryAfter ?? true) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(((calls[0] as number) + 60_000 - now) / 1000))));
      return plexError(res, 429, 'TOO_MANY_REQUESTS', `Rate limit of ${budget} calls per minute exceeded.`);
    }
    calls.push(now);
    next();
  });

  api.get('/inventory/v1/inventory-tracking/containers', (req, res) => {
    const { lotId, partId } = req.query as Record<string, string | undefined>;
    res.json(containers(floor).filter((c) => (!lotId || c.lotId === lotId) && (!partId || c.partId === partId)));
  });
  api.get('/inventory/v1/inventory-tracking/containers/:serialNo', (req, res) => {
    const found = containers(floor).find((c) => c.serialNo === req.params.serialNo);
    return found ? void res.json(found) : notFound(res);
  });
  api.get('/inventory/v1/inventory-tracking/lots/:lotId', (req, res) => {
    const lot = floor.lots().find((l) => lotGuid(l.id) === req.params.lotId);
    return lot ? void res.json(lotRecord(floor, lot)) : notFound(res);
  });
  api.get('/scheduling/v1/jobs', (_req, res) => void res.json(floor.workOrders().map(job)));
  api.get('/scheduling/v1/jobs/:id/operations', (req, res) => {
    const order = floor.workOrders().find((o) => jobId(o.id) === req.params.id);
    return order ? void res.json(jobOperations(floor, order)) : notFound(res);
  });
  const jobAction = (action: 'hold' | 'release-hold') =>
    api.post(`/scheduling/v1-beta1/jobs/:id/${action}`, (req, res) => {
      const order = floor.workOrders().find((o) => jobId(o.id) === req.params.id);
      if (!order) return notFound(res);
      try {
        if (action === 'hold') floor.hold(order.lotId, { id: `JOBHOLD-${randomUUID()}`, reasonCode: 'JOB_HOLD', comment: '', placedBy: 'plex' });
        else floor.release(order.lotId);
        res.status(200).end();
      } catch (err) {
        if (!(err instanceof FloorRefusal)) throw err;
        const code = err.kind === 'already-held' ? 'JOB_ALREADY_ON_HOLD' : err.kind === 'not-held' ? 'JOB_NOT_ON_HOLD' : 'ARGUMENT_INVALID';
        plexError(res, 400, 'REQUEST_INVALID', 'The request is invalid.', [{ code, message: err.message }]);
      }
    });
  jobAction('hold');
  jobAction('release-hold');
  api.get('/production/v1/control/workcenters', (_req, res) => void res.json(floor.equipment().map(workcenter)));
  api.get('/production/v1/control/workcenters/:id', (req, res) => {
    const unit = floor.equipment().find((e) => workcenter(e).workcenterId === req.params.id);
    return unit ? void res.json(workcenter(unit)) : notFound(res);
  });
  api.get('/engineering/v1/operating-parameters', (_req, res) => void res.json(operatingParameters(floor)));
  api.get('/cm/exhaust/v1/tags/values/latest', (_req, res) => void res.json(tagValues(floor, clock.iso())));
  api.post('/quality/v1/checksheets', (req, res) => {
    const body = (req.body ?? {}) as { measurements?: { value?: number }[] };
    if (!Array.isArray(body.measurements)) return plexError(res, 400, 'REQUEST_INVALID', 'The request is invalid.', [{ code: 'ARGUMENT_INVALID', message: 'measurements is required' }]);
    res.status(201).json({ checksheetNo: 700_000 + customObjects.size, outOfSpec: false, createdAt: plexDate(clock.iso()) });
  });
  api.get('/platform/custom-objects/v1/data/:name', (req, res) => void res.json(customObjects.get(req.params.name) ?? []));
  api.post('/platform/custom-objects/v1/data/:name', (req, res) => {
    const record: Record<string, unknown> = { ...((req.body ?? {}) as Record<string, unknown>), id: randomUUID(), createdAt: plexDate(clock.iso()) };
    customObjects.set(req.params.name, [...(customObjects.get(req.params.name) ?? []), record]);
    if (req.params.name === 'qloop_nonconformances' && typeof record.lotNo === 'string' && floor.lot(record.lotNo)) floor.noteNonconformance(record.lotNo, String(record.id));
    res.status(201).json(record);
  });
  api.put('/platform/custom-objects/v1/data/:name/:id', (req, res) => {
    const record = (customObjects.get(req.params.name) ?? []).find((r) => r.id === req.params.id);
    if (!record) return notFound(res);
    Object.assign(record, (req.body ?? {}) as Record<string, unknown>, { id: record.id });
    res.json(record);
  });

  const app = simulatorApp(options.faults);
  app.use(api);
  return { app, customObjects };
}
