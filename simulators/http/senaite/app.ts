// The SENAITE LIMS simulator (senaite.jsonapi v1) serving a plant's QC lab: login (Basic,
// Plone form or JWT), catalog search, objects by type and UID, and workflow transitions
// (submit, verify, publish, retract, retest, reject) through `update`.
import { Router, type Request, type Response } from 'express';
import type { Clock } from '../../../server/ports/clock';
import type { FaultInjector } from '../faults/fault-injector';
import { simulatorApp } from '../shared/http';
import { LabRefusal, type Analysis, type AnalysisTransition, type LabBook } from '../shared/lab-book';
import { SenaiteAuth, type SenaiteUsers } from './auth';
import { analysisRecord, sampleRecord, setupRecords, type CatalogRecord, type PortalType } from './records';
import { batch, search, type RecordSource } from './search';

export const SENAITE_BASE_PATH = '/senaite/@@API/senaite/v1';
export const SENAITE_DEMO_USERS: SenaiteUsers = { 'qloop-lims': 'Senaite-Demo-1' };

export interface SenaiteOptions {
  lab: LabBook;
  clock: Clock;
  faults: FaultInjector;
  users?: SenaiteUsers;
  tokenSeconds?: number;
}

const TYPES: Record<string, PortalType> = {
  analysis: 'Analysis', analysisrequest: 'AnalysisRequest', analysisservice: 'AnalysisService', analysisspec: 'AnalysisSpec', instrument: 'Instrument', method: 'Method',
};
const TRANSITIONS = new Set<AnalysisTransition>(['submit', 'verify', 'publish', 'retract', 'retest', 'reject']);

function fail(res: Response, status: number, type: string, message: string): void {
  // The error body shape is [U] (INTEGRATIONS.md 7.5); this mirrors the typed APIError envelope.
  res.status(status).json({ success: false, type, message, _runtime: 0.001 });
}

export function senaiteApp(options: SenaiteOptions) {
  const auth = new SenaiteAuth(options.users ?? SENAITE_DEMO_USERS, options.clock, options.tokenSeconds ?? 3600);
  const lab = options.lab;
  let setup: CatalogRecord[] | undefined;
  const records: RecordSource = (catalogs, portalTypes) => {
    const wants = (catalog: CatalogRecord['catalog'], ...types: PortalType[]) => (catalogs.length === 0 || catalogs.includes(catalog)) && (portalTypes.length === 0 || types.some((t) => portalTypes.includes(t)));
    const out: CatalogRecord[] = [];
    if (wants('senaite_catalog_analysis', 'Analysis')) out.push(...lab.analyses().map((a) => analysisRecord(lab, a)));
    if (wants('senaite_catalog_sample', 'AnalysisRequest')) {
      const bySample = new Map<string, Analysis[]>();
      for (const a of lab.analyses()) bySample.set(a.sampleId, [...(bySample.get(a.sampleId) ?? []), a]);
      out.push(...lab.samples().flatMap((s) => sampleRecord(lab, s.id, bySample.get(s.id) ?? []) ?? []));
    }
    if (wants('senaite_catalog_setup', 'AnalysisService', 'AnalysisSpec', 'Instrument', 'Method')) out.push(...(setup ??= setupRecords(lab)));
    return out;
  };

  const api = Router();
  api.get('/version', (_req, res) => void res.json({ version: '2.6.0', date: '2024-03-01', _runtime: 0.001 }));
  const login = async (req: Request, res: Response) => {
    const user = auth.passwordUser(req);
    if (!user) return fail(res, 401, 'UnauthorizedError', 'Login failed');
    const { token, expires } = await auth.issue(user);
    res.json({ count: 1, pagesize: 1, page: 1, pages: 1, next: null, previous: null, items: [{ authenticated: true, id: user, userid: user, username: user, roles: ['LabManager'] }], token, expires, _runtime: 0.002 });
  };
  api.get('/login', login);
  api.post('/login', login);
  api.use(async (req, res, next) => {
    const user = await auth.user(req);
    if (user === undefined || user === 'invalid') return fail(res, 401, 'UnauthorizedError', user === 'invalid' ? 'Token expired, revoked or invalid' : 'You are not allowed to access this resource');
    next();
  });
  api.get('/auth', (_req, res) => void res.json({ _runtime: 0.001 }));
  api.get('/search', (req, res) => void res.json(search(records, req)));
  api.post(['/update', '/update/:uid', '/:type/update/:uid'], (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const uid = String(req.params.uid ?? body.uid ?? '');
    const analysis = lab.get(uid);
    if (!analysis) return fail(res, 404, 'NotFoundError', `Object with UID ${uid} not found`);
    const transition = typeof body.transition === 'string' ? body.transition : undefined;
    try {
      if (transition !== undefined && !TRANSITIONS.has(transition as AnalysisTransition)) throw new LabRefusal('bad-transition', `unknown transition "${transition}"`);
      if (transition) lab.transition(uid, transition as AnalysisTransition, { result: typeof body.Result === 'string' ? body.Result : undefined });
      else if (typeof body.Result === 'string' && analysis.state === 'unassigned') analysis.value = body.Result;
    } catch (err) {
      if (err instanceof LabRefusal) return fail(res, 400, 'BadRequestError', `Could not perform the transition on ${analysis.uid}: ${err.message}`);
      throw err;
    }
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
    res.json({ ...batch([analysisRecord(lab, analysis).full(base)], req), count: 1 });
  });
  api.get('/:type{/:uid}', (req, res) => {
    const portalType = TYPES[String(req.params.type).toLowerCase()];
    if (!portalType) return fail(res, 404, 'NotFoundError', `No route for resource "${String(req.params.type)}"`);
    if (req.params.uid === undefined) return void res.json(search(records, req, { portalType }));
    const record = records([], [portalType]).find((r) => r.uid === req.params.uid && r.portalType === portalType);
    if (!record) return fail(res, 404, 'NotFoundError', `Object with UID ${String(req.params.uid)} not found`);
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
    res.json(batch([record.full(base)], req));
  });

  const app = simulatorApp(options.faults);
  app.use(SENAITE_BASE_PATH, api);
  return { app, auth };
}
