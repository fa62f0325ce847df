// The outbox between an approval and the MES: retries with backoff when the MES is down or the
// answer is lost (the MES applies the hold once), a dead letter that alerts QA after repeated
// failure or a business refusal, and duplicate protection when two QA users approve at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { MemoryNotifier } from '../../server/adapters/notifier/memory-notifier';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { loadConfig } from '../../server/config';
import { QloopError } from '../../server/errors';
import { startQloop, type QloopInstance } from '../../server/main';
import { loadPlant } from '../../server/plant/load';
import type { NoticeEvent, ProposalEvent } from '../../server/realtime/contract';
import { InProcessMes, MES_WRITES } from '../../simulators/in-process/mes';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';
import { tempDir } from '../support/temp';

describe('outbox to the MES', () => {
  const tmp = tempDir();
  let server: QloopInstance;
  let mes: InProcessMes;
  let qaSocket: TestSocket;
  const notifier = new MemoryNotifier();
  const tokens = new Map<string, string>();
  const passwords: Record<string, string> = { 'qa.anna': 'Quality-Demo-1', 'qa.ben': 'Quality-Demo-2', 'op.line1': 'Operator-Demo-1', 'op.line3': 'Operator-Demo-1' };
  const login = async (user: string) => {
    if (!tokens.has(user)) {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: passwords[user] }) });
      tokens.set(user, ((await res.json()) as { token: string }).token);
    }
    return tokens.get(user) as string;
  };
  const request = async (user: string, lotId: string) => {
    const res = await fetch(`${server.url}/api/proposals`, { method: 'POST', headers: { authorization: `Bearer ${await login(user)}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hold', lotId, reason: 'Operator reports contamination at the hopper.' }) });
    return ((await res.json()) as { proposal: ProposalEvent }).proposal;
  };
  const approve = async (user: string, id: string) => {
    const res = await fetch(`${server.url}/api/proposals/${id}/decision`, {
      method: 'POST', headers: { authorization: `Bearer ${await login(user)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', signature: { username: user, password: passwords[user], meaning: 'Approve hold', reason: 'Contamination confirmed by photo.' } }),
    });
    return { status: res.status, body: (await res.json()) as { proposal?: ProposalEvent; error?: { code: string; message: string } } };
  };
  const holdsOf = async (lotId: string) => (await mes.getLotContext(lotId))?.lot.holds.length;

  before(async () => {
    const config = loadConfig({ env: {}, overrides: { startupDocuments: [], port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, limsPollMs: 0, outboxRetryMs: 20, outboxMaxAttempts: 4 } });
    mes = new InProcessMes(loadPlant(config.plant), new SystemClock());
    server = await startQloop(config, { logger: pino({ level: 'silent' }), mes, notifiers: [notifier] });
    qaSocket = connectCopilot(server.url, { token: await login('qa.anna') });
    await connected(qaSocket);
  });
  after(async () => {
    qaSocket?.close();
    await server?.close();
    tmp.remove();
  });

  it('retries while the MES is down or loses its answer, and the MES applies the hold once', async () => {
    const proposal = await request('op.line1', 'LOT-24-0120');
    mes.failNext(2, undefined, { operations: MES_WRITES });
    mes.failNext(1, new QloopError('UPSTREAM', 'MES gateway timeout'), { operations: MES_WRITES, timing: 'after' });
    const done = nextEvent<ProposalEvent>(qaSocket, 'proposal', (p) => p.id === proposal.id && p.status === 'executed');
    assert.equal((await approve('qa.anna', proposal.id)).status, 200);
    const executed = await done;
    assert.equal((executed.outcome as { status: string }).status, 'already', 'the lost answer was retried and the MES said it already held the lot');
    assert.equal(await holdsOf('LOT-24-0120'), 1);
    const entry = server.db.prepare('SELECT state, attempts FROM outbox WHERE proposal_n = ?').get(Number(proposal.id.slice(2))) as { state: string; attempts: number };
    assert.deepEqual(entry, { state: 'done', attempts: 4 });
  });

  it('moves an action to the dead letter after repeated failure and alerts QA', async () => {
    const proposal = await request('op.line1', 'LOT-24-0122');
    mes.failNext(10, undefined, { operations: MES_WRITES });
    const notice = nextEvent<NoticeEvent>(qaSocket, 'notice', (n) => n.proposalId === proposal.id && n.level === 'error');
    assert.equal((await approve('qa.anna', proposal.id)).status, 200);
    assert.match((await notice).text, /hold P-\d+ for LOT-24-0122 did not reach the MES: it failed 4 times; last error: the in-process MES is unavailable/);
    mes.clearFaults();
    await server.resultLoop.settled();
    assert.equal(await holdsOf('LOT-24-0122'), 0);
    assert.ok(notifier.sent.some((n) => n.subject.includes(`${proposal.id} for LOT-24-0122 (dead letter)`) && n.severity === 'critical'));
    assert.equal((await server.audit.list({ subjectId: proposal.id, action: 'proposal.failed' })).length, 1);
    const state = server.db.prepare('SELECT state FROM outbox WHERE proposal_n = ?').pluck().get(Number(proposal.id.slice(2)));
    assert.equal(state, 'dead');
  });

  it('does not retry a business refusal from the MES', async () => {
    const proposal = await request('qa.ben', 'LOT-24-0121');
    mes.failNext(1, new QloopError('CONFLICT', 'lot LOT-24-0121 is locked by an open inventory transaction'), { operations: MES_WRITES });
    const notice = nextEvent<NoticeEvent>(qaSocket, 'notice', (n) => n.proposalId === proposal.id && n.level === 'error');
    assert.equal((await approve('qa.anna', proposal.id)).status, 200);
    assert.match((await notice).text, /the MES refused it: lot LOT-24-0121 is locked/);
    const attempts = server.db.prepare('SELECT attempts FROM outbox WHERE proposal_n = ?').pluck().get(Number(proposal.id.slice(2)));
    assert.equal(attempts, 1);
  });

  it('refuses to propose a hold on a closed lot before anything is queued', async () => {
    const res = await fetch(`${server.url}/api/proposals`, { method: 'POST', headers: { authorization: `Bearer ${await login('qa.ben')}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hold', lotId: 'LOT-24-0101', reason: 'Retained sample discoloured.' }) });
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /LOT-24-0101 is Closed in the MES and cannot be held/);
  });

  it('two QA users approving at once: one signature wins, one MES call', async () => {
    const proposal = await request('op.line3', 'LOT-24-0312');
    const [a, b] = await Promise.all([approve('qa.anna', proposal.id), approve('qa.ben', proposal.id)]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.match(loser.body.error?.message ?? '', /already (approved|executing|executed)|changed by someone else/);
    await server.resultLoop.settled();
    assert.equal(await holdsOf('LOT-24-0312'), 1);
    assert.equal(server.db.prepare('SELECT COUNT(*) FROM outbox WHERE proposal_n = ?').pluck().get(Number(proposal.id.slice(2))), 1);
    assert.equal(server.db.prepare('SELECT COUNT(*) FROM signatures WHERE proposal_n = ?').pluck().get(Number(proposal.id.slice(2))), 1);
  });
});
