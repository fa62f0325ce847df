import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workOrderTool } from '../../../../server/copilot/tools/work-order';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('work_order tool', () => {
  it('reads WO-1001 by its number', async () => {
    const f = toolFixture();
    const out = parsed(await workOrderTool(f.deps).invoke({ workOrder: '1001' }, turn(USERS.opLine3)));
    assert.equal(out.workOrder.id, 'WO-1001');
    assert.equal(out.workOrder.status, 'running');
    assert.equal(out.lot.id, 'LOT-XYZ789');
  });

  it('refuses an unknown work order and one on another line', async () => {
    const f = toolFixture();
    assert.equal(parsed(await workOrderTool(f.deps).invoke({ workOrder: 'WO-9999' }, turn(USERS.qa))).ok, false);
    assert.equal(parsed(await workOrderTool(f.deps).invoke({ workOrder: 'WO-1001' }, turn(USERS.opLine1))).refused, 'scope');
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, workOrderTool(f.deps), [{}, { workOrder: '' }, { workOrder: 1001 }]);
  });
});
