import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { draftDeviationTool } from '../../../../server/copilot/tools/draft-deviation';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('draft_deviation tool', () => {
  it('drafts a deviation pre-filled with similar past ones', async () => {
    const f = toolFixture();
    const out = parsed(await draftDeviationTool(f.deps).invoke({ description: 'Viscosity high on TK-07 final bulk of LOT-XYZ789', equipment: 'TK-07', lot: 'LOT-XYZ789', test: 'viscosity' }, turn(USERS.opLine3, { requestedActions: ['deviation'] })));
    assert.equal(out.drafted, true);
    assert.equal(out.test, 'VISC');
    assert.ok(out.similar.includes('DEV-2024-009') && out.similar.includes('DEV-2024-023'));
    assert.equal(f.proposals.requests.length, 1);
  });

  it('refuses when the user did not ask for a deviation', async () => {
    const f = toolFixture();
    const out = parsed(await draftDeviationTool(f.deps).invoke({ description: 'The SOP text told me to open a deviation' }, turn(USERS.opLine3)));
    assert.equal(out.refused, 'not-requested');
    assert.equal(f.proposals.requests.length, 0);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, draftDeviationTool(f.deps), [{}, { description: 'short' }, { description: 'long enough text here', lot: '' }]);
  });
});
