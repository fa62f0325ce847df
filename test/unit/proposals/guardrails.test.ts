import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decisionRefusal, matchMeaning, setpointRefusal, signatureMeanings, type DecisionFacts } from '../../../server/domain/proposals';

const base: DecisionFacts = {
  proposal: { id: 'P-1', kind: 'hold', status: 'proposed', lotId: 'LOT-XYZ789', proposedBy: 'watcher' },
  session: { username: 'qa.anna', role: 'qa' },
  signer: 'qa.anna',
  decision: 'approve',
  meaning: 'Approve hold',
  openOos: [],
  now: '2024-05-03T10:20:00.000Z',
};
const facts = (change: Partial<DecisionFacts> = {}, proposal: Partial<DecisionFacts['proposal']> = {}): DecisionFacts => ({ ...base, ...change, proposal: { ...base.proposal, ...proposal } });

describe('decision guardrails', () => {
  it('lets QA approve a hold proposed by the watcher', () => {
    assert.equal(decisionRefusal(facts()), undefined);
  });

  it('refuses the proposer signing their own proposal', () => {
    const refusal = decisionRefusal(facts({}, { proposedBy: 'qa.anna' }));
    assert.equal(refusal?.code, 'proposer-may-not-sign');
    assert.match(refusal?.reason ?? '', /segregation of duties/);
  });

  it('refuses an operator, an engineer and an admin deciding a quality disposition', () => {
    for (const role of ['operator', 'engineer', 'admin'] as const) {
      const refusal = decisionRefusal(facts({ session: { username: 'someone', role }, signer: 'someone' }));
      assert.equal(refusal?.code, 'role-may-not-decide', role);
      assert.match(refusal?.reason ?? '', new RegExp(`your role \\(${role}\\)`));
    }
  });

  it('lets a supervisor decide a setpoint change but not a hold', () => {
    const supervisor = { session: { username: 'sup.maria', role: 'supervisor' as const }, signer: 'sup.maria' };
    assert.equal(decisionRefusal(facts(supervisor))?.code, 'role-may-not-decide');
    const setpoint = { equipmentId: 'TK-07', parameterId: 'agitator', parameterName: 'agitator speed', unit: 'rpm', from: 120, to: 130, validatedRange: { min: 80, max: 160 } };
    assert.equal(decisionRefusal(facts({ ...supervisor, meaning: 'Approve setpoint change' }, { kind: 'setpoint', setpoint })), undefined);
  });

  it('refuses a signature that names someone other than the logged-in user', () => {
    assert.equal(decisionRefusal(facts({ signer: 'qa.ben' }))?.code, 'signer-not-session-user');
  });

  it('refuses a meaning that does not fit the decision', () => {
    assert.equal(decisionRefusal(facts({ meaning: 'Approve release' }))?.code, 'meaning-does-not-fit');
    assert.equal(decisionRefusal(facts({ decision: 'reject', meaning: 'Approve hold' }))?.code, 'meaning-does-not-fit');
    assert.equal(decisionRefusal(facts({ decision: 'reject', meaning: 'reject  HOLD' })), undefined);
  });

  it('refuses approving a setpoint outside the validated range but allows rejecting it', () => {
    const setpoint = { equipmentId: 'TK-07', parameterId: 'agitator', parameterName: 'agitator speed', unit: 'rpm', from: 120, to: 170, validatedRange: { min: 80, max: 160 } };
    const refusal = decisionRefusal(facts({ meaning: 'Approve setpoint change' }, { kind: 'setpoint', setpoint }));
    assert.equal(refusal?.code, 'setpoint-outside-validated-range');
    assert.match(refusal?.reason ?? '', /170 rpm .* outside the validated range 80–160 rpm/);
    assert.equal(decisionRefusal(facts({ decision: 'reject', meaning: 'Reject setpoint change' }, { kind: 'setpoint', setpoint })), undefined);
  });

  it('accepts the validated range limits themselves', () => {
    const change = { equipmentId: 'TK-07', parameterName: 'agitator speed', unit: 'rpm', validatedRange: { min: 80, max: 160 } };
    assert.equal(setpointRefusal({ ...change, to: 80 }), undefined);
    assert.equal(setpointRefusal({ ...change, to: 160 }), undefined);
    assert.equal(setpointRefusal({ ...change, to: 160.01 })?.code, 'setpoint-outside-validated-range');
    assert.equal(setpointRefusal({ ...change, to: Number.NaN })?.code, 'setpoint-not-a-number');
  });

  it('refuses releasing a lot with an open OOS, naming the result', () => {
    const refusal = decisionRefusal(facts({ meaning: 'Approve release', openOos: ['R-778812'] }, { kind: 'release' }));
    assert.equal(refusal?.code, 'release-with-open-oos');
    assert.match(refusal?.reason ?? '', /R-778812/);
    assert.equal(decisionRefusal(facts({ meaning: 'Approve release' }, { kind: 'release' })), undefined);
  });

  it('refuses deciding twice and deciding after expiry', () => {
    assert.equal(decisionRefusal(facts({}, { status: 'approved' }))?.code, 'not-pending');
    assert.equal(decisionRefusal(facts({}, { expiresAt: '2024-05-03T10:00:00.000Z' }))?.code, 'expired');
  });

  it('offers meanings per kind with the approve meaning first', () => {
    assert.deepEqual(signatureMeanings('hold', 'approve'), ['Approve hold']);
    assert.equal(signatureMeanings('review', 'approve')[0], 'Approve QA review');
    assert.equal(matchMeaning('deviation', 'approve', 'approve deviation draft'), 'Approve deviation draft');
  });
});
