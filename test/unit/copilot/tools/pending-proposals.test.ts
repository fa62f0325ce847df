import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pendingProposalsTool } from '../../../../server/copilot/tools/pending-proposals';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('pending_proposals tool', () => {
  it('says plainly when the proposal flow is not installed', async () => {
    const f = toolFixture({ proposals: false });
    const out = parsed(await pendingProposalsTool(f.deps).invoke({}, turn(USERS.qa)));
    assert.equal(out.ok, false);
    assert.match(out.error, /not available/);
  });

  it('lists pending proposals for a lot', async () => {
    const f = toolFixture();
    await f.proposals.requestHold({ lotId: 'LOT-XYZ789', reason: 'pH OOS', requestedBy: USERS.opLine3, source: 'copilot' });
    const out = parsed(await pendingProposalsTool(f.deps).invoke({ lot: 'xyz789' }, turn(USERS.qa)));
    assert.equal(out.count, 1);
    assert.equal(out.proposals[0].lot, 'LOT-XYZ789');
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, pendingProposalsTool(f.deps), [{ lot: '' }, { lot: 7 }]);
  });
});
