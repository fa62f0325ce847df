// The reference scenario end to end (issue 5 acceptance): pH 9.8 against 6.5–7.5 for LOT-XYZ789
// is posted; the LINE-3 operator's terminal gets the OOS alert with guidance and a hold
// proposal; qa.anna approves with an e-signature; the MES shows the lot Restricted; the chat gets
// the confirmation; `qloop audit verify` passes and the trail holds every step with its actor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../server/domain/audit';
import type { AlertEvent, NoticeEvent, ProposalEvent, WireError } from '../../server/realtime/contract';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';
import { runQloop } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';

export const REFERENCE_RESULT = {
  sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789',
  work_order: 'WO-1001', result_id: 'R-778812', unit: '', status: 'final', finalized_at: '2024-05-03T10:15:00Z',
};

type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };

describe('reference scenario: pH 9.8 on LOT-XYZ789 to a signed hold in the MES', () => {
  let server: TestServer;
  let operator: TestSocket;
  let qa: TestSocket;
  let qaToken: string;

  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
    operator = connectCopilot(server.url, { token: await server.login('op.line3', 'Operator-Demo-1'), terminal: 'T-L3-01' });
    qaToken = await server.login('qa.anna', 'Quality-Demo-1');
    qa = connectCopilot(server.url, { token: qaToken });
    await Promise.all([connected(operator), connected(qa)]);
  });
  after(async () => {
    operator?.close();
    qa?.close();
    await server?.stop();
  });

  it('runs from the posted result to the confirmed hold, every step audited', async () => {
    const alertAtTerminal = nextEvent<AlertEvent>(operator, 'alert', (a) => a.lot === 'LOT-XYZ789');
    const holdAtTerminal = nextEvent<ProposalEvent>(operator, 'proposal', (p) => p.kind === 'hold' && p.lot === 'LOT-XYZ789');
    const holdAtQa = nextEvent<ProposalEvent>(qa, 'proposal', (p) => p.kind === 'hold' && p.status === 'proposed');
    const posted = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REFERENCE_RESULT) });
    assert.equal(posted.status, 202);

    const alert = await alertAtTerminal;
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.test, 'PH');
    assert.equal(alert.value, '9.8');
    assert.equal(alert.spec, '6.5–7.5');
    assert.equal(alert.rule, 'spec.usl');
    assert.equal(alert.line, 'LINE-3');
    assert.match(alert.guidance, /above the upper specification limit 7\.5/);
    assert.match(alert.guidance, /SOP-QC-002/, 'the OOS procedure is named');
    assert.match(alert.guidance, /SOP-QC-001/, "the spec's own SOP is named");
    assert.match(alert.guidance, /Do not use or move material from LOT-XYZ789/);
    assert.ok(alert.chart && alert.chart.points.at(-1)?.y === 9.8, 'the alert carries its control chart');
    const hold = await holdAtTerminal;
    assert.equal(alert.proposalId, hold.id);
    assert.equal(hold.status, 'proposed');
    assert.deepEqual((hold.meanings as { approve: string[] }).approve, ['Approve hold']);
    await holdAtQa;

    const confirmation = nextEvent<NoticeEvent>(operator, 'notice', (n) => n.proposalId === hold.id && n.level === 'success');
    const executed = nextEvent<ProposalEvent>(operator, 'proposal', (p) => p.id === hold.id && p.status === 'executed');
    const reply = (await qa.emitWithAck('decide', {
      proposalId: hold.id, decision: 'approve',
      signature: { username: 'qa.anna', password: 'Quality-Demo-1', meaning: 'Approve hold', reason: 'Confirmed OOS pH 9.8; hold per SOP-QA-010 pending the phase I investigation.' },
    })) as Reply<{ proposal: ProposalEvent }>;
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal(reply.proposal.status, 'approved');
    const signature = (reply.proposal.signatures as Array<{ username: string; signedBy: string; meaning: string; signedAt: string }>)[0];
    assert.equal(signature?.username, 'qa.anna');
    assert.equal(signature?.signedBy, 'Anna Novak (QA)');
    assert.equal(signature?.meaning, 'Approve hold');

    const notice = await confirmation;
    assert.match(notice.text, /MES confirmed: LOT-XYZ789 is on hold \(Restricted\)/);
    const done = await executed;
    assert.equal((done.outcome as { status: string }).status, 'applied');

    const context = await (await fetch(`${server.url}/api/terminals/T-L3-01/context`, { headers: { authorization: `Bearer ${qaToken}` } })).json() as { lots: Array<{ id: string; disposition: string; holds: Array<{ placedBy: string; reasonCode: string }> }> };
    const lot = context.lots.find((l) => l.id === 'LOT-XYZ789');
    assert.equal(lot?.disposition, 'Restricted');
    assert.equal(lot?.holds.at(-1)?.placedBy, 'qa.anna');
    assert.equal(lot?.holds.at(-1)?.reasonCode, 'HR-01', 'SOP-QA-010 §5.1: an OOS hold is HR-01');

    // The HTTP view shows the record with its signature manifest (21 CFR 11.50(b)).
    const shown = (await (await fetch(`${server.url}/api/proposals/${hold.id}`, { headers: { authorization: `Bearer ${qaToken}` } })).json()) as { proposal: ProposalEvent };
    const manifest = (shown.proposal.signatureManifests as Array<{ printedName: string; meaning: string; signedAt: string; manifest: string }>)[0];
    assert.match(manifest?.manifest ?? '', /^Anna Novak \(QA\) \(qa\.anna, qa\), \d{4}-\d\d-\d\dT.*: Approve hold$/);

    const trail = await server.audit.list({});
    const steps = (action: string, subjectId: string) => trail.filter((r) => r.action === action && r.subject.id === subjectId);
    const one = (action: string, subjectId: string): AuditRecord => {
      const found = steps(action, subjectId);
      assert.equal(found.length, 1, `${action} on ${subjectId} is recorded once`);
      return found[0] as AuditRecord;
    };
    const received = one('result.received', 'R-778812');
    const evaluated = one('result.evaluated', 'R-778812');
    const created = one('proposal.created', hold.id);
    const raised = one('alert.raised', alert.id);
    const approved = one('proposal.approved', hold.id);
    const executing = one('proposal.executing', hold.id);
    const completed = one('proposal.executed', hold.id);
    assert.deepEqual(received.actor, { type: 'component', id: 'lims-webhook' });
    assert.equal(evaluated.actor.id, 'watcher');
    assert.equal((evaluated.after as { outcome: string }).outcome, 'fail');
    assert.equal(created.actor.id, 'watcher');
    assert.deepEqual(approved.actor, { type: 'user', id: 'qa.anna', role: 'qa' });
    assert.match(approved.reason ?? '', /Confirmed OOS pH 9\.8/);
    const signed = (approved.after as { signature: { printedName: string; meaning: string; signedAt: string } }).signature;
    assert.equal(signed.printedName, 'Anna Novak (QA)');
    assert.equal(signed.meaning, 'Approve hold');
    assert.ok(signed.signedAt);
    assert.equal(completed.actor.id, 'outbox');
    // The evaluation commits with its proposals and alert in one transaction; the decision and execution follow.
    assert.ok(received.seq < Math.min(evaluated.seq, created.seq, raised.seq));
    const order = [Math.max(evaluated.seq, created.seq, raised.seq), approved.seq, executing.seq, completed.seq];
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'the steps are recorded in the order they happened');

    const verify = await runQloop(['audit', 'verify'], { env: { QLOOP_DATA_DIR: server.dataDir } });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
