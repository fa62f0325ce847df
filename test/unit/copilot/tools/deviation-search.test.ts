import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviationSearchTool } from '../../../../server/copilot/tools/deviation-search';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('deviation_search tool', () => {
  it('finds the two viscosity deviations on tank 7', async () => {
    const f = toolFixture();
    const out = parsed(await deviationSearchTool(f.deps).invoke({ equipment: 'TK-07', test: 'VISC' }, turn(USERS.opLine3)));
    assert.deepEqual(out.deviations.map((d: { id: string }) => d.id).sort(), ['DEV-2024-009', 'DEV-2024-023']);
    assert.ok(out.sources.every((s: { docId: string }) => s.docId.startsWith('DEV-')));
  });

  it('matches words, and hides other lines from an operator', async () => {
    const f = toolFixture();
    const words = parsed(await deviationSearchTool(f.deps).invoke({ query: 'calibration pH meter' }, turn(USERS.qa)));
    assert.equal(words.deviations[0].id, 'DEV-2024-019');
    const scoped = parsed(await deviationSearchTool(f.deps).invoke({ equipment: 'TP-101' }, turn(USERS.opLine3)));
    assert.equal(scoped.count, 0);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, deviationSearchTool(f.deps), [{ equipment: '' }, { k: 0 }, { query: 'x'.repeat(400) }]);
  });
});
