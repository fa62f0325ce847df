import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestSpecification } from '../../../server/domain/types';
import { composeGuidance } from '../../../server/watcher/guidance';
import type { IncomingResult } from '../../../server/watcher/incoming-result';
import { checkResult, checkUnmapped, spcBaselineFor } from '../../../server/watcher/quality-check';
import type { ResultContext } from '../../../server/watcher/result-context';

const assay: TestSpecification = {
  id: 'SPEC-IBU400-ASSAY', version: '3', productId: 'PRD-IBU400', test: 'ASSAY', keyword: 'Assay', unit: '%', kind: 'numeric', lsl: 95, usl: 105, decimals: 1, target: 100,
  bands: [
    { min: 98, max: 102, disposition: 'release', label: '98.0–102.0 %: release' },
    { min: 95, max: 98, disposition: 'review', label: '95.0–98.0 %: QA review' },
    { min: 102, max: 105, disposition: 'review', label: '102.0–105.0 %: QA review' },
    { max: 95, disposition: 'hold', label: 'below 95.0 %: hold' },
    { min: 105, disposition: 'hold', label: 'above 105.0 %: hold' },
  ],
  method: 'HPLC', sopId: 'SOP-QC-003', spc: { chart: 'imr', subgroupSize: 1, rules: ['we1', 'we2', 'we3', 'we4'], baseline: 10 },
};
const history = [100.3, 99.6, 98.8, 99.9, 99.2, 99.5, 100.6, 100.0, 100.0, 100.4, 100.2, 99.7];

describe('quality check of one result', () => {
  it('potency bands: release, review and hold, with the rule and urgency of each', () => {
    const baseline = spcBaselineFor(assay, history);
    assert.ok(baseline, 'ten baseline results give frozen limits');
    const release = checkResult(assay, 100.1, history, baseline);
    assert.deepEqual([release.evaluation.disposition, release.rule, release.severity, release.alerting], ['release', 'spec.band', 'info', false]);
    const review = checkResult(assay, 96.5, history, baseline);
    assert.deepEqual([review.evaluation.disposition, review.verdict.outcome, review.severity, review.alerting], ['review', 'pass', 'warning', true]);
    assert.equal(review.rule, 'spec.band');
    const hold = checkResult(assay, 94.1, history, baseline);
    assert.deepEqual([hold.evaluation.disposition, hold.verdict.outcome, hold.rule, hold.severity], ['hold', 'fail', 'spec.lsl', 'critical']);
  });

  it('a result in spec that breaks a control-chart rule is a warning for review, named by its SPC rule', () => {
    const baseline = spcBaselineFor(assay, history);
    const drifted = checkResult(assay, 101.8, history, baseline);
    assert.equal(drifted.verdict.outcome, 'pass');
    assert.equal(drifted.evaluation.disposition, 'review');
    assert.equal(drifted.rule, 'spc.we1');
    assert.equal(drifted.severity, 'warning');
  });

  it('too short a history skips SPC without failing the spec check', () => {
    assert.equal(spcBaselineFor(assay, history.slice(0, 4)), undefined);
    const result = checkResult(assay, 99.9, history.slice(0, 4), undefined);
    assert.equal(result.evaluation.spc.status, 'insufficient-history');
    assert.equal(result.evaluation.disposition, 'release');
  });
});

describe('guidance text', () => {
  const result: IncomingResult = { resultId: 'R-1', sampleId: 'BATCH-2024-034-05', test: 'Assay', value: '94.1', numeric: 94.1, lotId: 'LOT-24-0120', finalizedAt: '2024-05-03T10:15:00.000Z' };
  const context: ResultContext = {
    lotId: 'LOT-24-0120', productId: 'PRD-IBU400', spec: assay, specSource: 'catalog', equipment: [], notes: [],
    workOrder: { id: 'WO-1034', productId: 'PRD-IBU400', lineId: 'LINE-1', lotId: 'LOT-24-0120', status: 'running', quantity: 1, unit: 'kg', plannedStart: '2024-05-01T06:00:00Z' },
    line: { id: 'LINE-1', name: 'Line 1', area: 'Solid dose', terminals: [], equipmentIds: [] },
  };
  const quality = checkResult(assay, 94.1, history, spcBaselineFor(assay, history));

  it('says what happened, which rule, which SOPs and what to do now, and is the same every time', () => {
    const input = { result, context, quality, mode: 'assist' as const, proposals: [{ kind: 'hold' as const, id: 'P-1', auto: false }, { kind: 'deviation' as const, id: 'P-2', auto: false }] };
    const guidance = composeGuidance(input);
    assert.equal(guidance.text, composeGuidance(input).text);
    assert.match(guidance.whatHappened, /^ASSAY 94\.1 % is below the lower specification limit 95\.0/);
    assert.equal(guidance.rule, 'spec.lsl');
    assert.deepEqual(guidance.sops, ['SOP-QC-003', 'SOP-QC-002', 'SOP-QA-010', 'WI-PRD-030']);
    assert.match(guidance.text, /Lot LOT-24-0120 \(WO-1034, LINE-1\), sample BATCH-2024-034-05, finalized 2024-05-03 10:15 UTC\./);
    assert.deepEqual(guidance.actions.slice(0, 3), [
      'Do not use or move material from LOT-24-0120 until QA decides (WI-PRD-030).',
      "A hold is proposed (P-1) and waits for QA's e-signature (SOP-QA-010).",
      'QC starts the phase I laboratory investigation of the OOS result (SOP-QC-002); do not retest into compliance.',
    ]);
  });

  it('tells the operator what the mode did: auto placed the hold, observe proposes nothing', () => {
    const auto = composeGuidance({ result, context, quality, mode: 'auto', proposals: [{ kind: 'hold', id: 'P-9', auto: true }] });
    assert.match(auto.text, /The policy placed LOT-24-0120 on hold at once \(auto mode, P-9\); QA is notified\./);
    const observe = composeGuidance({ result, context, quality, mode: 'observe', proposals: [] });
    assert.match(observe.text, /Observe mode: qloop writes nothing to the MES/);
  });

  it('an unmapped result asks QA to map it and decides nothing', () => {
    const unmapped = { mes: 'in-process-mes', mappingRow: false, reason: 'sample S-9 maps to no lot and the result names none', fix: 'ask the lab to record the lot or batch of sample S-9 in the LIMS' };
    const guidance = composeGuidance({ result: { ...result, lotId: undefined }, context: { specSource: 'none', equipment: [], notes: [unmapped.reason], unmapped }, mode: 'assist', proposals: [] });
    assert.equal(guidance.rule, 'unmapped');
    assert.match(guidance.text, /could not be evaluated: sample S-9 maps to no lot/);
    assert.match(guidance.text, /Ask the lab to record the lot or batch of sample S-9 in the LIMS; results received after the fix reach the lot\./);
  });

  it('an unmapped result with limits from the LIMS: the verdict (an OOS is critical, filed under the LIMS lot) and the mapping fix', () => {
    const limits: TestSpecification = { id: 'LIMS:unmapped:PH', version: 'as reported', productId: '', test: 'PH', keyword: 'PH', unit: '', kind: 'numeric', lsl: 6.5, usl: 7.5, decimals: 1, method: 'limits as reported by the LIMS' };
    const unmapped = { mes: 'plex', lotId: 'LOT-NOT-MAPPED', mesLotId: 'LOT-NOT-MAPPED', mappingRow: false, reason: 'plex does not know lot LOT-NOT-MAPPED and the mapping table has no row for it', fix: 'ask the administrator to add lot LOT-NOT-MAPPED to the mapping table' };
    const unmappedContext: ResultContext = { lotId: 'LOT-NOT-MAPPED', spec: limits, specSource: 'lims', equipment: [], notes: [unmapped.reason], unmapped };
    const ph = { ...result, test: 'PH', value: '9.8', numeric: 9.8, lotId: 'LOT-NOT-MAPPED' };
    const oos = checkUnmapped(limits, 9.8);
    assert.deepEqual([oos.verdict.outcome, oos.severity, oos.rule], ['fail', 'critical', 'spec.usl']);
    const guidance = composeGuidance({ result: ph, context: unmappedContext, quality: oos, mode: 'assist', proposals: [] });
    assert.equal(guidance.rule, 'spec.usl');
    assert.deepEqual(guidance.sops, ['SOP-QC-002', 'SOP-QA-010', 'WI-PRD-030']);
    assert.match(guidance.whatHappened, /^PH 9\.8 is above the upper specification limit 7\.5.* Unmapped result: plex does not know lot LOT-NOT-MAPPED/);
    assert.deepEqual(guidance.actions, [
      'Do not use or move material from LOT-NOT-MAPPED until QA decides (WI-PRD-030).',
      'qloop cannot place a hold on a lot plex does not know: QA places it by hand in plex (SOP-QA-010).',
      'The OOS is recorded under LOT-NOT-MAPPED and blocks its release in qloop; QC starts the phase I laboratory investigation (SOP-QC-002); do not retest into compliance.',
      'Ask the administrator to add lot LOT-NOT-MAPPED to the mapping table; results received after the fix reach the lot.',
    ]);
    const pass = composeGuidance({ result: { ...ph, value: '7.0', numeric: 7 }, context: unmappedContext, quality: checkUnmapped(limits, 7.0), mode: 'assist', proposals: [] });
    assert.equal(pass.rule, 'unmapped');
    assert.match(pass.text, /The result meets the limits the LIMS sent; QA dispositions the lot by hand/);
  });
});
