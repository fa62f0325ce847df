import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Evidence, GroundedStream } from '../../../server/copilot/grounding';

const TOOL = JSON.stringify({ ok: true, results: [{ resultId: 'R-778812', sampleId: 'BATCH-2024-001-05', value: '9.8', finalizedAt: '2024-05-03T10:15:00Z', spec: { text: '6.5–7.5' } }] });

describe('grounding', () => {
  it('accepts figures, dates and ids that the tool results hold', () => {
    const report = new Evidence([TOOL]).check('pH of sample BATCH-2024-001-05: 9.8 (LIMS result R-778812, final 2024-05-03 10:15 UTC). Specification 6.5–7.5.');
    assert.deepEqual(report, { grounded: true, ungrounded: [] });
  });

  it('names a figure or an id that no tool returned', () => {
    const report = new Evidence([TOOL]).check('pH 9.6 on BATCH-2024-001-07 (R-778812) is within 6.5–7.5.');
    assert.equal(report.grounded, false);
    assert.deepEqual(report.ungrounded, ['9.6', 'BATCH-2024-001-07']);
  });

  it('treats 7.10 and 7.1, 07 and 7 as the same figure, and ignores text without digits', () => {
    const evidence = new Evidence(['{"value":"7.1","line":"LINE-07"}']);
    assert.equal(evidence.check('It reads 7.10 on line 7, which is fine.').grounded, true);
    assert.equal(evidence.check('No figures here at all.').grounded, true);
  });

  it('streams grounded sentences and stops at the first ungrounded one', () => {
    const shown: string[] = [];
    const stream = new GroundedStream(new Evidence([TOOL]), (t) => shown.push(t));
    for (const piece of ['The pH is ', '9.8. Spec', 'ification 6.5–7.5. ', 'Mean 7.02 over ', 'the lot. Done.']) stream.push(piece);
    stream.end();
    assert.deepEqual(shown, ['The pH is 9.8. ', 'Specification 6.5–7.5. ']);
    assert.equal(stream.failed, true);
  });

  it('drops unshown text when a model step ends in tool calls', () => {
    const shown: string[] = [];
    const stream = new GroundedStream(new Evidence([TOOL]), (t) => shown.push(t));
    stream.push('Let me check R-');
    stream.discard();
    stream.push('Result R-778812 is final.');
    stream.end();
    assert.deepEqual(shown, ['Result R-778812 is final.']);
  });
});
