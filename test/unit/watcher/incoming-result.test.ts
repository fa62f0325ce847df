import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromLimsResult, fromWebhook, limsResultSchema } from '../../../server/watcher/incoming-result';

const reference = { sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001', result_id: 'R-778812', unit: '', status: 'final', finalized_at: '2024-05-03T10:15:00Z' };

describe('LIMS webhook payload', () => {
  it('maps the reference payload onto the inbox shape', () => {
    assert.deepEqual(fromWebhook(limsResultSchema.parse(reference)), {
      resultId: 'R-778812', sampleId: 'BATCH-2024-001-05', test: 'pH', value: '9.8', numeric: 9.8, unit: '', specMin: 6.5, specMax: 7.5,
      lotId: 'LOT-XYZ789', workOrderId: 'WO-1001', finalizedAt: '2024-05-03T10:15:00.000Z',
    });
  });

  it('keys a result without result_id by sample, test, value and instant', () => {
    const { result_id: _id, ...anonymous } = reference;
    const a = fromWebhook(limsResultSchema.parse(anonymous));
    const b = fromWebhook(limsResultSchema.parse({ ...anonymous, finalized_at: '2024-05-03T12:15:00+02:00', test_name: 'PH' }));
    assert.equal(a.resultId, 'BATCH-2024-001-05|PH|9.8|2024-05-03T10:15:00.000Z');
    assert.equal(a.resultId, b.resultId);
    assert.notEqual(a.resultId, fromWebhook(limsResultSchema.parse({ ...anonymous, result: 9.9 })).resultId);
  });

  it('keeps text results as reported ("< 10" cfu/g) and accepts null limits', () => {
    const parsed = fromWebhook(limsResultSchema.parse({ ...reference, test_name: 'TAMC', result: '< 10', spec_min: null, spec_max: 100 }));
    assert.equal(parsed.value, '< 10');
    assert.equal(parsed.numeric, undefined);
    assert.equal(parsed.specMin, undefined);
    assert.equal(parsed.specMax, 100);
  });

  it('names every bad field', () => {
    const issues = limsResultSchema.safeParse({ ...reference, sample_id: '', result: true, spec_max: '7.5', finalized_at: '2024-05-03 10:15' }).error?.issues ?? [];
    assert.deepEqual(issues.map((i) => i.path.join('.')).sort(), ['finalized_at', 'result', 'sample_id', 'spec_max']);
  });

  it('maps a polled LIMS result, keeping its id', () => {
    const mapped = fromLimsResult({ id: 'RES-1', sampleId: 'S', lotId: 'L', test: 'PH', value: '7.1', numeric: 7.1, unit: '', status: 'final', finalizedAt: '2024-05-03T10:15:00Z' });
    assert.equal(mapped.resultId, 'RES-1');
    assert.equal(mapped.lotId, 'L');
  });
});
