// Alerts in the spirit of ISA-18.2 (one open per lot + test + rule, acknowledgement, shelving with
// a reason, replay of what a terminal missed) and the rollout modes: observe writes nothing,
// auto places a hold on a confirmed OOS at once without a signature.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertEvent, NoticeEvent, ProposalEvent, WireError } from '../../server/realtime/contract';
import { connectCopilot, connected, nextEvent, record, type TestSocket } from '../e2e/support/socket-client';
import { startTestServer, type TestServer } from '../support/server';

type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };

async function postResult(server: TestServer, lot: string, test: string, value: number, id: string): Promise<void> {
  const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sample_id: `S-${id}`, test_name: test, result: value, material_lot: lot, result_id: id, finalized_at: '2024-05-03T12:00:00Z' }) });
  assert.equal(res.status, 202);
  await server.resultLoop.settled();
}

describe('alerts: one open per lot, test and rule; acknowledge, shelve, replay', () => {
  let server: TestServer;
  const sockets: TestSocket[] = [];
  const open = async (user: string, password: string, terminal?: string) => {
    const socket = connectCopilot(server.url, { token: await server.login(user, password), ...(terminal ? { terminal } : {}) });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await server?.stop();
  });

  it('raises one alert for repeated OOS results of a lot until it is acknowledged, then a new one', async () => {
    const terminal = await open('op.line3', 'Operator-Demo-1', 'T-L3-01');
    const seen = record(terminal, ['alert']);
    const first = nextEvent<AlertEvent>(terminal, 'alert', (a) => a.lot === 'LOT-24-0312');
    await postResult(server, 'LOT-24-0312', 'VISC', 2900, 'R-V1');
    const alert = await first;
    await postResult(server, 'LOT-24-0312', 'VISC', 2950, 'R-V2');
    await postResult(server, 'LOT-24-0312', 'VISC', 3010, 'R-V3');
    const marker = nextEvent<NoticeEvent>(terminal, 'notice', (n) => n.id === 'N-marker');
    server.feed.notice({ lineId: 'LINE-3' }, { id: 'N-marker', level: 'info', text: 'marker' });
    await marker;
    assert.deepEqual(seen.map((e) => (e.payload as AlertEvent).id), [alert.id], 'no flood: the repeats are counted, not annunciated');
    assert.equal(server.db.prepare('SELECT occurrences FROM alerts WHERE n = ?').pluck().get(Number(alert.id.slice(3))), 3);

    const elsewhere = await open('op.line1', 'Operator-Demo-1', 'T-L1-01');
    const foreign = (await elsewhere.emitWithAck('alert.ack', { alertId: alert.id, action: 'acknowledge' })) as Reply<{ alert: AlertEvent }>;
    assert.equal(foreign.ok, false);
    assert.equal(!foreign.ok && foreign.error.code, 'NOT_FOUND', 'an operator of another line does not see it');

    const qa = await open('qa.anna', 'Quality-Demo-1');
    const updateAtQa = nextEvent<AlertEvent>(qa, 'alert', (a) => a.id === alert.id && a.status === 'acknowledged');
    const ack = (await terminal.emitWithAck('alert.ack', { alertId: alert.id, action: 'acknowledge', reason: 'Seen; QC informed.' })) as Reply<{ alert: AlertEvent }>;
    assert.ok(ack.ok, JSON.stringify(ack));
    assert.equal(ack.alert.acknowledgedBy, 'op.line3');
    await updateAtQa;
    const audited = await server.audit.list({ subjectId: alert.id, action: 'alert.acknowledged' });
    assert.equal(audited[0]?.actor.id, 'op.line3');
    assert.equal(audited[0]?.reason, 'Seen; QC informed.');

    const fresh = nextEvent<AlertEvent>(terminal, 'alert', (a) => a.lot === 'LOT-24-0312' && a.id !== alert.id);
    await postResult(server, 'LOT-24-0312', 'VISC', 3050, 'R-V4');
    assert.equal((await fresh).status, 'open');
  });

  it('lets only a supervisor or QA shelve, with a reason and an end, and replays open alerts on connect', async () => {
    const operator = await open('op.line3', 'Operator-Demo-1', 'T-L3-02');
    const raised = nextEvent<AlertEvent>(operator, 'alert', (a) => a.lot === 'LOT-XYZ789' && a.test === 'DENS');
    await postResult(server, 'LOT-XYZ789', 'DENS', 1.31, 'R-D1');
    const alert = await raised;
    const until = new Date(Date.now() + 3600_000).toISOString();
    const byOperator = (await operator.emitWithAck('alert.ack', { alertId: alert.id, action: 'shelve', reason: 'Known densitometer drift', until })) as Reply<{ alert: AlertEvent }>;
    assert.equal(!byOperator.ok && byOperator.error.code, 'FORBIDDEN');
    const supervisor = await open('sup.maria', 'Supervisor-Demo-1');
    const noReason = (await supervisor.emitWithAck('alert.ack', { alertId: alert.id, action: 'shelve', until })) as Reply<{ alert: AlertEvent }>;
    assert.equal(!noReason.ok && noReason.error.code, 'VALIDATION');
    const shelved = (await supervisor.emitWithAck('alert.ack', { alertId: alert.id, action: 'shelve', reason: 'Known densitometer drift; recalibration at 14:00', until })) as Reply<{ alert: AlertEvent }>;
    assert.ok(shelved.ok, JSON.stringify(shelved));
    assert.equal(shelved.alert.status, 'shelved');
    assert.equal(shelved.alert.shelvedUntil, until);

    // A terminal that connects later gets what is outstanding on its line, shelved ones marked so.
    const late = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
    sockets.push(late);
    const replayed = nextEvent<AlertEvent>(late, 'alert', (a) => a.id === alert.id);
    const pending = nextEvent<ProposalEvent>(late, 'proposal', (p) => p.lot === 'LOT-XYZ789' && p.kind === 'hold');
    await connected(late);
    assert.equal((await replayed).status, 'shelved');
    assert.equal((await pending).status, 'proposed');

    const http = await fetch(`${server.url}/api/alerts?line=LINE-1`, { headers: { authorization: `Bearer ${await server.login('op.line3', 'Operator-Demo-1')}` } });
    assert.deepEqual(((await http.json()) as { alerts: AlertEvent[] }).alerts, [], 'an operator sees no other line through HTTP either');
  });
});

describe('rollout modes', () => {
  let server: TestServer;
  let terminal: TestSocket;
  before(async () => {
    server = await startTestServer({ limsPollMs: 0, rollout: 'assist; PRD-PARA-SUS=auto; PRD-IBU400=observe' });
    terminal = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
    await connected(terminal);
  });
  after(async () => {
    terminal?.close();
    await server?.stop();
  });

  it('auto: a confirmed OOS puts the lot on hold at once, reported to the chat; the deviation draft still needs a signature', async () => {
    const notice = nextEvent<NoticeEvent>(terminal, 'notice', (n) => n.lot === 'LOT-XYZ789' && n.level === 'success');
    await postResult(server, 'LOT-XYZ789', 'pH', 9.8, 'R-AUTO');
    assert.match((await notice).text, /MES confirmed: LOT-XYZ789 is on hold/);
    const proposals = server.resultLoop.proposals.list({ username: 'qa.anna', displayName: 'Anna', role: 'qa', lines: [] }, { lotId: 'LOT-XYZ789' });
    const hold = proposals.find((p) => p.kind === 'hold');
    assert.equal(hold?.status, 'executed');
    assert.match(String(hold?.approvedByPolicy), /^rollout:auto/);
    assert.deepEqual(hold?.signatures, []);
    assert.equal(proposals.find((p) => p.kind === 'deviation')?.status, 'proposed');
    const approval = await server.audit.list({ subjectId: hold?.id, action: 'proposal.approved' });
    assert.deepEqual(approval[0]?.actor, { type: 'component', id: String(hold?.approvedByPolicy) });
  });

  it('observe: alert and guidance only, no proposal, nothing written to the MES', async () => {
    await postResult(server, 'LOT-24-0120', 'ASSAY', 93.0, 'R-OBS');
    const evaluation = server.db.prepare("SELECT mode, outcome, record FROM evaluations WHERE result_id = 'R-OBS'").get() as { mode: string; outcome: string; record: string };
    assert.equal(evaluation.mode, 'observe');
    assert.equal(evaluation.outcome, 'fail');
    assert.match((JSON.parse(evaluation.record) as { guidance: { text: string } }).guidance.text, /Observe mode: qloop writes nothing to the MES/);
    assert.equal(server.db.prepare("SELECT COUNT(*) FROM proposals WHERE lot_id = 'LOT-24-0120'").pluck().get(), 0);
    assert.equal(server.db.prepare("SELECT COUNT(*) FROM alerts WHERE lot_id = 'LOT-24-0120'").pluck().get(), 1);
  });
});
