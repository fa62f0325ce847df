import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { specificationTool } from '../../../../server/copilot/tools/specification';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

describe('specification tool', () => {
  it('finds the pH specification from a lot', async () => {
    const f = toolFixture();
    const out = parsed(await specificationTool(f.deps).invoke({ test: 'pH', lot: 'LOT-XYZ789' }, turn(USERS.opLine3)));
    assert.equal(out.specification.limits, '6.5–7.5');
    assert.equal(out.specification.sopId, 'SOP-QC-001');
    assert.equal(out.sources[0].docId, 'SPEC:SPEC-PARASUS-PH');
  });

  it('resolves "assay" per product and shows the potency bands', async () => {
    const f = toolFixture();
    const tablets = parsed(await specificationTool(f.deps).invoke({ test: 'assay', product: 'PRD-IBU400' }, turn(USERS.qa)));
    assert.equal(tablets.specification.test, 'ASSAY');
    assert.equal(tablets.specification.bands.length, 5);
    const suspension = parsed(await specificationTool(f.deps).invoke({ test: 'Paracetamol assay', product: 'PRD-PARA-SUS' }, turn(USERS.qa)));
    assert.equal(suspension.specification.test, 'ASSAY-SUS');
  });

  it('asks for the product when a test is specified for several', async () => {
    const f = toolFixture();
    const out = parsed(await specificationTool(f.deps).invoke({ test: 'ASSAY' }, turn(USERS.qa)));
    assert.equal(out.specification.test, 'ASSAY');
    const unknown = parsed(await specificationTool(f.deps).invoke({ test: 'colour' }, turn(USERS.qa)));
    assert.equal(unknown.ok, false);
    assert.match(unknown.error, /Known tests/);
  });

  it('never reaches the ports with bad arguments', async () => {
    const f = toolFixture();
    await assertBadArgsNeverReachPorts(f, specificationTool(f.deps), [{}, { test: '' }, { test: 'PH', lot: '<script>' }, { test: ['PH'] }]);
  });
});
