import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainAlertTool } from '../../../../server/copilot/tools/explain-alert';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('explain_alert tool', () => {
  it('explains the pH 9.8 alert from the verdict and the SPC rules at that result', async () => {
    const f = toolFixture();
    const [pending] = await f.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
    f.lims.recordResult({ ...pending!, value: '9.8', numeric: 9.8, status: 'final', finalizedAt: '2024-05-03T10:15:00Z' });
    const out = parsed(await explainAlertTool(f.deps).invoke({ lot: 'LOT-XYZ789', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(out.result.resultId, 'R-778812');
    assert.equal(out.result.verdict.oos, true);
    assert.ok(out.spc.rulesFiredAtThisResult.includes('we1'));
    assert.equal(out.sopId, 'SOP-QC-001');
  });

  it('uses the alert service when an alert id is given', async () => {
    const f = toolFixture();
    const deps = { ...f.deps, alerts: { alert: async (id: string) => (id === 'A-1' ? { id, severity: 'warning' as const, lot: 'LOT-24-0122', test: 'HARD', value: 12.4, unit: 'kp', spec: '8.0–14.0', rule: 'nelson2', guidance: 'check TP-101' } : undefined) } };
    const out = parsed(await explainAlertTool(deps).invoke({ alertId: 'A-1' }, turn(USERS.engineer)));
    assert.equal(out.alert.id, 'A-1');
    assert.equal(out.result.test, 'HARD');
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, explainAlertTool(f.deps), [{}, { test: 'PH' }, { alertId: '' }]);
  });
});
