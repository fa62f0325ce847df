// A retraction and the actions QA already approved on the retracted result: an action never tried
// is withdrawn in the annulment's own transaction (a dead letter with the outcome 'withdrawn', QA
// told) and never reaches the MES. One whose call was made (in flight, or failed and waiting for a
// retry: the MES may have applied it and lost the answer) is not sent again: the outbox reads the
// MES. Still on hold: withdrawn, saying what the MES showed. Released: it stands (executed, QA
// decides). The MES cannot be read: a dead letter telling QA it may have reached the MES.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ReleaseRequest } from '../../server/ports/mes';
import type { NoticeEvent, ProposalEvent } from '../../server/realtime/contract';
import type { InProcessMes } from '../../simulators/in-process/mes';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';
import { startTestServer, type TestServer } from '../support/server';

const PASSWORDS: Record<string, string> = { 'qa.anna': 'Quality-Demo-1', 'qa.ben': 'Quality-Demo-2' };
const LOT = 'LOT-24-0120';
const assay = (extra: Record<string, unknown> = {}) => ({ sample_id: 'S-REL', test_name: 'ASSAY', result: 100.1, material_lot: LOT, result_id: 'R-REL', finalized_at: '2024-05-03T11:00:00Z', ...extra });

describe('LIMS retraction of a result whose action QA approved', () => {
  let server: TestServer;
  let mes: InProcessMes;
  const sockets: TestSocket[] = [];
  const tokens: Record<string, string> = {};
  const api = async (user: string, method: string, path: string, body?: unknown) => {
    tokens[user] ??= await server.login(user, PASSWORDS[user] as string);
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const approve = (user: string, id: string, meaning: string) =>
    api(user, 'POST', `/api/proposals/${id}/decision`, { decision: 'approve', signature: { username: user, password: PASSWORDS[user], meaning, reason: 'checked against the batch record' } });
  const post = async (body: unknown) => {
    const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 202, JSON.stringify(await res.json()));
    await server.resultLoop.worker.idle();
  };
  type Card = ProposalEvent & { outcome?: { status: string; message: string } };
  const proposals = async () => (await api('qa.anna', 'GET', `/api/proposals?lot=${LOT}`)).body.proposals as Card[];
  const outboxOf = (id: string) => server.db.prepare('SELECT state, attempts, last_error, claimed_at FROM outbox WHERE proposal_n = ?').get(Number(id.slice(2))) as { state: string; attempts: number; last_error: string | null; claimed_at: string | null };

  /** A person's hold puts the lot on hold; ASSAY 100.1 then gets a watcher release proposal, which QA approves. */
  async function approvedRelease(): Promise<ProposalEvent> {
    const hold = (await api('qa.anna', 'POST', '/api/proposals', { kind: 'hold', lotId: LOT, reason: 'Chipped tablets; hold until QA inspects.' })).body.proposal as ProposalEvent;
    assert.equal((await approve('qa.ben', hold.id, 'Approve hold')).status, 200);
    await server.resultLoop.settled();
    assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted');
    await post(assay());
    const release = (await proposals()).find((p) => p.kind === 'release' && p.status === 'proposed');
    assert.ok(release, 'the watcher proposes the release');
    return release;
  }

  beforeEach(async () => {
    server = await startTestServer({ limsPollMs: 0, outboxRetryMs: 300, outboxMaxAttempts: 20 });
    mes = server.integrations.mes.adapter as InProcessMes;
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    for (const key of Object.keys(tokens)) delete tokens[key];
    await server?.stop();
  });

  it('a release waiting for a retry is not sent again: the MES still shows the hold, so it is withdrawn saying so', async () => {
    const qa = connectCopilot(server.url, { token: await server.login('qa.anna', PASSWORDS['qa.anna'] as string) });
    sockets.push(qa);
    await connected(qa);
    const release = await approvedRelease();
    mes.failNext(3, undefined, { operations: ['releaseHold'] });
    assert.equal((await approve('qa.ben', release.id, 'Approve release')).status, 200);
    await server.resultLoop.outbox.idle();
    assert.equal(outboxOf(release.id).state, 'pending', 'the MES failed: the release waits for its retry');

    const withdrawnCard = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.id === release.id && p.status === 'failed' && (p as Card).outcome?.status === 'withdrawn');
    const notice = nextEvent<NoticeEvent>(qa, 'notice', (n) => n.id === 'N-retracted-R-REL');
    await post(assay({ status: 'retracted', comment: 'wrong standard used' }));
    // A call went out: the MES may have applied it, so the retraction cannot take it back unseen.
    assert.match((await notice).text, new RegExp(`release ${release.id} was being sent when the result was retracted and may have reached the MES: it is not sent again`));
    await withdrawnCard;
    await server.resultLoop.settled();

    const final = (await proposals()).find((p) => p.id === release.id);
    assert.equal(final?.status, 'failed', 'a dead letter QA sees');
    assert.equal(final?.outcome?.status, 'withdrawn');
    assert.match(final?.outcome?.message ?? '', new RegExp(`^release ${release.id} for ${LOT} was withdrawn: the LIMS retracted result R-REL \\(wrong standard used\\)\\. Earlier 1 attempt went out, but the MES shows ${LOT} Restricted \\(still on hold\\): it did not take effect\\.`));
    assert.doesNotMatch(final?.outcome?.message ?? '', /Nothing was sent/);
    assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted', 'the lot is still on hold in the MES');
    const entry = outboxOf(release.id);
    assert.equal(entry.state, 'dead');
    assert.equal(entry.attempts, 1, 'no call after the retraction');
    assert.match(entry.last_error ?? '', /^withdrawn: the LIMS retracted result R-REL \(wrong standard used\); Earlier 1 attempt went out/);
    const audit = (await server.audit.list({})).filter((r) => r.subject.id === release.id).map((r) => r.action);
    assert.deepEqual(audit.slice(-1), ['proposal.withdrawn']);
    const annulled = (await server.audit.list({})).find((r) => r.action === 'evaluation.annulled');
    assert.deepEqual((annulled?.after as { proposalsStanding?: string[] }).proposalsStanding, [`${release.id} (executing)`]);
  });

  it('a release the MES applied but whose answer was lost stands after the retraction: executed, QA told what the MES shows', async () => {
    const release = await approvedRelease();
    const releaseHold = mes.releaseHold.bind(mes);
    let calls = 0;
    mes.releaseHold = async (request: ReleaseRequest) => {
      calls += 1;
      await releaseHold(request); // applied in the MES...
      throw new Error('socket hang up'); // ...but the answer never reaches qloop
    };
    assert.equal((await approve('qa.ben', release.id, 'Approve release')).status, 200);
    await server.resultLoop.outbox.idle();
    assert.equal(outboxOf(release.id).state, 'pending', 'qloop saw an error: it would retry');
    await post(assay({ status: 'retracted', comment: 'wrong standard used' }));
    await server.resultLoop.settled();
    await server.resultLoop.outbox.idle();
    const final = (await proposals()).find((p) => p.id === release.id);
    assert.equal(final?.status, 'executed');
    assert.equal(final?.outcome?.status, 'applied');
    assert.match(final?.outcome?.message ?? '', new RegExp(`^release ${release.id} for ${LOT} reached the MES before its result was retracted \\(the LIMS retracted result R-REL \\(wrong standard used\\)\\): the MES shows ${LOT} In-Process \\(no longer on hold\\)\\. It stands; QA decides whether to undo it\\.`));
    assert.equal(calls, 1, 'not sent again after the retraction');
    assert.equal(outboxOf(release.id).state, 'done');
  });

  it('when the MES cannot be read after a lost answer, the action is a dead letter saying it may have reached the MES', async () => {
    const release = await approvedRelease();
    const releaseHold = mes.releaseHold.bind(mes);
    mes.releaseHold = async (request: ReleaseRequest) => {
      await releaseHold(request);
      throw new Error('socket hang up');
    };
    assert.equal((await approve('qa.ben', release.id, 'Approve release')).status, 200);
    await server.resultLoop.outbox.idle();
    mes.failNext(1, undefined, { operations: ['getLotContext'] });
    await post(assay({ status: 'retracted', comment: 'wrong standard used' }));
    await server.resultLoop.settled();
    await server.resultLoop.outbox.idle();
    const final = (await proposals()).find((p) => p.id === release.id);
    assert.equal(final?.status, 'failed');
    assert.match(final?.outcome?.message ?? '', /is not sent again: its result was retracted .*but earlier 1 attempt may have reached the MES \(reading the MES failed: .*\)\. Check it in the MES and undo it if needed\./);
    assert.equal(outboxOf(release.id).state, 'dead');
  });

  it('an approved release not yet picked up by the outbox is withdrawn too', async () => {
    const release = await approvedRelease();
    await server.resultLoop.outbox.stop();
    assert.equal((await approve('qa.ben', release.id, 'Approve release')).status, 200);
    await post(assay({ status: 'retracted' }));
    assert.equal((await proposals()).find((p) => p.id === release.id)?.outcome?.status, 'withdrawn');
    assert.equal(outboxOf(release.id).state, 'dead');
  });

  it('a call in flight stands (the notice says it may have reached the MES); when it fails, the next attempt is withdrawn', async () => {
    const release = await approvedRelease();
    // The MES call hangs until the test lets it answer: the retraction lands while it is in flight.
    let inFlight!: () => void;
    const started = new Promise<void>((resolve) => (inFlight = resolve));
    let answer!: (fail: boolean) => void;
    const answered = new Promise<boolean>((resolve) => (answer = resolve));
    const releaseHold = mes.releaseHold.bind(mes);
    mes.releaseHold = async (request: ReleaseRequest) => {
      inFlight();
      if (await answered) mes.failNext(1, undefined, { operations: ['releaseHold'] });
      return releaseHold(request);
    };
    assert.equal((await approve('qa.ben', release.id, 'Approve release')).status, 200);
    await started;
    assert.ok(outboxOf(release.id).claimed_at, 'the entry is marked in flight before the call');
    await post(assay({ status: 'retracted', comment: 'wrong standard used' }));
    const annulled = (await server.audit.list({})).find((r) => r.action === 'evaluation.annulled');
    assert.deepEqual((annulled?.after as { proposalsStanding?: string[] }).proposalsStanding, [`${release.id} (executing)`]);
    answer(true);
    const deadline = Date.now() + 10_000;
    let final: Card | undefined;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.resultLoop.settled();
      final = (await proposals()).find((p) => p.id === release.id);
    } while (!final?.outcome && Date.now() < deadline);
    assert.equal(final?.outcome?.status, 'withdrawn', 'the outbox refuses an action whose evaluation is annulled');
    assert.match(final?.outcome?.message ?? '', /the LIMS retracted result R-REL/);
    assert.equal((await mes.getLotContext(LOT))?.lot.disposition, 'Restricted');
    assert.equal(outboxOf(release.id).attempts, 1, 'one attempt reached the MES (and failed); none after the retraction');
  });
});
