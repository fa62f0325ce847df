// Alerts over HTTP (the same AlertService the socket uses): what is outstanding on a line,
// acknowledge or shelve with a reason, and QA closing an OOS investigation with an e-signature
// (a lot with an open OOS is never released).
import type Database from 'better-sqlite3';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { SqliteAuditLog } from '../../adapters/audit/sqlite-audit-log';
import type { Accounts } from '../../auth/accounts';
import { can } from '../../domain/roles';
import { QloopError } from '../../errors';
import type { Clock } from '../../ports/clock';
import type { AlertService } from '../../realtime/services';
import type { OosRegister } from '../../watcher/oos-register';
import { parsePayload } from '../validate';

const listQuery = z.object({ line: z.union([z.string().max(100), z.array(z.string().max(100))]).optional() });
const ackBody = z.object({
  action: z.enum(['acknowledge', 'shelve']).default('acknowledge'),
  reason: z.string().trim().max(2000).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});
const closeBody = z.object({
  signature: z.object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
    meaning: z.literal('Close OOS investigation', { error: 'the meaning must be "Close OOS investigation"' }),
    reason: z.string().trim().min(10, 'give the investigation\'s conclusion (at least 10 characters)').max(4000),
  }),
});

export interface AlertRouteDeps {
  db: Database.Database;
  alerts: AlertService;
  oos: OosRegister;
  accounts: Accounts;
  audit: SqliteAuditLog;
  clock: Clock;
  requireAuth: RequestHandler;
}

export function alertRoutes(deps: AlertRouteDeps): Router {
  const router = Router();
  router.get('/api/alerts', deps.requireAuth, async (req, res) => {
    const query = parsePayload(listQuery, req.query, 'query');
    const lines = query.line === undefined ? [] : Array.isArray(query.line) ? query.line : [query.line];
    res.json(await deps.alerts.outstanding(req.user!, lines));
  });
  router.post('/api/alerts/:id/ack', deps.requireAuth, async (req, res) => {
    const body = parsePayload(ackBody, req.body ?? {});
    res.json({ alert: await deps.alerts.acknowledge(req.user!, { ...body, alertId: String(req.params.id) }) });
  });
  router.post('/api/oos/:resultId/close', deps.requireAuth, async (req, res) => {
    const user = req.user!;
    const { signature } = parsePayload(closeBody, req.body ?? {});
    const resultId = String(req.params.resultId);
    const entry = deps.oos.get(resultId);
    if (!entry) throw new QloopError('NOT_FOUND', `no OOS result "${resultId}"`);
    const refuse = async (reason: string): Promise<never> => {
      await deps.audit.append({ actor: { type: 'user', id: user.username, role: user.role }, action: 'oos.close.refused', subject: { type: 'result', id: resultId }, reason });
      throw new QloopError('FORBIDDEN', reason);
    };
    if (signature.username !== user.username) await refuse('only the logged-in user may sign (21 CFR 11.200)');
    if (!can(user.role, 'proposal.decide.quality')) await refuse(`your role (${user.role}) may not close an OOS investigation: it needs QA`);
    try {
      await deps.accounts.authenticate(signature.username, signature.password, 'signature');
    } catch {
      await refuse('wrong password: the signature was not accepted');
    }
    const at = deps.clock.iso();
    const closed = deps.db.transaction(() => {
      if (!deps.oos.close(resultId, user.username, signature.reason, at)) return false;
      deps.audit.appendSync({
        actor: { type: 'user', id: user.username, role: user.role }, action: 'oos.closed', subject: { type: 'result', id: resultId },
        after: { lotId: entry.lotId, test: entry.test, signature: { signer: user.username, printedName: user.displayName, meaning: signature.meaning, signedAt: at } }, reason: signature.reason,
      });
      return true;
    }).immediate();
    if (!closed) throw new QloopError('CONFLICT', `the OOS investigation of ${resultId} is already closed`);
    res.json({ oos: deps.oos.get(resultId) });
  });
  return router;
}
