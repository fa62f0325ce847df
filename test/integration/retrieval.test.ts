import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ingestDocuments } from '../../server/rag/ingest';
import type { SearchHit } from '../../server/rag/types';
import { CORPUS_DIR, FIXTURES_DIR, tempIndex, type TestIndex } from '../fixtures/documents/harness';

const hasCorpus = fs.existsSync(CORPUS_DIR);
const cite = (hits: SearchHit[]) => hits.map((h) => `${h.docId}${h.revision ? `@${h.revision}` : ''}:${h.page}`);

describe('retrieval over the corpus and the fixture SOPs', { skip: hasCorpus ? false : `no corpus at ${CORPUS_DIR}` }, () => {
  let t: TestIndex;
  before(async () => {
    t = tempIndex();
    const summary = await ingestDocuments(t.index, { paths: [CORPUS_DIR, path.join(FIXTURES_DIR, 'sops'), path.join(FIXTURES_DIR, 'notes'), path.join(FIXTURES_DIR, 'deviations')] });
    assert.deepEqual(summary.failed, []);
  });
  after(() => t.close());

  // Each question with the page a reader must be sent to, checked by hand in the source.
  const expectations: [string, string][] = [
    ['What are the acceptance criteria for the pH meter calibration slope?', 'SOP-QC-101@3:2'],
    ['How often are tablet hardness and weight checked during compression?', 'SOP-PRD-120@1:1'],
    ['Who verifies line clearance before a new lot starts?', 'SOP-PRD-123@1:2'],
    ['Why was the viscosity below the limit on tank 7?', 'DEV-2024-101:1'],
    ['dryer inlet air temperature above the validated range', 'DEV-2024-103:1'],
    ['Which regulation requires written procedures for production and process control and recording deviations?', '21_CFR_211.100_up_to_date_as_of_2-13-2026:1'],
    ['The analyst spilled part of the sample solution: what should be done with the analysis?', 'Investigating_OOS_Test_Results:7'],
    ['production record review and investigation of unexplained discrepancies', '21_Code_of_Federal_Regulations_210_211:28'],
  ];
  for (const [question, expected] of expectations) {
    it(`hybrid search cites ${expected} for "${question}"`, async () => {
      const hits = await t.index.search(question, { k: 5 });
      assert.ok(cite(hits).includes(expected), `top 5 were ${cite(hits).join(', ')}`);
    });
  }

  it('carries everything a citation needs', async () => {
    const [hit] = await t.index.search('three-point calibration buffers 4.01 7.00 10.01', { k: 1 });
    assert.deepEqual(
      { docId: hit?.docId, title: hit?.title, revision: hit?.revision, type: hit?.type, status: hit?.status, page: hit?.page, section: hit?.section },
      { docId: 'SOP-QC-101', title: 'pH measurement and pH meter calibration', revision: '3', type: 'sop', status: 'effective', page: 2, section: '3. Calibration' },
    );
    assert.match(hit?.chunkId ?? '', /^SOP-QC-101@3\/p2\/c\d+$/);
    assert.match(hit?.text ?? '', /\| Phthalate \| 4\.01 \| ± 0\.05 \|/);
    assert.ok((hit?.score ?? 0) > 0);
  });

  it('leaves superseded revisions out unless asked for', async () => {
    const question = 'two-point calibration weekly tolerance 0.10 pH units logbook';
    for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
      const hits = await t.index.search(question, { k: 10, mode });
      assert.ok(hits.every((h) => h.status !== 'superseded'), `${mode}: ${cite(hits)}`);
    }
    const withOld = await t.index.search(question, { k: 3, includeSuperseded: true });
    assert.equal(cite(withOld)[0], 'SOP-QC-101@2:1');
    assert.equal(withOld[0]?.status, 'superseded');
    const onlyOld = await t.index.search(question, { k: 10, status: ['superseded'] });
    assert.ok(onlyOld.length > 0 && onlyOld.every((h) => h.revision === '2' && h.docId === 'SOP-QC-101'));
  });

  it('filters by type, status and product', async () => {
    const deviations = await t.index.search('calibration failure of the pH meter', { k: 10, type: ['deviation'] });
    assert.ok(deviations.length > 0 && deviations.every((h) => h.type === 'deviation'));
    assert.equal(deviations[0]?.docId, 'DEV-2024-102');
    const drafts = await t.index.search('hold alert at the terminal', { k: 10, status: ['draft'] });
    assert.deepEqual([...new Set(drafts.map((h) => h.docId))], ['WI-PRD-130']);
    const productOf = (h: SearchHit) => t.index.document(h.docId, h.revision)?.products ?? [];
    const tablets = await t.index.search('tablet hardness and weight checks, pH meter calibration', { k: 30, product: 'PRD-IBU400' });
    assert.ok(tablets.some((h) => h.docId === 'SOP-PRD-120'));
    // Documents for that product, and those that are not product specific (no products, or "*").
    assert.ok(tablets.every((h) => productOf(h).length === 0 || productOf(h).some((p) => p === '*' || p === 'PRD-IBU400')), cite(tablets).join(' '));
    assert.ok(!tablets.some((h) => h.docId === 'SOP-QC-101'), 'the suspension pH SOP is not for tablets');
    const sopsForSuspension = await t.index.search('calibration', { k: 10, product: 'prd-para-sus', type: ['sop'] });
    assert.ok(sopsForSuspension.length > 0 && sopsForSuspension.every((h) => ['SOP-QC-101', 'SOP-PRD-123'].includes(h.docId)));
    const unknownProduct = await t.index.search('tablet press turret speed', { product: 'PRD-UNKNOWN', type: ['sop'], k: 10 });
    assert.ok(unknownProduct.every((h) => h.docId !== 'SOP-PRD-120'));
  });

  it('finds the OOS guidance through its hyphenated title and through the abbreviation', async () => {
    for (const query of ['Investigating Out-of-Specification test results', 'Investigating Out-ofSpecification', 'OOS test results for pharmaceutical production']) {
      const hits = await t.index.search(query, { k: 5, mode: 'keyword', type: ['guidance'] });
      assert.equal(hits[0]?.docId, 'Investigating_OOS_Test_Results', query);
    }
  });

  it('answers each mode on its own', async () => {
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      const hits = await t.index.search('quality risk management process risk review', { k: 4, mode });
      assert.equal(hits.length, 4);
      assert.ok(hits.some((h) => h.docId === 'Q9'), `${mode}: ${cite(hits)}`);
      assert.ok(hits.every((h, i) => i === 0 || (hits[i - 1]?.score ?? 0) >= h.score));
    }
  });

  it('returns nothing for an empty or stopword-only question', async () => {
    assert.deepEqual(await t.index.search('   '), []);
    assert.deepEqual(await t.index.search('the of and', { mode: 'keyword' }), []);
  });
});
