import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proposeSetpointTool } from '../../../../server/copilot/tools/propose-setpoint';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

const ASKED = { requestedActions: ['setpoint' as const] };

describe('propose_setpoint tool', () => {
  it('proposes a change inside the validated range', async () => {
    const f = toolFixture();
    const out = parsed(await proposeSetpointTool(f.deps).invoke({ equipment: 'TP-101', parameter: 'main compression force', value: 17, reason: 'hardness drifting up' }, turn(USERS.engineer, ASKED)));
    assert.equal(out.proposed, true);
    assert.deepEqual([out.change.from, out.change.to], [18, 17]);
    assert.equal(f.proposals.requests.length, 1);
  });

  it('sends the checked change with the turn\'s origin', async () => {
    const f = toolFixture();
    await proposeSetpointTool(f.deps).invoke({ equipment: 'TP-101', parameter: 'MainCompressionForce', value: 17, reason: 'hardness drifting up' }, turn(USERS.engineer, { ...ASKED, conversationId: 'C-9', terminal: 'T-ENG' }));
    const request = f.proposals.requests[0]?.request as Record<string, unknown>;
    assert.equal(request.value, 17);
    assert.equal(request.currentSetpoint, 18);
    assert.deepEqual(request.validatedRange, { min: 14, max: 22 });
    assert.deepEqual([request.requestedBy, request.source, request.conversationId, request.terminal, 'messageId' in request], [USERS.engineer, 'copilot', 'C-9', 'T-ENG', false]);
  });

  it('refuses a value outside the validated range before proposing anything', async () => {
    const f = toolFixture();
    const out = parsed(await proposeSetpointTool(f.deps).invoke({ equipment: 'TP-101', parameter: 'MainCompressionForce', value: 30, reason: 'push harder' }, turn(USERS.engineer, ASKED)));
    assert.equal(out.refused, 'validated-range');
    assert.deepEqual(out.validatedRange, { min: 14, max: 22 });
    assert.equal(f.proposals.requests.length, 0);
  });

  it('refuses an operator (no setpoint.propose) and an unrequested change', async () => {
    const f = toolFixture();
    const args = { equipment: 'TK-07', parameter: 'AgitatorSpeed', value: 130, reason: 'viscosity high' };
    assert.equal(parsed(await proposeSetpointTool(f.deps).invoke(args, turn(USERS.opLine3, ASKED))).refused, 'permission');
    assert.equal(parsed(await proposeSetpointTool(f.deps).invoke(args, turn(USERS.engineer))).refused, 'not-requested');
    assert.equal(f.proposals.requests.length, 0);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, proposeSetpointTool(f.deps), [
      { equipment: 'TP-101', parameter: 'TurretSpeed', value: '50', reason: 'faster run' },
      { equipment: 'TP-101', parameter: 'TurretSpeed', value: Number.NaN, reason: 'faster run' },
      { equipment: 'TP-101', parameter: 'TurretSpeed', value: 50 },
      { equipment: '', parameter: 'TurretSpeed', value: 50, reason: 'faster run' },
    ]);
  });
});
