import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeviationReport, Equipment, TestSpecification } from '../../../server/domain/types';
import { buildDeviationDraft, similarDeviations } from '../../../server/proposals/deviation-draft';

const deviation = (id: string, change: Partial<DeviationReport>): DeviationReport => ({
  id, title: `Deviation ${id}`, openedAt: '2024-03-01T08:00:00Z', status: 'closed', classification: 'minor', lotIds: [], equipmentIds: [],
  description: 'd', rootCause: 'r', capa: 'c', ...change,
});
const past = [
  deviation('DEV-2024-001', { test: 'VISC', equipmentIds: ['TK-07'] }),
  deviation('DEV-2024-002', { test: 'PH', equipmentIds: ['PHM-03'], openedAt: '2024-04-01T08:00:00Z', rootCause: 'pH meter calibration failure' }),
  deviation('DEV-2024-003', { test: 'PH', openedAt: '2024-02-01T08:00:00Z' }),
  deviation('DEV-2024-004', { test: 'HARD', equipmentIds: ['TP-101'] }),
];
const equipment = [{ id: 'TK-07', name: 'Mixing tank 7', type: 'tank', lineId: 'LINE-3', state: 'running', parameters: [{ id: 'TK-07.AgitatorSpeed', name: 'Agitator speed', unit: 'rpm', setpoint: 120, current: 121, validatedRange: { min: 80, max: 160 } }] }, { id: 'PHM-03', name: 'pH meter 03', type: 'instrument', lineId: 'LINE-3', state: 'idle', parameters: [] }] as Equipment[];

describe('deviation draft', () => {
  it('ranks past deviations by shared test and equipment, newest first on a tie', () => {
    const similar = similarDeviations({ lotId: 'LOT-XYZ789', test: 'PH', equipment, pastDeviations: past }, 3);
    assert.deepEqual(similar.map((d) => d.id), ['DEV-2024-002', 'DEV-2024-003', 'DEV-2024-001']);
  });

  it('pre-fills result, spec, lot, equipment state and similar deviations', () => {
    const spec = { id: 'SPEC-PARASUS-PH', version: '2', productId: 'PRD-PARA-SUS', test: 'PH', keyword: 'pH', unit: '', kind: 'numeric', lsl: 6.5, usl: 7.5, decimals: 1, method: 'Potentiometry', sopId: 'SOP-QC-001' } as TestSpecification;
    const draft = buildDeviationDraft({
      lotId: 'LOT-XYZ789', productId: 'PRD-PARA-SUS', workOrderId: 'WO-1001', lineId: 'LINE-3', test: 'PH',
      result: { resultId: 'R-778812', sampleId: 'BATCH-2024-001-05', value: '9.8', unit: '', finalizedAt: '2024-05-03T10:15:00.000Z' },
      spec, finding: 'PH 9.8 is above the upper specification limit 7.5 (6.5–7.5): out of specification.', outOfSpecification: true,
      equipment, detectedAt: '2024-05-03T10:15:01.000Z', pastDeviations: past,
    });
    assert.equal(draft.title, 'PH result 9.8 out of specification on LOT-XYZ789');
    assert.equal(draft.classification, 'major');
    assert.deepEqual(draft.spec, { specificationId: 'SPEC-PARASUS-PH', criterion: '6.5–7.5', lsl: 6.5, usl: 7.5, sopId: 'SOP-QC-001' });
    assert.deepEqual(draft.equipmentIds, ['TK-07', 'PHM-03']);
    assert.match(draft.description, /Result R-778812 on sample BATCH-2024-001-05, finalized 2024-05-03T10:15:00.000Z\./);
    assert.match(draft.description, /TK-07 Mixing tank 7 \(running; Agitator speed 121 rpm\)/);
    assert.match(draft.description, /DEV-2024-002 "Deviation DEV-2024-002" \(closed; root cause: pH meter calibration failure\)/);
    assert.equal(draft.similar[0]?.id, 'DEV-2024-002');
  });
});
