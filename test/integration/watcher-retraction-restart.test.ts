// A stop during the MES call (the process killed while the release was in flight: the entry left
// claimed, no attempt counted), the LIMS retraction committed meanwhile: after the restart the
// outbox never sends the release again nor reports "Nothing was sent" — it reads the MES, which
// shows the release took effect, so the action stands (executed) for QA to decide.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import pino from 'pino';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { loadConfig } from '../../server/config';
import { startQloop, type QloopInstance } from '../../server/main';
import { loadPlant } from '../../server/plant/load';
import type { ReleaseRequest } from '../../server/ports/mes';
import type { ProposalEvent } from '../../server/realtime/contract';
import { InProcessMes } from '../../simulators/in-process/mes';
import { tempDir } from '../support/temp';

const PASSWORDS: Record<string, string> = { 'qa.anna': 'Quality-Demo-1', 'qa.ben': 'Quality-Demo-2' };
const LOT = 'LOT-24-0120';
const tmp = tempDir();
const config = loadConfig({ env: {}, overrides: { startupDocuments: [], port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, limsPollMs: 0, outboxRetryMs: 60_000, outboxMaxAttempts: 20 } });
// One MES across both runs: it is the system outside qloop that keeps what was applied.
const mes = new InProcessMes(loadPlant(config.plant), new SystemClock());
let server: QloopInstance | undefined;
after(async () => {
  await server?.close();
  tmp.remove();
});

const api = async (user: string, method: string, path: string, body?: unknown) => {
  const login = await fetch(`${server?.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PASSWORDS[user] }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${server?.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return (await res.json()) as Record<string, unknown>;
};
const approve = (id: string, meaning: string) => api('qa.ben', 'POST', `/api/proposals/${id}/decision`, { decision: 'approve', signature: { username: 'qa.ben', password: PASSWORDS['qa.ben'], meaning, reason: 'checked against the batch record' } });
const post = async (body: unknown) => {
  const res = await fetch(`${server?.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 202);
  await server?.resultLoop.settled();
};
const assay = (extra: Record<string, unknown> = {}) => ({ sample_id: 'S-REL', test_name: 'ASSAY', result: 100.1, material_lot: LOT, result_id: 'R-REL', finalized_at: '2024-05-03T11:00:00Z', ...extra });
type Card = ProposalEvent & { outcome?: { status: string; message: string } };

it('after a stop during the call and a retraction, the restarted outbox reads the MES: the release took effect and stands', async () => {
  server = await startQloop(config, { logger: pino({ level: 'silent' }), mes });
  const hold = (await api('qa.anna', 'POST', '/api/proposals', { kind: 'hold', lotId: LOT, reason: 'Chipped tablets; hold until QA inspects.' })).proposal as Card;
  await approve(hold.id, 'Approve hold');
  await server.resultLoop.settled();
  await post(assay());
  const release = ((await api('qa.anna', 'GET', `/api/proposals?lot=${LOT}`)).proposals as Card[]).find((p) => p.kind === 'release' && p.status === 'proposed');
  assert.ok(release);
  const releaseHold = mes.releaseHold.bind(mes);
  let calls = 0;
  mes.releaseHold = async (request: ReleaseRequest) => {
    calls += 1;
    await releaseHold(request);
    throw new Error('socket hang up');
  };
  await approve(release.id, 'Approve release');
  await server.resultLoop.outbox.idle();
  await server.resultLoop.outbox.stop();
  // What a kill during that first call leaves: the entry claimed, due, no attempt counted.
  server.db.prepare(`UPDATE outbox SET attempts = 0, claimed_at = ?, next_attempt_at = ?, last_error = NULL WHERE proposal_n = ?`).run(new Date().toISOString(), new Date().toISOString(), Number(release.id.slice(2)));
  await post(assay({ status: 'retracted', comment: 'wrong standard used' }));
  const annulled = (await server.audit.list({})).find((r) => r.action === 'evaluation.annulled');
  assert.deepEqual((annulled?.after as { proposalsStanding?: string[] }).proposalsStanding, [`${release.id} (executing)`], 'a claimed call cannot be withdrawn unseen');
  await server.close();

  server = await startQloop(config, { logger: pino({ level: 'silent' }), mes });
  const deadline = Date.now() + 10_000;
  let final: Card | undefined;
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.resultLoop.settled();
    final = ((await api('qa.anna', 'GET', `/api/proposals?lot=${LOT}`)).proposals as Card[]).find((p) => p.id === release.id);
  } while (final?.status === 'executing' && Date.now() < deadline);
  assert.equal(final?.status, 'executed');
  assert.equal(final?.outcome?.status, 'applied');
  assert.match(final?.outcome?.message ?? '', /reached the MES before its result was retracted .*: the MES shows LOT-24-0120 In-Process \(no longer on hold\)\. It stands; QA decides whether to undo it\./);
  assert.doesNotMatch(final?.outcome?.message ?? '', /Nothing was sent/);
  assert.equal(calls, 1, 'not sent again after the restart');
});
