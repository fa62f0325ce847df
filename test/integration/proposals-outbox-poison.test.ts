// An outbox entry that cannot even be attempted (a fault of the entry, not an MES answer) is
// audited per attempt, and after maxAttempts it is a dead letter QA is alerted to: the approved
// actions queued behind it still reach the MES.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pino from 'pino';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { MemoryNotifier } from '../../server/adapters/notifier/memory-notifier';
import { loadConfig } from '../../server/config';
import { startQloop, type QloopInstance } from '../../server/main';
import { loadPlant } from '../../server/plant/load';
import type { ProposalEvent } from '../../server/realtime/contract';
import { InProcessMes } from '../../simulators/in-process/mes';
import { tempDir } from '../support/temp';

const PASSWORDS: Record<string, string> = { 'qa.anna': 'Quality-Demo-1', 'qa.ben': 'Quality-Demo-2' };
const tmp = tempDir();
const notifier = new MemoryNotifier();
let server: QloopInstance;
let mes: InProcessMes;

const call = async (user: string, path: string, body: unknown) => {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PASSWORDS[user] }) });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as { proposal: ProposalEvent };
};
const holdApproved = async (lotId: string) => {
  const { proposal } = await call('qa.anna', '/api/proposals', { kind: 'hold', lotId, reason: 'Operator reports contamination at the hopper.' });
  await call('qa.ben', `/api/proposals/${proposal.id}/decision`, { decision: 'approve', signature: { username: 'qa.ben', password: PASSWORDS['qa.ben'], meaning: 'Approve hold', reason: 'Contamination confirmed by photo.' } });
  return proposal.id;
};

before(async () => {
  const config = loadConfig({ env: {}, overrides: { startupDocuments: [], port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, limsPollMs: 0, outboxRetryMs: 400, outboxMaxAttempts: 3 } });
  mes = new InProcessMes(loadPlant(config.plant), new SystemClock());
  server = await startQloop(config, { logger: pino({ level: 'silent' }), mes, notifiers: [notifier] });
});
after(async () => {
  await server?.close();
  tmp.remove();
});

it('a poison entry is dead-lettered after maxAttempts (audited each time, QA alerted) and the hold behind it reaches the MES', async () => {
  // The first hold waits for a retry after the MES failed (0.4 s: ample time to break it first), then
  // its record is broken (a state it cannot start from): every later attempt throws before any MES call.
  mes.failNext(1, undefined, { operations: ['placeHold'] });
  const poison = await holdApproved('LOT-24-0120');
  await server.resultLoop.outbox.idle();
  const n = Number(poison.slice(2));
  assert.equal(server.db.prepare('SELECT state FROM outbox WHERE proposal_n = ?').pluck().get(n), 'pending', 'waiting for its retry');
  server.db.prepare(`UPDATE proposals SET status = 'rejected', record = json_set(record, '$.status', 'rejected') WHERE n = ?`).run(n);
  const behind = await holdApproved('LOT-24-0122');
  const deadline = Date.now() + 10_000;
  const stateOf = (id: string) => server.db.prepare('SELECT state FROM outbox WHERE proposal_n = ?').pluck().get(Number(id.slice(2)));
  while ((stateOf(poison) === 'pending' || stateOf(behind) === 'pending') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    await server.resultLoop.settled();
  }
  assert.equal(stateOf(poison), 'dead');
  assert.equal(stateOf(behind), 'done', 'the hold queued behind the poison entry reached the MES');
  assert.equal((await mes.getLotContext('LOT-24-0122'))?.lot.holds.length, 1);
  const errors = (await server.audit.list({})).filter((r) => r.action === 'outbox.error' && r.subject.id === poison);
  assert.equal(errors.length, 3, 'one audit record per attempt, bounded by maxAttempts');
  const entry = server.db.prepare('SELECT n FROM outbox WHERE proposal_n = ?').pluck().get(n) as number;
  assert.ok(notifier.sent.some((x) => x.subject === `Outbox entry ${entry} dead-lettered (${poison})` && x.severity === 'critical'), 'QA is alerted');
});

const stateOf = (id: string) => server.db.prepare('SELECT state FROM outbox WHERE proposal_n = ?').pluck().get(Number(id.slice(2)));
const until = async (done: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    await server.resultLoop.settled();
  }
};

it('a database outage (SQLITE_BUSY) is waited out, never counted towards the dead letter', async () => {
  const append = server.audit.appendSync.bind(server.audit);
  let busy = 5; // more than maxAttempts (3)
  server.audit.appendSync = (entry) => {
    if (entry.action === 'proposal.executing' && busy > 0) {
      busy -= 1;
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    }
    return append(entry);
  };
  try {
    const hold = await holdApproved('LOT-24-0121');
    await until(() => stateOf(hold) !== 'pending');
    assert.equal(busy, 0, 'the outage lasted its five attempts');
    assert.equal(stateOf(hold), 'done', 'sent once the database answered again, not dead-lettered');
    assert.equal((await mes.getLotContext('LOT-24-0121'))?.lot.disposition, 'Restricted');
  } finally {
    server.audit.appendSync = append;
  }
});

it('a hold the MES applied whose answer cannot be recorded is a dead letter that says so, never "Nothing was sent"', async () => {
  const append = server.audit.appendSync.bind(server.audit);
  server.audit.appendSync = (entry) => {
    if (entry.action === 'proposal.executed') throw new Error('CHECK constraint failed: outcome');
    return append(entry);
  };
  let hold: string;
  try {
    hold = await holdApproved('LOT-24-0123');
    await until(() => stateOf(hold) !== 'pending');
  } finally {
    server.audit.appendSync = append;
  }
  assert.equal(stateOf(hold), 'dead');
  assert.equal((await mes.getLotContext('LOT-24-0123'))?.lot.disposition, 'Restricted', 'the MES applied the hold');
  const record = server.db.prepare('SELECT record FROM proposals WHERE n = ?').pluck().get(Number(hold.slice(2))) as string;
  const outcome = (JSON.parse(record) as { outcome?: { message: string } }).outcome;
  assert.match(outcome?.message ?? '', /the MES answered applied \(.+\), but qloop could not record it: the action took effect in the MES\./);
  assert.doesNotMatch(outcome?.message ?? '', /Nothing was sent/);
});
