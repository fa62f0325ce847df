import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetadataError, resolveMetadata, titleFromFileName } from '../../../server/rag/metadata';

describe('document metadata', () => {
  it('takes declared fields and normalises aliases', () => {
    const meta = resolveMetadata({
      filePath: '/x/whatever.md',
      declared: { id: 'SOP-QC-001', title: 'pH', type: 'SOP', revision: 3, effective_date: '2024-02-01', status: 'Approved', products: 'PRD-A, PRD-B' },
    });
    assert.deepEqual(meta, { id: 'SOP-QC-001', title: 'pH', type: 'sop', revision: '3', effectiveDate: '2024-02-01', status: 'effective', products: ['PRD-A', 'PRD-B'], equipment: [], tests: [] });
  });

  it('reads id, revision and title from a numbered file name', () => {
    const meta = resolveMetadata({ filePath: '/x/WI-PRD-030_rev2_Hold alert response.pdf', declared: {} });
    assert.equal(meta.id, 'WI-PRD-030');
    assert.equal(meta.revision, '2');
    assert.equal(meta.title, 'Hold alert response');
    assert.equal(meta.type, 'work-instruction');
  });

  it('uses the whole file name as id for other files, the PDF title when it is a real one', () => {
    const meta = resolveMetadata({ filePath: '/c/Investigating_OOS_Test_Results.pdf', declared: {}, extractedTitle: 'Investigating Out-of-Specification (OOS) Test Results' });
    assert.equal(meta.id, 'Investigating_OOS_Test_Results');
    assert.equal(meta.title, 'Investigating Out-of-Specification (OOS) Test Results');
    assert.equal(meta.type, 'guidance');
    assert.equal(meta.status, 'effective');
    assert.equal(meta.revision, '');
  });

  it('ignores leftover PDF titles and falls back to the file name', () => {
    const meta = resolveMetadata({ filePath: '/c/2014-08_gmp_chap8.pdf', declared: {}, extractedTitle: 'Final agreed Ch 8 February 2014 clean' });
    assert.equal(meta.title, '2014-08 gmp chap8');
    assert.equal(titleFromFileName('Process-Validation--General-Principles'), 'Process Validation: General Principles');
  });

  it('lets --type decide for documents that declare none', () => {
    assert.equal(resolveMetadata({ filePath: '/w/press.md', declared: {}, defaultType: 'work-instruction' }).type, 'work-instruction');
    assert.equal(resolveMetadata({ filePath: '/w/press.md', declared: { type: 'sop' }, defaultType: 'work-instruction' }).type, 'sop');
  });

  it('refuses unknown types, statuses and dates with the field name', () => {
    assert.throws(() => resolveMetadata({ filePath: 'a.md', declared: { type: 'memo' } }), (e: Error) => e instanceof MetadataError && /^type "memo"/.test(e.message));
    assert.throws(() => resolveMetadata({ filePath: 'a.md', declared: { status: 'maybe' } }), /status "maybe"/);
    assert.throws(() => resolveMetadata({ filePath: 'a.md', declared: { effective_date: '1 May' } }), /effective_date/);
  });
});
