import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equipmentStatusTool } from '../../../../server/copilot/tools/equipment-status';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('equipment_status tool', () => {
  it('reads the agitator speed of TK-07 with its validated range', async () => {
    const f = toolFixture();
    const out = parsed(await equipmentStatusTool(f.deps).invoke({ equipment: 'tk07', parameter: 'agitator speed' }, turn(USERS.opLine3)));
    assert.equal(out.equipment.id, 'TK-07');
    assert.equal(out.parameters.length, 1);
    assert.equal(out.parameters[0].setpoint, 120);
    assert.deepEqual(out.parameters[0].validatedRange, { min: 80, max: 160 });
  });

  it('names the parameters when one is unknown', async () => {
    const f = toolFixture();
    const out = parsed(await equipmentStatusTool(f.deps).invoke({ equipment: 'TK-07', parameter: 'colour' }, turn(USERS.opLine3)));
    assert.equal(out.ok, false);
    assert.match(out.error, /AgitatorSpeed/);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, equipmentStatusTool(f.deps), [{}, { equipment: '' }, { equipment: 'TK-07', parameter: '' }]);
  });
});
