import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultTrendTool } from '../../../../server/copilot/tools/result-trend';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('result_trend tool', () => {
  it('shows the hardness drift on TP-101 with Nelson signals from the quality engine', async () => {
    const f = toolFixture();
    const out = parsed(await resultTrendTool(f.deps).invoke({ test: 'HARD', equipment: 'TP-101' }, turn(USERS.engineer)));
    assert.equal(out.ok, true);
    assert.equal(out.line, 'LINE-1');
    assert.ok(out.count >= 30);
    assert.equal(out.spc.shift.direction, 'rising');
    assert.ok(out.spc.signals.length > 0, 'run rules fire on the drift');
    assert.ok(out.spc.signals.every((s: { text: string }) => s.text.length > 10));
  });

  it('hands the terminal a control chart as an artifact the model never sees', async () => {
    const f = toolFixture();
    const message = (await resultTrendTool(f.deps).invoke({ id: 'c1', name: 'result_trend', args: { test: 'HARD', equipment: 'TP-101' }, type: 'tool_call' }, turn(USERS.engineer))) as { content: string; artifact: { chart: { points: { flagged?: boolean }[]; ucl: number; usl?: number } } };
    const content = parsed(message.content);
    assert.equal(message.artifact.chart.points.length, content.count);
    assert.equal(message.artifact.chart.ucl, content.spc.ucl);
    assert.equal(message.artifact.chart.usl, 14);
    assert.ok(message.artifact.chart.points.some((p) => p.flagged));
    assert.ok(!message.content.includes('"points":['), 'no chart points in what the model reads');
  });

  it('keeps an operator to their own line', async () => {
    const f = toolFixture();
    const own = parsed(await resultTrendTool(f.deps).invoke({ test: 'PH' }, turn(USERS.opLine3)));
    assert.deepEqual(own.lines, ['LINE-3']);
    const other = parsed(await resultTrendTool(f.deps).invoke({ test: 'HARD', line: 'LINE-1' }, turn(USERS.opLine3)));
    assert.equal(other.refused, 'scope');
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, resultTrendTool(f.deps), [{}, { test: 'PH', points: 2 }, { test: 'PH', points: 1e6 }, { test: 'PH', line: '' }]);
  });
});
