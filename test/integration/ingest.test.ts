import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HashEmbeddings } from '../../server/adapters/embeddings/hash-embeddings';
import { ingestDocuments, type IngestSummary } from '../../server/rag/ingest';
import { CORPUS_DIR, copyFixtures, corpusPageCounts, RecordingAuditLog, REPO_ROOT, tempIndex, type TestIndex } from '../fixtures/documents/harness';
import { makePdf } from '../fixtures/documents/make-pdf';

const hasCorpus = fs.existsSync(path.join(CORPUS_DIR, 'README.md'));

describe('ingesting the public GMP corpus', { skip: hasCorpus ? false : `no corpus at ${CORPUS_DIR}` }, () => {
  let t: TestIndex;
  let first: IngestSummary;
  const audit = new RecordingAuditLog();
  before(async () => {
    t = tempIndex();
    first = await ingestDocuments(t.index, { paths: [CORPUS_DIR], audit });
  });
  after(() => t.close());

  it('ingests every PDF with the page count of the corpus README', () => {
    const expected = corpusPageCounts();
    assert.equal(expected.size, 11);
    assert.deepEqual(first.failed, []);
    const docs = new Map(t.index.documents().map((d) => [path.basename(d.sourcePath), d]));
    for (const [file, pages] of expected) {
      const doc = docs.get(file);
      assert.ok(doc, `${file} missing`);
      assert.equal(doc.pageCount, pages, file);
      assert.equal(doc.id, file.replace(/\.pdf$/, ''));
      assert.ok(doc.chunkCount >= pages / 2, `${file}: only ${doc.chunkCount} chunks`);
    }
    assert.equal(first.pages, [...expected.values()].reduce((a, b) => a + b, 0));
    assert.equal(docs.has('README.md'), false, 'a folder README is not a controlled document');
  });

  it('puts known passages on their physical page', () => {
    const pagesWith = (docId: string, phrase: string) =>
      t.db.prepare('SELECT DISTINCT page FROM document_chunks WHERE doc_key = ? AND instr(text, ?) > 0 ORDER BY page').pluck().all(docId, phrase);
    // The section itself, not its contents entry on page 3 (and printed page 2 is physical page 5).
    assert.deepEqual(pagesWith('Investigating_OOS_Test_Results', 'II. BACKGROUND'), [5]);
    assert.deepEqual(pagesWith('Investigating_OOS_Test_Results', 'obvious error'), [7]);
    assert.deepEqual(pagesWith('21_Code_of_Federal_Regulations_210_211', '§ 211.192 Production record review'), [28]);
    assert.deepEqual(pagesWith('2014-08_gmp_chap8', 'Product Recalls and other potential risk-reducing actions'), [5]);
  });

  it('repairs the hyphenated OOS guidance title', () => {
    const oos = t.index.document('Investigating_OOS_Test_Results');
    assert.match(t.index.pageText(oos!, 1) ?? '', /Investigating Out-of-Specification \(OOS\)/);
  });

  it('audits every added document', () => {
    assert.equal(audit.entries.filter((e) => e.action === 'document.ingested').length, 11);
    assert.deepEqual(audit.entries[0]?.subject.type, 'document');
  });

  it('skips every unchanged file on a second run', async () => {
    const second = await ingestDocuments(t.index, { paths: [CORPUS_DIR] });
    assert.equal(second.skipped.length, 11);
    assert.equal(second.documents, 0);
    assert.deepEqual(second.failed, []);
  });

  it('keeps the vector index on disk and loads it in another process without a rebuild', async () => {
    const stampFile = path.join(t.dir, 'index', 'chunks.hnsw.json');
    const before = fs.statSync(stampFile).mtimeMs;
    const hits = await t.reopen().search('equipment cleaning and maintenance', { mode: 'vector', k: 3 });
    assert.equal(hits.length, 3);
    assert.equal(fs.statSync(stampFile).mtimeMs, before);
  });

  it('re-embeds and rebuilds the vector index when the embedding provider changes', async () => {
    const other = t.reopen(new HashEmbeddings({ dimensions: 256 }));
    const summary = await ingestDocuments(other, { paths: [CORPUS_DIR] });
    assert.equal(summary.reembedded, t.db.prepare('SELECT count(*) FROM document_chunks').pluck().get());
    assert.equal(summary.skipped.length, 11);
    const stamp = JSON.parse(fs.readFileSync(path.join(t.dir, 'index', 'chunks.hnsw.json'), 'utf8')) as { embeddingsId: string; dimensions: number };
    assert.deepEqual([stamp.embeddingsId, stamp.dimensions], ['hash-v1-256', 256]);
    const [hit] = await other.search('production record review', { mode: 'vector', k: 1 });
    assert.equal(hit?.docId, '21_Code_of_Federal_Regulations_210_211');
  });
});

const PLANT = path.join(REPO_ROOT, 'data/plant/demo-plant.json');

describe('ingesting the demo plant deviations', { skip: fs.existsSync(PLANT) ? false : 'no plant dataset' }, () => {
  it('makes one cited, product-tagged document per report', async () => {
    const t = tempIndex();
    try {
      const summary = await ingestDocuments(t.index, { paths: [PLANT] });
      const plant = JSON.parse(fs.readFileSync(PLANT, 'utf8')) as { deviations: { id: string }[] };
      assert.deepEqual(summary.added.sort(), plant.deviations.map((d) => d.id).sort());
      const docs = t.index.documents();
      assert.ok(docs.every((d) => d.type === 'deviation' && d.pageCount === 1 && d.products.length > 0));
      // The dataset has two viscosity deviations on mixing tank TK-07 (helper-briefs/demo-plant.md).
      const hits = await t.index.search('low viscosity in mixing tank TK-07', { k: 2, type: ['deviation'] });
      assert.deepEqual(hits.map((h) => t.index.document(h.docId)?.equipment.includes('TK-07')), [true, true]);
      assert.deepEqual(hits.map((h) => h.page), [1, 1]);
    } finally {
      t.close();
    }
  });
});

describe('incremental ingest of changed, moved, broken and deleted files', () => {
  let t: TestIndex;
  let src: string;
  const audit = new RecordingAuditLog();
  before(() => {
    t = tempIndex();
    src = copyFixtures(['sops/SOP-QC-101.md', 'sops/SOP-PRD-120.md', 'deviations/deviations-export.csv']);
  });
  after(() => {
    t.close();
    fs.rmSync(src, { recursive: true, force: true });
  });

  it('replaces a changed file and reports what changed', async () => {
    const initial = await ingestDocuments(t.index, { paths: [src] });
    assert.deepEqual(initial.added.sort(), ['DEV-2024-101', 'DEV-2024-102', 'SOP-PRD-120@1', 'SOP-QC-101@3']);
    const file = path.join(src, 'SOP-PRD-120.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Set the main compression force to 18 kN', 'Set the main compression force to 19.5 kN'));
    const rerun = await ingestDocuments(t.index, { paths: [src], audit });
    assert.deepEqual(rerun.replaced, ['SOP-PRD-120@1']);
    assert.equal(rerun.skipped.length, 2);
    const [hit] = await t.index.search('main compression force kN', { mode: 'keyword', k: 1 });
    assert.match(hit?.text ?? '', /19\.5 kN/);
    assert.deepEqual(audit.entries.map((e) => [e.action, e.subject.id]), [['document.replaced', 'SOP-PRD-120@1']]);
  });

  it('reports a corrupt and an encrypted PDF with their reasons and ingests the rest', async () => {
    fs.writeFileSync(path.join(src, 'corrupt.pdf'), '%PDF-1.7\nthis is not a PDF body at all');
    fs.writeFileSync(path.join(src, 'locked.pdf'), makePdf([['Confidential batch record']], { encrypted: true }));
    fs.writeFileSync(path.join(src, 'WI-QC-140_rev1_Sample labelling.pdf'), makePdf([['Label every sample container.'], ['Page two: retain samples for one year.']]));
    const summary = await ingestDocuments(t.index, { paths: [src] });
    const reasons = new Map(summary.failed.map((f) => [path.basename(f.path), f.reason]));
    assert.match(reasons.get('corrupt.pdf') ?? '', /^corrupt PDF/);
    assert.match(reasons.get('locked.pdf') ?? '', /^encrypted PDF/);
    assert.deepEqual(summary.added, ['WI-QC-140@1']);
    const wi = t.index.document('WI-QC-140');
    assert.deepEqual([wi?.type, wi?.title, wi?.pageCount], ['work-instruction', 'Sample labelling', 2]);
    assert.equal(t.index.pageText(wi!, 2), 'Page two: retain samples for one year.');
    fs.rmSync(path.join(src, 'corrupt.pdf'));
    fs.rmSync(path.join(src, 'locked.pdf'));
  });

  it('refuses a second file claiming the same document id and revision', async () => {
    const copy = path.join(src, 'copy-of-SOP-QC-101.md');
    fs.copyFileSync(path.join(src, 'SOP-QC-101.md'), copy);
    const summary = await ingestDocuments(t.index, { paths: [src] });
    assert.deepEqual(summary.failed, [{ path: copy, reason: `SOP-QC-101 revision 3 is already ingested from ${path.join(src, 'SOP-QC-101.md')}` }]);
    fs.rmSync(copy);
  });

  it('follows a renamed file without calling it a duplicate', async () => {
    fs.renameSync(path.join(src, 'SOP-QC-101.md'), path.join(src, 'ph-sop.md'));
    const summary = await ingestDocuments(t.index, { paths: [src] });
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(summary.added, ['SOP-QC-101@3']);
    assert.equal(t.index.document('SOP-QC-101')?.sourcePath, path.join(src, 'ph-sop.md'));
  });

  it('removes documents whose file is gone only with --prune', async () => {
    fs.rmSync(path.join(src, 'deviations-export.csv'));
    const without = await ingestDocuments(t.index, { paths: [src] });
    assert.deepEqual(without.removed, []);
    assert.ok(t.index.document('DEV-2024-101'));
    const pruned = await ingestDocuments(t.index, { paths: [src], prune: true, audit });
    assert.deepEqual(pruned.removed, ['DEV-2024-101', 'DEV-2024-102']);
    assert.equal(t.index.document('DEV-2024-101'), undefined);
    assert.deepEqual(await t.index.search('viscosity tank 7 agitator', { type: ['deviation'] }), []);
    assert.ok(audit.entries.some((e) => e.action === 'document.removed' && e.subject.id === 'DEV-2024-102'));
  });

  it('reports paths and patterns that name nothing', async () => {
    const summary = await ingestDocuments(t.index, { paths: [path.join(src, 'missing.pdf'), path.join(src, '*.docx')] });
    assert.deepEqual(summary.failed.map((f) => f.reason), ['no such file or folder', 'the pattern matched no files']);
  });
});
