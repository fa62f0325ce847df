import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QloopError } from '../../../../server/errors';
import { proposeHoldTool } from '../../../../server/copilot/tools/propose-hold';
import { parsed, RecordingProposals, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

const ASKED = { requestedActions: ['hold'] as const };

describe('propose_hold tool', () => {
  it('creates a hold proposal, and never places the hold itself', async () => {
    const f = toolFixture();
    const out = parsed(await proposeHoldTool(f.deps).invoke({ lot: 'LOT-XYZ789', reason: 'pH 9.8 OOS on BATCH-2024-001-05', test: 'pH' }, turn(USERS.opLine3, { ...ASKED, requestedActions: ['hold'] })));
    assert.equal(out.proposed, true);
    assert.equal(f.proposals.requests.length, 1);
    assert.equal((f.proposals.requests[0]?.request as { test: string }).test, 'PH');
    assert.ok(!f.mesCalls.includes('placeHold'));
  });

  it('stamps the request with the turn\'s origin (user, conversation, message, terminal) for the audit record', async () => {
    const f = toolFixture();
    const tool = proposeHoldTool(f.deps);
    await tool.invoke({ lot: 'LOT-XYZ789', reason: 'pH 9.8 OOS on BATCH-2024-001-05', resultId: 'r-778812' }, turn(USERS.opLine3, { requestedActions: ['hold'], conversationId: 'C-7', messageId: 'M-3', terminal: 'T-L3-01' }));
    assert.deepEqual(f.proposals.requests[0]?.request, {
      lotId: 'LOT-XYZ789',
      reason: 'pH 9.8 OOS on BATCH-2024-001-05',
      resultId: 'R-778812',
      requestedBy: USERS.opLine3,
      source: 'copilot',
      conversationId: 'C-7',
      messageId: 'M-3',
      terminal: 'T-L3-01',
    });
    // A turn without a conversation (an API call) leaves those keys out rather than undefined.
    await tool.invoke({ lot: 'LOT-XYZ789', reason: 'pH 9.8 OOS seen' }, turn(USERS.opLine3, { requestedActions: ['hold'] }));
    assert.deepEqual(Object.keys(f.proposals.requests[1]?.request as object).sort(), ['lotId', 'reason', 'requestedBy', 'source']);
  });

  it('carries the reason code the user named in their message, in the table\'s spelling; without one the answer names the requested-hold default', async () => {
    const f = toolFixture();
    const tool = proposeHoldTool(f.deps);
    const chosen = parsed(await tool.invoke({ lot: 'LOT-XYZ789', reason: 'Mould seen on the suspension surface', reasonCode: 'hr-05' }, turn(USERS.opLine3, { ...ASKED, question: 'Hold LOT-XYZ789, mould on the surface, code hr 05 please' })));
    assert.equal((f.proposals.requests[0]?.request as { reasonCode?: string }).reasonCode, 'HR-05');
    assert.equal(chosen.proposal.reasonCode, 'HR-05');
    assert.equal(chosen.proposal.reasonCodeFrom, 'user');
    assert.equal(chosen.reasonCodeNote, undefined);
    const plain = parsed(await tool.invoke({ lot: 'LOT-XYZ789', reason: 'pH 9.8 OOS seen' }, turn(USERS.opLine3, { ...ASKED, question: 'Hold LOT-XYZ789, pH 9.8 OOS' })));
    assert.equal('reasonCode' in (f.proposals.requests[1]?.request as object), false, 'the flow applies the default');
    assert.equal(plain.proposal.reasonCode, 'HR-04');
    assert.equal(plain.proposal.reasonCodeFrom, 'default');
    assert.match(plain.reasonCodeNote, /The user named no hold reason code, so the requested-hold default HR-04 \(.+\) applies/);
  });

  it('sets aside a reason code the user\'s message does not name (the model chose it): the default applies and the answer says so', async () => {
    const f = toolFixture();
    const tool = proposeHoldTool(f.deps);
    for (const question of ['Please hold LOT-XYZ789, the mixer sounded odd', 'Hold LOT-XYZ789 because of HR-05 style mould', undefined]) {
      const before = f.proposals.requests.length;
      const out = parsed(await tool.invoke({ lot: 'LOT-XYZ789', reason: 'Mixer TK-07 sounded odd during the run', reasonCode: 'HR-06' }, turn(USERS.opLine3, { ...ASKED, ...(question ? { question } : {}) })));
      assert.equal(f.proposals.requests.length, before + 1, 'the hold is still proposed');
      assert.equal('reasonCode' in (f.proposals.requests[before]?.request as object), false, `HR-06 never reaches the flow (${question})`);
      assert.equal(out.proposal.reasonCode, 'HR-04');
      assert.equal(out.proposal.reasonCodeFrom, 'default');
      assert.equal(out.reasonCodeIgnored, 'HR-06');
      assert.match(out.reasonCodeNote, /does not name hold reason code HR-06, so it was not used: the code is the user's choice\. The requested-hold default HR-04/);
    }
    // A code the model made up and the user never named is set aside the same way, not refused.
    const made = parsed(await tool.invoke({ lot: 'LOT-XYZ789', reason: 'pH 9.8 OOS seen', reasonCode: 'HR-99' }, turn(USERS.opLine3, { ...ASKED, question: 'Hold LOT-XYZ789' })));
    assert.equal(made.reasonCodeIgnored, 'HR-99');
    assert.equal(made.proposal.reasonCode, 'HR-04');
  });

  it('says when a hold already pending keeps another code than the one the user chose (the flow\'s note)', async () => {
    const f = toolFixture();
    const note = 'a hold proposal for LOT-XYZ789 is already proposed (P-7) with hold reason code HR-01; your code HR-05 was not applied and no second hold was proposed. If HR-05 is the right code, tell QA before they decide P-7';
    const pending = Object.assign(new RecordingProposals(), { requestHold: async () => ({ id: 'P-7', kind: 'hold', status: 'proposed', lot: 'LOT-XYZ789', existing: true, holdReasonCode: 'HR-01', requestedReasonCode: 'HR-05', note }) });
    const out = parsed(await proposeHoldTool({ ...f.deps, proposals: pending }).invoke({ lot: 'LOT-XYZ789', reason: 'Mould seen on the surface', reasonCode: 'HR-05' }, turn(USERS.opLine3, { ...ASKED, question: 'hold LOT-XYZ789 with HR-05, mould' })));
    assert.equal(out.proposed, false);
    assert.deepEqual(out.proposal, { id: 'P-7', kind: 'hold', status: 'proposed', lot: 'LOT-XYZ789', existing: true, reasonCode: 'HR-01', requestedReasonCode: 'HR-05' });
    assert.match(out.reasonCodeNote, /HR-01; your code HR-05 was not applied/);
    assert.match(out.note, /already in flight \(P-7, proposed\); no second one was made/);
  });

  it('refuses a reason code the user named that the plant\'s table does not have, listing the table, and proposes nothing', async () => {
    const f = toolFixture();
    const out = parsed(await proposeHoldTool(f.deps).invoke({ lot: 'LOT-XYZ789', reason: 'pH 9.8 OOS seen', reasonCode: 'HR-99' }, turn(USERS.opLine3, { ...ASKED, question: 'hold LOT-XYZ789 under code HR-99' })));
    assert.equal(out.refused, 'reason-code');
    assert.match(out.error, /hold reason code "HR-99" is not in this plant's table\. Ask the user to choose one of HR-01 \(OOS result \(suspected or confirmed\)\), .*HR-08 \(Labelling or line clearance finding\), or leave the code out \(HR-04 applies\)/);
    assert.deepEqual(out.codes, ['HR-01', 'HR-02', 'HR-03', 'HR-04', 'HR-05', 'HR-06', 'HR-07', 'HR-08']);
    assert.equal(f.proposals.requests.length, 0);
  });

  it('refuses when the user did not ask for a hold (injected instruction)', async () => {
    const f = toolFixture();
    const out = parsed(await proposeHoldTool(f.deps).invoke({ lot: 'LOT-XYZ789', reason: 'the SOP says so' }, turn(USERS.opLine3)));
    assert.equal(out.refused, 'not-requested');
    assert.equal(f.proposals.requests.length, 0);
  });

  it('refuses an engineer, a lot already on hold, another line, and a missing proposal flow', async () => {
    const f = toolFixture();
    const tool = proposeHoldTool(f.deps);
    assert.equal(parsed(await tool.invoke({ lot: 'LOT-XYZ789', reason: 'pH OOS seen' }, turn(USERS.engineer, { requestedActions: ['hold'] }))).refused, 'permission');
    assert.equal(parsed(await tool.invoke({ lot: 'LOT-24-0114', reason: 'assay OOS seen' }, turn(USERS.qa, { requestedActions: ['hold'] }))).refused, 'already-held');
    assert.equal(parsed(await tool.invoke({ lot: 'LOT-XYZ789', reason: 'pH OOS seen' }, turn(USERS.opLine1, { requestedActions: ['hold'] }))).refused, 'scope');
    const none = toolFixture({ proposals: false });
    const out = parsed(await proposeHoldTool(none.deps).invoke({ lot: 'LOT-XYZ789', reason: 'pH OOS seen' }, turn(USERS.opLine3, { requestedActions: ['hold'] })));
    assert.equal(out.refused, 'unavailable');
    assert.match(out.error, /not available/);
    assert.equal(f.proposals.requests.length, 0);
  });

  it('passes the proposal flow\'s own refusal back to the model', async () => {
    const f = toolFixture();
    const refusing = Object.assign(new RecordingProposals(), { requestHold: async () => Promise.reject(new QloopError('CONFLICT', 'a hold proposal for LOT-XYZ789 is already pending')) });
    const deps = { ...f.deps, proposals: refusing };
    const out = parsed(await proposeHoldTool(deps).invoke({ lot: 'LOT-XYZ789', reason: 'pH OOS seen' }, turn(USERS.opLine3, { requestedActions: ['hold'] })));
    assert.equal(out.refused, 'proposal-flow');
    assert.match(out.error, /already pending/);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, proposeHoldTool(f.deps), [{ lot: 'LOT-XYZ789' }, { lot: 'LOT-XYZ789', reason: 'x' }, { lot: '', reason: 'because of pH' }, { lot: 'LOT-XYZ789', reason: 'r'.repeat(501) }, { lot: 'LOT-XYZ789', reason: 'because of pH', reasonCode: 'HR-05; release it' }, { lot: 'LOT-XYZ789', reason: 'because of pH', reasonCode: '' }]);
  });
});
