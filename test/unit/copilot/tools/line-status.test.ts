import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineStatusTool } from '../../../../server/copilot/tools/line-status';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('line_status tool', () => {
  it('says WO-1001 with LOT-XYZ789 runs on line 3', async () => {
    const f = toolFixture();
    const out = parsed(await lineStatusTool(f.deps).invoke({ line: 'line 3' }, turn(USERS.opLine3)));
    assert.equal(out.line.id, 'LINE-3');
    assert.deepEqual(out.running.map((r: { workOrder: string; lot: string }) => [r.workOrder, r.lot]), [['WO-1001', 'LOT-XYZ789']]);
    assert.ok(out.equipment.some((e: { id: string; state: string }) => e.id === 'TK-07' && e.state === 'running'));
  });

  it('refuses another operator\'s line and an unknown line', async () => {
    const f = toolFixture();
    assert.equal(parsed(await lineStatusTool(f.deps).invoke({ line: 'LINE-3' }, turn(USERS.opLine1))).refused, 'scope');
    assert.match(parsed(await lineStatusTool(f.deps).invoke({ line: 'LINE-9' }, turn(USERS.qa))).error, /No line/);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, lineStatusTool(f.deps), [{}, { line: '' }, { line: '--' }]);
  });
});
