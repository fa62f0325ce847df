// When the outbox cannot know whether a call reached the MES, it never says it did not (GxP): a
// call that timed out may still land after qloop read the MES, an answer the database could not
// record is recorded later from that answer (not from a second call's 'already'), and a dead letter
// after a call that may have been applied reads the MES first (review-3 D1, D2, D3).
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import pino from 'pino';
import { SystemClock } from '../../server/adapters/clock/system-clock';
import { MemoryNotifier } from '../../server/adapters/notifier/memory-notifier';
import { loadConfig } from '../../server/config';
import { QloopError } from '../../server/errors';
import { startQloop, type QloopInstance } from '../../server/main';
import { loadPlant } from '../../server/plant/load';
import type { HoldRequest, ReleaseRequest } from '../../server/ports/mes';
import type { ProposalEvent } from '../../server/realtime/contract';
import { InProcessMes } from '../../simulators/in-process/mes';
import { tempDir } from '../support/temp';

const PW: Record<string, string> = { 'qa.anna': 'Quality-Demo-1', 'qa.ben': 'Quality-Demo-2' };
const LOT = 'LOT-24-0120';
type Card = ProposalEvent & { outcome?: { status: string; message: string } };
const assay = (extra: Record<string, unknown> = {}) => ({ sample_id: 'S-REL', test_name: 'ASSAY', result: 100.1, material_lot: LOT, result_id: 'R-REL', finalized_at: '2024-05-03T11:00:00Z', ...extra });

let server: QloopInstance | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
let mes: InProcessMes;
let notifier: MemoryNotifier;
const tokens: Record<string, string> = {};

afterEach(async () => {
  await server?.close();
  tmp?.remove();
  server = undefined;
  for (const key of Object.keys(tokens)) delete tokens[key];
});

async function start(overrides: Record<string, unknown>): Promise<QloopInstance> {
  tmp = tempDir();
  const config = loadConfig({ env: {}, overrides: { startupDocuments: [], port: 0, host: '127.0.0.1', dataDir: tmp.dir, logLevel: 'silent', shutdownGraceMs: 2000, limsPollMs: 0, ...overrides } });
  mes = new InProcessMes(loadPlant(config.plant), new SystemClock());
  notifier = new MemoryNotifier();
  server = await startQloop(config, { logger: pino({ level: 'silent' }), mes, notifiers: [notifier] });
  return server;
}

async function api(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const s = server as QloopInstance;
  if (!tokens[user]) {
    const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PW[user] }) });
    tokens[user] = ((await login.json()) as { token: string }).token;
  }
  const res = await fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const approve = (id: string, meaning: string) => api('qa.ben', 'POST', `/api/proposals/${id}/decision`, { decision: 'approve', signature: { username: 'qa.ben', password: PW['qa.ben'], meaning, reason: 'checked' } });
const proposalsOfLot = async () => (await api('qa.anna', 'GET', `/api/proposals?lot=${LOT}`)).body.proposals as Card[];
const proposal = async (id: string) => (await proposalsOfLot()).find((p) => p.id === id);
async function approvedHold(): Promise<string> {
  const hold = (await api('qa.anna', 'POST', '/api/proposals', { kind: 'hold', lotId: LOT, reason: 'Chipped tablets; hold until QA inspects.' })).body.proposal as Card;
  assert.equal((await approve(hold.id, 'Approve hold')).status, 200);
  return hold.id;
}
async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const outboxRow = (id: string) => (server as QloopInstance).db.prepare('SELECT state, attempts, last_error FROM outbox WHERE proposal_n = ?').get(Number(id.slice(2))) as { state: string; attempts: number; last_error: string | null };

it('a release whose call timed out is not withdrawn on a "still on hold" reading: it may still land, QA is told to check the MES (D1)', async () => {
  const s = await start({ outboxRetryMs: 20_000, outboxMaxAttempts: 20 });
  await approvedHold();
  await s.resultLoop.settled();
  assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted');
  const post = async (body: unknown) => {
    const res = await fetch(`${s.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 202);
    await s.resultLoop.worker.idle();
  };
  await post(assay());
  const release = (await proposalsOfLot()).find((p) => p.kind === 'release' && p.status === 'proposed');
  assert.ok(release);

  // The MES is slower than qloop's call timeout: it applies the release only when the test says so.
  (s.resultLoop.outbox as unknown as { options: { callTimeoutMs: number } }).options.callTimeoutMs = 200;
  let land!: () => void;
  const landing = new Promise<void>((resolve) => (land = resolve));
  let landed!: () => void;
  const applied = new Promise<void>((resolve) => (landed = resolve));
  const releaseHold = mes.releaseHold.bind(mes);
  let calls = 0;
  mes.releaseHold = async (request: ReleaseRequest) => {
    calls += 1;
    await landing;
    try {
      return await releaseHold(request);
    } finally {
      landed();
    }
  };
  assert.equal((await approve(release.id, 'Approve release')).status, 200);
  await until('the timed-out call is counted', async () => outboxRow(release.id).attempts >= 1);
  assert.match(outboxRow(release.id).last_error ?? '', /timed out after 200 ms/);

  await post(assay({ status: 'retracted', comment: 'wrong standard used' }));
  await until('the outbox has read the MES', async () => (await proposal(release.id))?.status !== 'executing');
  const read = await proposal(release.id);
  assert.equal(read?.status, 'failed', 'a dead letter QA sees');
  assert.equal(read?.outcome?.status, 'failed', 'not withdrawn: the timed-out call may still land');
  assert.match(read?.outcome?.message ?? '', /may have reached the MES \(the MES shows LOT-24-0120 Restricted \(still on hold\), but an earlier call may still be in progress there \(last error: releaseHold for P-\d+ timed out after 200 ms\)\)\. Check it in the MES/);
  assert.doesNotMatch(read?.outcome?.message ?? '', /did not take effect|Nothing was sent/);
  const alert = notifier.sent.find((n) => n.severity === 'critical' && n.subject.includes(release.id));
  assert.ok(alert, 'a critical alert to check the MES');
  assert.match(alert.subject, /^Check the MES: release .* may have been applied/);
  assert.equal(outboxRow(release.id).state, 'dead');

  // The late call lands: the MES now shows the release, and the record never said it did not happen.
  land();
  await applied;
  assert.notEqual((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted', 'the late call released the lot');
  const final = await proposal(release.id);
  assert.equal(final?.outcome?.status, 'failed');
  assert.equal(calls, 1, 'nothing sent after the retraction');
});

it('a hold the MES placed, whose answer met a busy database, is recorded from that answer without calling the MES again (D2)', async () => {
  const s = await start({ outboxRetryMs: 100 });
  const store = (s.resultLoop.outbox as unknown as { outbox: { markDone: (...a: unknown[]) => void } }).outbox;
  const markDone = store.markDone.bind(store);
  let busy = 1;
  store.markDone = (...a: unknown[]) => {
    if (busy-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    return markDone(...a);
  };
  let calls = 0;
  const placeHold = mes.placeHold.bind(mes);
  mes.placeHold = async (request: HoldRequest) => {
    calls += 1;
    return placeHold(request);
  };
  assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'In-Process');
  const id = await approvedHold();
  await until('the hold is executed', async () => (await proposal(id))?.status === 'executed');
  const p = await proposal(id);
  assert.equal(busy, -1, 'the busy database was met once and waited out');
  assert.equal(p?.outcome?.status, 'applied', `qloop placed the hold: ${p?.outcome?.message}`);
  assert.match(p?.outcome?.message ?? '', /^MES confirmed: LOT-24-0120 is on hold \(Restricted\)/);
  assert.equal(calls, 1, 'the MES is called once; only the write to the database is repeated');
  assert.equal(outboxRow(id).state, 'done');
  assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted');
});

it('a hold the MES applied with its answer lost, then an outage: not "did not reach the MES" but what the MES shows (D3)', async () => {
  await start({ outboxRetryMs: 20, outboxMaxAttempts: 3 });
  mes.failNext(1, new QloopError('UPSTREAM', 'socket hang up'), { operations: ['placeHold'], timing: 'after' });
  mes.failNext(5, undefined, { operations: ['placeHold'] });
  const id = await approvedHold();
  await until('the hold is final', async () => ['failed', 'executed'].includes((await proposal(id))?.status ?? ''));
  const p = await proposal(id);
  assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted', 'the first call placed the hold');
  assert.equal(p?.status, 'executed');
  assert.equal(p?.outcome?.status, 'applied');
  assert.match(p?.outcome?.message ?? '', /^hold P-\d+ for LOT-24-0120: no answer from the MES after 3 attempts \(last error: .*\), but the MES shows LOT-24-0120 Restricted \(on hold\): the action is in effect/);
  assert.doesNotMatch(p?.outcome?.message ?? '', /did not reach/);
  assert.deepEqual(JSON.parse(String((server as QloopInstance).db.prepare('SELECT result FROM outbox WHERE proposal_n = ?').pluck().get(Number(id.slice(2))))), { status: 'observed', shows: 'the MES shows LOT-24-0120 Restricted (on hold)' });
});

it('a hold whose calls timed out and never showed in the MES ends "may have reached the MES; check it", not "did not reach" (D3)', async () => {
  const s = await start({ outboxRetryMs: 20, outboxMaxAttempts: 3 });
  (s.resultLoop.outbox as unknown as { options: { callTimeoutMs: number } }).options.callTimeoutMs = 100;
  // Every call hangs past the timeout and is never applied while the test looks.
  mes.placeHold = async () => new Promise<never>(() => {});
  const timedOut = await approvedHold();
  await until('the timed-out hold is final', async () => (await proposal(timedOut))?.status === 'failed');
  const uncertain = await proposal(timedOut);
  assert.equal(uncertain?.outcome?.status, 'failed');
  assert.match(uncertain?.outcome?.message ?? '', /it failed 3 times; last error: placeHold for P-\d+ timed out after 100 ms\. A call went out and may have reached the MES \(the MES shows LOT-24-0120 In-Process \(not on hold\); an earlier call may still be in progress there\): QA must check the MES/);
  assert.doesNotMatch(uncertain?.outcome?.message ?? '', /did not reach/);
  assert.ok(notifier.sent.some((n) => n.severity === 'critical' && n.subject.includes(timedOut)), 'QA alerted (critical)');
});

it('a hold whose every call was refused before anything was sent still ends "did not reach the MES" (control for D3)', async () => {
  await start({ outboxRetryMs: 20, outboxMaxAttempts: 3 });
  mes.failNext(3, undefined, { operations: ['placeHold'] });
  const refused = await approvedHold();
  await until('the refused hold is final', async () => (await proposal(refused))?.status === 'failed');
  assert.match((await proposal(refused))?.outcome?.message ?? '', /^hold P-\d+ for LOT-24-0120 did not reach the MES: it failed 3 times; last error: the in-process MES is unavailable \(simulated fault\)\. QA must act in the MES directly\./);
  assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'In-Process');
});

it('a hold whose first call was applied but timed out, answered "already" on the retry, is not reported "nothing changed"', async () => {
  const s = await start({ outboxRetryMs: 20, outboxMaxAttempts: 3 });
  (s.resultLoop.outbox as unknown as { options: { callTimeoutMs: number } }).options.callTimeoutMs = 100;
  // The first call places the hold, then its answer never comes back (qloop times out).
  const placeHold = mes.placeHold.bind(mes);
  let calls = 0;
  mes.placeHold = async (request: HoldRequest) => {
    calls += 1;
    const answer = await placeHold(request);
    return calls === 1 ? new Promise<never>(() => {}) : answer;
  };
  assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'In-Process');
  const id = await approvedHold();
  await until('the hold is executed', async () => (await proposal(id))?.status === 'executed');
  const p = await proposal(id);
  assert.equal(calls, 2);
  assert.equal(p?.outcome?.status, 'already', 'the MES answered already');
  assert.match(p?.outcome?.message ?? '', /^The MES answered 'already': LOT-24-0120 is on hold \(Restricted\) \(HOLD-LOT-24-0120-1\)\. An earlier call of qloop's for P-\d+, whose answer was lost, may have made this change\.$/);
  assert.doesNotMatch(p?.outcome?.message ?? '', /nothing changed/);
});
