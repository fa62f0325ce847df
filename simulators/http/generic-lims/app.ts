// A generic LIMS: a REST API in the reference payload's words (keyset-paged result feed,
// samples, specifications), a LabWare-style transfer table for sites whose LIMS is read
// through configured queries, and a webhook pusher (pusher.ts). Static bearer token.
import { Router } from 'express';
import type { FaultInjector } from '../faults/fault-injector';
import { simulatorApp } from '../shared/http';
import type { Analysis, LabBook } from '../shared/lab-book';
import { referenceRow, transferRow, transferSpec } from './rows';

export const GENERIC_LIMS_DEMO_TOKEN = 'generic-lims-demo-token';

const byChange = (a: Analysis, b: Analysis) => a.modified - b.modified || (a.resultId < b.resultId ? -1 : a.resultId > b.resultId ? 1 : 0);

export function genericLimsApp(options: { lab: LabBook; faults: FaultInjector; token?: string }) {
  const { lab } = options;
  const token = options.token ?? GENERIC_LIMS_DEMO_TOKEN;
  const api = Router();
  api.use((req, res, next) => (req.headers.authorization === `Bearer ${token}` ? next() : void res.status(401).json({ error: 'UNAUTHORIZED', message: 'missing or invalid bearer token' })));

  // Keyset feed: rows changed after (modified_after, after_id), oldest change first.
  api.get('/api/v1/results', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const since = q.modified_after ? Date.parse(q.modified_after) : -Infinity;
    if (Number.isNaN(since)) return void res.status(400).json({ error: 'BAD_REQUEST', message: 'modified_after must be an ISO 8601 time' });
    const afterId = q.after_id ?? '';
    const limit = Math.min(1000, Math.max(1, Number(q.limit ?? 100) || 100));
    const rows = lab.analyses().filter((a) => a.modified > since || (a.modified === since && a.resultId > afterId)).sort(byChange).slice(0, limit);
    const last = rows.at(-1);
    res.json({ results: rows.map((a) => referenceRow(lab, a)), next_cursor: last ? { modified_after: new Date(last.modified).toISOString(), after_id: last.resultId } : null });
  });
  api.get('/api/v1/results/search', (req, res) => {
    const { lot, sample, test } = req.query as Record<string, string | undefined>;
    res.json(lab.analyses().filter((a) => (!lot || a.lotId === lot) && (!sample || a.sampleId === sample) && (!test || a.test === test)).sort(byChange).map((a) => referenceRow(lab, a)));
  });
  api.get('/api/v1/samples/:id', (req, res) => {
    const sample = lab.sample(req.params.id);
    if (!sample) return void res.status(404).json({ error: 'SAMPLE_NOT_FOUND', message: `sample ${req.params.id} not found` });
    res.json({ sample_id: sample.id, material_lot: sample.lotId, work_order: sample.workOrderId ?? null, sampling_point: sample.point, sampled_at: sample.sampledAt });
  });
  api.get('/api/v1/specifications', (req, res) => {
    const { product, test } = req.query as Record<string, string | undefined>;
    res.json(lab.catalog.dataset.specifications.filter((s) => (!product || s.productId === product) && (!test || s.test === test)).map((s) => {
      const row = transferSpec(s);
      return { product: row.PRODUCT, test_code: row.ANALYSIS, test_name: row.NAME, unit: row.UNITS, decimals: row.PLACES, method: row.METHOD, version: row.VERSION, release_min: row.MIN_VALUE, release_max: row.MAX_VALUE, spec_min: row.SHOULDER_MIN ?? row.MIN_VALUE, spec_max: row.SHOULDER_MAX ?? row.MAX_VALUE, kind: s.kind, loq: row.LOQ };
    }));
  });

  // LabWare-style transfer table: offset paging (START/COUNT), CHANGED_SINCE inclusive.
  api.get('/transfer/results', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const since = q.CHANGED_SINCE ? Date.parse(q.CHANGED_SINCE) : -Infinity;
    let rows = lab.analyses().filter((a) => a.modified >= since && (!q.LOT_NAME || a.lotId === q.LOT_NAME) && (!q.TEXT_ID || a.sampleId === q.TEXT_ID) && (!q.ANALYSIS || a.test === q.ANALYSIS)).sort(byChange);
    const total = rows.length;
    const start = Math.max(0, Number(q.START ?? 0) || 0);
    rows = rows.slice(start, start + Math.min(500, Math.max(1, Number(q.COUNT ?? 100) || 100)));
    res.json({ total, rows: rows.map((a) => transferRow(lab, a)) });
  });
  api.get('/transfer/samples', (req, res) => {
    const sample = lab.sample(String(req.query.TEXT_ID ?? ''));
    res.json({ rows: sample ? [{ TEXT_ID: sample.id, LOT_NAME: sample.lotId, ORDER_NUM: sample.workOrderId ?? '', SAMPLING_POINT: sample.point, SAMPLED_DATE: sample.sampledAt }] : [] });
  });
  api.get('/transfer/specs', (req, res) => {
    const { PRODUCT, ANALYSIS } = req.query as Record<string, string | undefined>;
    res.json({ rows: lab.catalog.dataset.specifications.filter((s) => (!PRODUCT || s.productId === PRODUCT) && (!ANALYSIS || s.test === ANALYSIS)).map(transferSpec) });
  });

  const app = simulatorApp(options.faults);
  app.use(api);
  return { app };
}
