import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limsResultsTool } from '../../../../server/copilot/tools/lims-results';
import { parsed, toolFixture, turn, USERS } from '../support';

describe('lims_results tool', () => {
  it('returns the results of lot 12345 by its short number, with spec and verdict', async () => {
    const f = toolFixture();
    const out = parsed(await limsResultsTool(f.deps).invoke({ lot: '12345', test: 'pH' }, turn(USERS.opLine3)));
    assert.equal(out.ok, true);
    assert.equal(out.lot, 'LOT-12345');
    assert.equal(out.test, 'PH');
    assert.equal(out.results[0].value, '7.1');
    assert.equal(out.results[0].spec.text, '6.5–7.5');
    assert.equal(out.results[0].verdict.outcome, 'pass');
    assert.ok(out.sources.some((s: { docId: string }) => s.docId === `LIMS:${out.results[0].resultId}`));
  });

  it('reports the reference sample: pending pH until the lab posts 9.8, then OOS', async () => {
    const f = toolFixture();
    const tool = limsResultsTool(f.deps);
    const before = parsed(await tool.invoke({ sample: 'BATCH-2024-001-05', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(before.results[0].status, 'pending');
    f.lims.recordResult({ ...(await f.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' }))[0]!, value: '9.8', numeric: 9.8, status: 'final', finalizedAt: '2024-05-03T10:15:00Z' });
    const after = parsed(await tool.invoke({ sample: 'BATCH-2024-001-05', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(after.results[0].value, '9.8');
    assert.equal(after.results[0].verdict.oos, true);
    assert.equal(after.results[0].verdict.disposition, 'hold');
    assert.deepEqual(after.sources.map((s: { docId: string }) => s.docId), ['LIMS:R-778812']);
  });

  it('names a hold proposal already waiting for an OOS lot, so the answer offers no second one', async () => {
    const f = toolFixture();
    const tool = limsResultsTool(f.deps);
    f.lims.recordResult({ ...(await f.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' }))[0]!, value: '9.8', numeric: 9.8, status: 'final', finalizedAt: '2024-05-03T10:15:00Z' });
    const none = parsed(await tool.invoke({ lot: 'LOT-XYZ789', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(none.pendingHolds, undefined);
    const hold = await f.proposals.requestHold({ lotId: 'LOT-XYZ789', reason: 'OOS pH 9.8', requestedBy: USERS.qa, source: 'copilot' });
    const waiting = parsed(await tool.invoke({ lot: 'LOT-XYZ789', test: 'PH' }, turn(USERS.opLine3)));
    assert.deepEqual(waiting.pendingHolds, [{ id: hold.id, status: 'proposed' }]);
    const passing = parsed(await tool.invoke({ lot: '12345', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(passing.pendingHolds, undefined, 'only looked up for an OOS result');
  });

  it('refuses a lot outside an operator\'s line', async () => {
    const f = toolFixture();
    const out = parsed(await limsResultsTool(f.deps).invoke({ lot: 'LOT-XYZ789' }, turn(USERS.opLine1)));
    assert.equal(out.ok, false);
    assert.equal(out.refused, 'scope');
    assert.ok(!f.limsCalls.includes('findResults'));
  });

  it('answers an unknown lot with a message for the model', async () => {
    const f = toolFixture();
    const out = parsed(await limsResultsTool(f.deps).invoke({ lot: 'LOT-NOPE99' }, turn(USERS.qa)));
    assert.equal(out.ok, false);
    assert.match(out.error, /No lot matches "LOT-NOPE99".*try again/);
  });

  it('never reaches the LIMS or MES with bad arguments', async () => {
    const f = toolFixture();
    const tool = limsResultsTool(f.deps);
    for (const bad of [{}, { lot: '' }, { lot: 'x'.repeat(41) }, { lot: 'LOT-1; DROP TABLE' }, { sample: 42 }, { lot: 'LOT-12345', limit: 0 }, { lot: 'LOT-12345', limit: 500 }]) {
      await assert.rejects(tool.invoke(bad as never, turn(USERS.qa)), /fix the argument|expected|Received tool input/i, JSON.stringify(bad));
    }
    assert.deepEqual([...f.limsCalls, ...f.mesCalls], []);
  });
});
