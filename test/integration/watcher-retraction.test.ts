// A result the LIMS retracts after qloop evaluated it: the evaluation is annulled (never deleted),
// its open alert is closed with the reason, its pending hold proposal is superseded, the line and
// QA get a notice, all audited; the retest is then evaluated normally. Over the webhook (the same
// result_id with status "retracted") and over a SENAITE poll (the retract transition).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertEvent, NoticeEvent, ProposalEvent } from '../../server/realtime/contract';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';
import { startTestServer, type TestServer } from '../support/server';

const payload = (id: string, value: number, extra: Record<string, unknown> = {}) => ({
  sample_id: 'BATCH-2024-001-05', test_name: 'PH', result: value, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001',
  result_id: id, unit: '', finalized_at: '2024-05-03T10:15:00Z', ...extra,
});

interface EvaluationRow {
  n: number;
  outcome: string;
  annulled_at: string | null;
  annul_reason: string | null;
}

describe('LIMS retraction over the webhook', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  const open = async (user: string, password: string, terminal?: string) => {
    const socket = connectCopilot(server.url, { token: await server.login(user, password), ...(terminal ? { terminal } : {}) });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  const post = async (body: unknown) => {
    const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const report = (await res.json()) as { results?: Array<{ status: string }>; error?: { message: string } };
    await server.resultLoop.settled();
    return { status: res.status, report };
  };
  const evaluations = (resultId: string) => server.db.prepare('SELECT n, outcome, annulled_at, annul_reason FROM evaluations WHERE result_id = ? ORDER BY n').all(resultId) as EvaluationRow[];

  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
  });

  it('annuls the evaluation, closes its alert, supersedes its hold proposal, tells the line and QA; the retest is evaluated normally', async () => {
    const [terminal, qa] = await Promise.all([open('op.line3', 'Operator-Demo-1', 'T-L3-01'), open('qa.anna', 'Quality-Demo-1')]);
    const raised = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === 'LOT-XYZ789' && a.test === 'PH' && a.status === 'open');
    const hold = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.kind === 'hold' && p.lot === 'LOT-XYZ789' && p.status === 'proposed');
    assert.equal((await post(payload('R-RT-1', 9.8))).status, 202);
    const alert = await raised;
    const proposal = await hold;

    const closedAtTerminal = nextEvent<AlertEvent>(terminal, 'alert', (a) => a.id === alert.id && a.status === 'acknowledged');
    const noticeAtTerminal = nextEvent<NoticeEvent>(terminal, 'notice', (n) => n.id === 'N-retracted-R-RT-1');
    const noticeAtQa = nextEvent<NoticeEvent>(qa, 'notice', (n) => n.id === 'N-retracted-R-RT-1');
    const superseded = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.id === proposal.id && p.status === 'superseded');
    const retraction = await post(payload('R-RT-1', 9.8, { status: 'retracted', comment: 'pipetting error; retest ordered' }));
    assert.equal(retraction.status, 202, JSON.stringify(retraction.report));
    const closed = await closedAtTerminal;
    assert.equal(closed.acknowledgedBy, 'LIMS (result retracted)');
    assert.match(closed.guidance, /^Closed: the LIMS retracted result R-RT-1 \(pipetting error; retest ordered\)\./);
    const notice = await noticeAtTerminal;
    assert.match(notice.text, /^The LIMS retracted PH 9\.8 \(result R-RT-1, lot LOT-XYZ789\): pipetting error; retest ordered\. Evaluation EV-\d+ is annulled\. Alert AL-\d+ closed\. Proposals hold P-\d+, deviation P-\d+ superseded\./);
    assert.match(notice.text, /The OOS record of R-RT-1 stays open until QA closes it/);
    assert.equal((await noticeAtQa).text, notice.text);
    await superseded;

    // Annulled, not deleted: still exactly one evaluation of the result, with when and why.
    const [evaluation, ...more] = evaluations('R-RT-1');
    assert.equal(more.length, 0);
    assert.equal(evaluation?.outcome, 'fail');
    assert.ok(evaluation?.annulled_at);
    assert.equal(evaluation?.annul_reason, 'the LIMS retracted result R-RT-1 (pipetting error; retest ordered)');
    const row = server.db.prepare('SELECT status, ack_reason FROM alerts WHERE n = ?').get(Number(alert.id.slice(3))) as { status: string; ack_reason: string };
    assert.deepEqual(row, { status: 'acknowledged', ack_reason: 'the LIMS retracted result R-RT-1 (pipetting error; retest ordered)' });
    assert.equal(server.resultLoop.oos.get('R-RT-1')?.status, 'open', 'only QA closes an OOS record');
    const actions = (await server.audit.list({})).filter((r) => [`EV-`, alert.id, proposal.id, 'R-RT-1'].some((id) => r.subject.id.startsWith(id))).map((r) => r.action);
    for (const action of ['result.retraction.received', 'evaluation.annulled', 'alert.closed', 'proposal.superseded']) assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);

    // A redelivered retraction changes nothing.
    assert.equal((await post(payload('R-RT-1', 9.8, { status: 'retracted' }))).report.results?.[0]?.status, 'duplicate');
    assert.equal((await server.audit.list({ action: 'evaluation.annulled' })).filter((r) => r.after && (r.after as { resultId: string }).resultId === 'R-RT-1').length, 1);

    // The retest: a new result, evaluated normally (a new alert for a new OOS, since the old one is closed).
    const retestAlert = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === 'LOT-XYZ789' && a.test === 'PH' && a.status === 'open' && a.id !== alert.id);
    assert.equal((await post(payload('R-RT-1-R', 9.7, { finalized_at: '2024-05-03T12:15:00Z' }))).status, 202);
    await retestAlert;
    assert.deepEqual(evaluations('R-RT-1-R').map((e) => [e.outcome, e.annulled_at]), [['fail', null]]);
    assert.ok((await server.audit.verify()).ok);
  });

  it('a retraction that arrives before its result: the result is recorded but annulled at once, nothing raised', async () => {
    const early = await post(payload('R-RT-2', 9.9, { status: 'invalid', comment: 'sample mix-up' }));
    assert.equal(early.status, 202);
    const retracted = await server.audit.list({ action: 'result.retracted' });
    assert.deepEqual(retracted.map((r) => [r.subject.id, (r.after as { status: string }).status]), [['R-RT-2', 'none']]);
    const alertsBefore = server.db.prepare('SELECT COUNT(*) FROM alerts').pluck().get();
    const proposalsBefore = server.db.prepare('SELECT COUNT(*) FROM proposals').pluck().get();
    assert.equal((await post(payload('R-RT-2', 9.9))).status, 202);
    assert.deepEqual(evaluations('R-RT-2').map((e) => [e.outcome, e.annul_reason]), [['retracted', 'the LIMS retracted result R-RT-2 (sample mix-up)']]);
    assert.equal(server.db.prepare('SELECT COUNT(*) FROM alerts').pluck().get(), alertsBefore, 'no alert for a withdrawn result');
    assert.equal(server.db.prepare('SELECT COUNT(*) FROM proposals').pluck().get(), proposalsBefore, 'no proposal for a withdrawn result');
  });

  it('refuses a retraction that does not name the result it withdraws', async () => {
    const { result_id: _id, ...anonymous } = payload('unused', 9.8, { status: 'retracted' });
    const res = await post(anonymous);
    assert.equal(res.status, 422);
    assert.match(res.report.error?.message ?? '', /result_id: a retracted result must name the result_id it withdraws/);
  });
});

describe('LIMS retraction over a SENAITE poll', () => {
  it('the retract transition annuls the evaluation; the retest analysis is evaluated normally', async () => {
    const server = await startTestServer({ lims: 'senaite', demo: true, simulators: true, limsPollMs: 3_600_000 });
    try {
      const lab = server.integrations.lims.simulator?.lab;
      assert.ok(lab, 'a SENAITE simulator runs');
      const poll = async () => {
        await server.resultLoop.poller?.pollOnce();
        await server.resultLoop.settled();
      };
      await poll();
      const finalizedAt = new Date().toISOString();
      server.lims.recordResult({ id: 'ignored', sampleId: 'BATCH-2024-001-05', lotId: 'LOT-XYZ789', test: 'PH', value: '9.6', numeric: 9.6, unit: '', status: 'final', finalizedAt });
      const analysis = lab.analyses().find((a) => a.sampleId === 'BATCH-2024-001-05' && a.value === '9.6' && a.state === 'verified');
      assert.ok(analysis);
      await poll();
      const evaluation = () => server.db.prepare('SELECT outcome, annulled_at FROM evaluations WHERE result_id = ?').get(analysis.uid) as { outcome: string; annulled_at: string | null } | undefined;
      assert.equal(evaluation()?.outcome, 'fail');
      assert.equal(evaluation()?.annulled_at, null);

      lab.transition(analysis.uid, 'retract');
      await poll();
      assert.ok(evaluation()?.annulled_at, 'the polled retraction annulled the evaluation');
      const retest = lab.analyses().find((a) => a.retestOf === analysis.uid);
      assert.ok(retest, 'SENAITE created the retest');
      lab.transition(retest.uid, 'submit', { result: '7.1' });
      lab.transition(retest.uid, 'verify');
      await poll();
      const retested = server.db.prepare('SELECT outcome, annulled_at FROM evaluations WHERE result_id = ?').get(retest.uid) as { outcome: string; annulled_at: string | null };
      assert.deepEqual(retested, { outcome: 'pass', annulled_at: null });
    } finally {
      await server.stop();
    }
  });
});
