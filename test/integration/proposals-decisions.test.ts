// Decisions under Part 11 controls (issue 5 acceptance, "Rejections"): the proposer signing their
// own proposal, an operator deciding, a wrong password, a setpoint outside the validated range and a
// release of a lot with an open OOS are each refused with a clear reason and audited; the potency
// bands give release / review / hold.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProposalEvent } from '../../server/realtime/contract';
import { startTestServer, type TestServer } from '../support/server';

const PASSWORDS: Record<string, string> = {
  'qa.anna': 'Quality-Demo-1', 'qa.ben': 'Quality-Demo-2', 'op.line1': 'Operator-Demo-1', 'op.line3': 'Operator-Demo-1', 'sup.maria': 'Supervisor-Demo-1', 'eng.tom': 'Engineer-Demo-1',
};

describe('proposals, e-signatures and guardrails', () => {
  let server: TestServer;
  const tokens = new Map<string, string>();
  const token = async (user: string) => tokens.get(user) ?? (tokens.set(user, await server.login(user, PASSWORDS[user] as string)), tokens.get(user) as string);
  const api = async (user: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${await token(user)}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as { proposal?: ProposalEvent; proposals?: ProposalEvent[]; error?: { code: string; message: string } } };
  };
  const propose = async (user: string, body: Record<string, unknown>) => {
    const res = await api(user, 'POST', '/api/proposals', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.proposal as ProposalEvent;
  };
  const decide = (user: string, id: string, decision: 'approve' | 'reject', meaning: string, password = PASSWORDS[user]) =>
    api(user, 'POST', `/api/proposals/${id}/decision`, { decision, signature: { username: user, password, meaning, reason: `${decision} after review of the record` } });
  const refusals = (id: string) => server.audit.list({ subjectId: id, action: 'proposal.decision.refused' });
  const lims = async (lot: string, test: string, value: number, id: string) => {
    const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sample_id: `S-${id}`, test_name: test, result: value, material_lot: lot, result_id: id, finalized_at: '2024-05-03T11:00:00Z' }) });
    assert.equal(res.status, 202);
    await server.resultLoop.settled();
  };
  const lotDisposition = async (terminal: string, lot: string) => {
    const context = (await (await fetch(`${server.url}/api/terminals/${terminal}/context`, { headers: { authorization: `Bearer ${await token('qa.anna')}` } })).json()) as { lots: Array<{ id: string; disposition: string }> };
    return context.lots.find((l) => l.id === lot)?.disposition;
  };

  before(async () => {
    server = await startTestServer({ limsPollMs: 0, outboxRetryMs: 10 });
  });
  after(async () => server?.stop());

  it('refuses the proposer signing, an operator deciding and a wrong password; then another QA signs', async () => {
    const hold = await propose('qa.anna', { kind: 'hold', lotId: 'LOT-24-0122', reason: 'Tablets chipped at the press exit; hold until QA inspects.' });
    assert.equal(hold.proposedBy, 'qa.anna');

    const own = await decide('qa.anna', hold.id, 'approve', 'Approve hold');
    assert.equal(own.status, 403);
    assert.match(own.body.error?.message ?? '', /qa\.anna proposed .* may not also decide it \(segregation of duties\)/);

    const operator = await decide('op.line1', hold.id, 'approve', 'Approve hold');
    assert.equal(operator.status, 403);
    assert.match(operator.body.error?.message ?? '', /your role \(operator\) may not decide a hold proposal: it needs QA/);

    const wrong = await decide('qa.ben', hold.id, 'approve', 'Approve hold', 'not-the-password');
    assert.equal(wrong.status, 403);
    assert.match(wrong.body.error?.message ?? '', /wrong password/);
    assert.equal((await server.audit.list({ subjectId: 'qa.ben', action: 'auth.signature.failed' })).length, 1, 'the failed signature counts towards the lockout');

    const reasons = (await refusals(hold.id)).map((r) => `${r.actor.id}: ${r.reason}`);
    assert.equal(reasons.length, 3);
    assert.match(reasons[0] ?? '', /^qa\.anna: .*segregation of duties/);
    assert.match(reasons[1] ?? '', /^op\.line1: your role \(operator\)/);
    assert.match(reasons[2] ?? '', /^qa\.ben: wrong password/);

    const signed = await decide('qa.ben', hold.id, 'approve', 'Approve hold');
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    await server.resultLoop.settled();
    assert.equal((await api('qa.ben', 'GET', `/api/proposals/${hold.id}`)).body.proposal?.status, 'executed');
    assert.equal(await lotDisposition('T-L1-01', 'LOT-24-0122'), 'Restricted');
  });

  it('refuses a signature in another user\'s name without checking that user\'s password', async () => {
    const hold = await propose('op.line3', { kind: 'hold', lotId: 'LOT-24-0312', reason: 'Foam on the suspension surface in tank 7.' });
    const res = await api('qa.anna', 'POST', `/api/proposals/${hold.id}/decision`, { decision: 'approve', signature: { username: 'qa.ben', password: 'guess', meaning: 'Approve hold', reason: 'x' } });
    assert.equal(res.status, 403);
    assert.match(res.body.error?.message ?? '', /only the logged-in user may sign/);
    assert.equal((await server.audit.list({ subjectId: 'qa.ben', action: 'auth.signature.failed' })).length, 1, 'no new failed attempt on qa.ben');
    const rejected = await decide('qa.anna', hold.id, 'reject', 'Reject hold');
    assert.equal(rejected.body.proposal?.status, 'rejected');
  });

  it('refuses a setpoint outside the validated range, and the engineer approving their own change', async () => {
    const outside = await api('eng.tom', 'POST', '/api/proposals', { kind: 'setpoint', equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', value: 175, reason: 'Faster mixing to break the foam.' });
    assert.equal(outside.status, 403);
    assert.match(outside.body.error?.message ?? '', /175 rpm for Agitator speed on TK-07 is outside the validated range 80–160 rpm/);
    const audited = await server.audit.list({ action: 'proposal.request.refused', subjectId: 'TK-07/TK-07.AgitatorSpeed' });
    assert.equal(audited.length, 1);
    assert.equal(audited[0]?.actor.id, 'eng.tom');

    const inside = await propose('eng.tom', { kind: 'setpoint', equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', value: 140, reason: 'Faster mixing to break the foam.' });
    assert.deepEqual(inside.setpoint, { equipmentId: 'TK-07', parameterId: 'TK-07.AgitatorSpeed', parameterName: 'Agitator speed', unit: 'rpm', from: 120, to: 140, validatedRange: { min: 80, max: 160 } });
    const own = await decide('eng.tom', inside.id, 'approve', 'Approve setpoint change');
    assert.equal(own.status, 403);
    const supervisor = await decide('sup.maria', inside.id, 'approve', 'Approve setpoint change');
    assert.equal(supervisor.status, 200, 'a supervisor decides operational proposals');
  });

  it('refuses releasing a lot with an open OOS until QA closes the investigation with a signature', async () => {
    const release = await propose('qa.anna', { kind: 'release', lotId: 'LOT-24-0114', reason: 'Weight investigation closed; release the hold.' });
    await lims('LOT-24-0114', 'ASSAY', 94.1, 'R-OOS-0114');
    const blocked = await decide('qa.ben', release.id, 'approve', 'Approve release');
    assert.equal(blocked.status, 403);
    assert.match(blocked.body.error?.message ?? '', /LOT-24-0114 has an open out-of-specification result \(R-OOS-0114\); it cannot be released/);
    assert.match((await refusals(release.id))[0]?.reason ?? '', /open out-of-specification/);
    const again = await api('qa.ben', 'POST', '/api/proposals', { kind: 'release', lotId: 'LOT-24-0114', reason: 'Release it anyway.' });
    assert.equal(again.status, 403, 'not even proposed while the OOS is open');

    const close = await api('qa.ben', 'POST', '/api/oos/R-OOS-0114/close', { signature: { username: 'qa.ben', password: PASSWORDS['qa.ben'], meaning: 'Close OOS investigation', reason: 'Phase I: integration error at the HPLC, reinjection 99.8 %; laboratory error confirmed.' } });
    assert.equal(close.status, 200, JSON.stringify(close.body));
    const released = await decide('qa.ben', release.id, 'approve', 'Approve release');
    assert.equal(released.status, 200, JSON.stringify(released.body));
    await server.resultLoop.settled();
    assert.notEqual(await lotDisposition('T-L2-01', 'LOT-24-0114'), 'Restricted');
  });

  it('the potency bands give release, review and hold', async () => {
    await lims('LOT-24-0120', 'ASSAY', 100.1, 'R-BAND-REL');
    await lims('LOT-24-0121', 'ASSAY', 96.5, 'R-BAND-REV');
    await lims('LOT-24-0123', 'ASSAY', 94.1, 'R-BAND-HOLD');
    const evaluation = (id: string) => server.db.prepare('SELECT outcome, disposition, rule FROM evaluations WHERE result_id = ?').get(id) as { outcome: string; disposition: string; rule: string };
    assert.deepEqual(evaluation('R-BAND-REL'), { outcome: 'pass', disposition: 'release', rule: 'spec.band' });
    assert.deepEqual(evaluation('R-BAND-REV'), { outcome: 'pass', disposition: 'review', rule: 'spec.band' });
    assert.deepEqual(evaluation('R-BAND-HOLD'), { outcome: 'fail', disposition: 'hold', rule: 'spec.lsl' });
    const kinds = async (lot: string) => ((await api('qa.anna', 'GET', `/api/proposals?lot=${lot}`)).body.proposals ?? []).map((p) => p.kind).sort();
    assert.deepEqual(await kinds('LOT-24-0120'), [], 'release band on a lot not on hold: nothing to decide now');
    assert.deepEqual(await kinds('LOT-24-0121'), ['review']);
    assert.deepEqual(await kinds('LOT-24-0123'), ['deviation', 'hold']);
  });
});
