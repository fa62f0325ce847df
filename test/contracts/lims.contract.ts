// Contract every LimsAdapter + LIMS (simulator or real) pair passes, serving the demo plant:
// cursor paging without loss or duplicates while results arrive, lookups, unknown ids.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TestResult } from '../../server/domain/types';
import type { LimsAdapter, ResultCursor } from '../../server/ports/lims';

export interface LimsUnderTest {
  adapter: LimsAdapter;
  /** Records a result on the LIMS side, as the lab would (it is then finalized there). */
  addFinalResult: (result: TestResult) => Promise<void>;
  close(): Promise<void>;
}

const START: ResultCursor = { since: '1970-01-01T00:00:00.000Z' };

/** The integration's reference result (DESIGN.md, webhook payload): pH 9.8 on BATCH-2024-001-05. */
export const REFERENCE_PH: TestResult = {
  id: 'R-778812', sampleId: 'BATCH-2024-001-05', lotId: 'LOT-XYZ789', specificationId: 'SPEC-PARASUS-PH', test: 'PH',
  value: '9.8', numeric: 9.8, unit: '', status: 'final', finalizedAt: '2024-05-03T10:15:00Z', analyst: 'aoife.murphy', instrumentId: 'PHM-03',
};

/** A result that reaches the LIMS late: finalized long ago, recorded now. */
const LATE_RETEST: TestResult = {
  id: 'R-CONTRACT-LATE', sampleId: 'BATCH-2024-029-06', lotId: 'LOT-12345', specificationId: 'SPEC-PARASUS-PH', test: 'PH',
  value: '7.1', numeric: 7.1, unit: '', status: 'final', finalizedAt: '2024-04-16T14:00:00Z', comment: 'contract test: late delivery',
};

async function readAll(adapter: LimsAdapter, from: ResultCursor, pageSize: number, between?: (page: number) => Promise<void>) {
  const results: TestResult[] = [];
  let cursor = from;
  for (let page = 0; page < 10_000; page++) {
    await between?.(page);
    const answer = await adapter.listFinalizedResults(cursor, pageSize);
    assert.ok(answer.results.length <= pageSize, 'a page never exceeds the limit');
    if (answer.results.length === 0) {
      assert.deepEqual(answer.next, cursor, 'an empty page keeps the cursor');
      return { results, cursor };
    }
    assert.ok(Date.parse(answer.next.since) >= Date.parse(cursor.since), 'the cursor never goes back');
    results.push(...answer.results);
    cursor = answer.next;
  }
  assert.fail('the feed never ended');
}

function assertUnique(results: readonly TestResult[]): void {
  const ids = results.map((r) => r.id);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(duplicates, [], 'no result is delivered twice');
}

export function limsContract(name: string, make: () => Promise<LimsUnderTest>): void {
  describe(`LimsAdapter contract: ${name}`, () => {
    let lims: LimsUnderTest;
    beforeEach(async () => {
      lims = await make();
    });
    afterEach(async () => {
      await lims.close();
    });

    it('names itself and its capabilities', () => {
      const capabilities = lims.adapter.capabilities();
      assert.ok(lims.adapter.name.length > 0 && capabilities.system.length > 0);
      assert.ok(['native', 'emulated'].includes(capabilities.listFinalizedResults));
    });

    it('pages through every finalized result, oldest first, without loss or duplicates', async () => {
      const small = await readAll(lims.adapter, START, 37);
      const large = await readAll(lims.adapter, START, 1000);
      assert.ok(small.results.length >= 500, `${small.results.length} results`);
      assertUnique(small.results);
      assert.deepEqual(small.results.map((r) => r.id), large.results.map((r) => r.id), 'page size does not change the feed');
      assert.ok(small.results.every((r) => r.status === 'final' || r.status === 'retracted'), 'no pending result in the feed');
      assert.ok(small.results.some((r) => r.status === 'retracted'), 'retractions are events too');
    });

    it('delivers a result finalized after the last poll exactly once', async () => {
      const { cursor } = await readAll(lims.adapter, START, 500);
      await lims.addFinalResult(REFERENCE_PH);
      const page = await lims.adapter.listFinalizedResults(cursor, 100);
      assert.deepEqual(page.results.map((r) => [r.sampleId, r.test, r.value, r.numeric, r.status, r.lotId]), [['BATCH-2024-001-05', 'PH', '9.8', 9.8, 'final', 'LOT-XYZ789']]);
      const again = await lims.adapter.listFinalizedResults(page.next, 100);
      assert.deepEqual(again.results, []);
    });

    it('neither loses nor repeats results added while paging, even late ones', async () => {
      const before = await readAll(lims.adapter, START, 1000);
      const during = await readAll(lims.adapter, START, 50, async (page) => {
        if (page === 3) await lims.addFinalResult(REFERENCE_PH);
        if (page === 5) await lims.addFinalResult(LATE_RETEST);
      });
      assertUnique(during.results);
      assert.equal(during.results.length, before.results.length + 2);
      for (const added of [REFERENCE_PH, LATE_RETEST]) {
        assert.equal(during.results.filter((r) => r.sampleId === added.sampleId && r.value === added.value && r.finalizedAt.startsWith(added.finalizedAt.slice(0, 16))).length, 1);
      }
    });

    it('finds results by lot and test, most recent first', async () => {
      const ph = await lims.adapter.findResults({ lotId: 'LOT-12345', test: 'PH' });
      assert.ok(ph.length >= 2);
      assert.ok(ph.every((r) => r.lotId === 'LOT-12345' && r.test === 'PH'));
      for (let i = 1; i < ph.length; i++) assert.ok(Date.parse(ph[i - 1]?.finalizedAt ?? '') >= Date.parse(ph[i]?.finalizedAt ?? ''));
      assert.deepEqual([ph[0]?.value, ph[0]?.status], ['7.1', 'final']);
      assert.equal((await lims.adapter.findResults({ lotId: 'LOT-12345', test: 'PH', limit: 2 })).length, 2);
    });

    it('shows the reference sample\'s pH as not final until the lab records it', async () => {
      const before = await lims.adapter.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
      assert.ok(before.every((r) => r.status !== 'final'));
      await lims.addFinalResult(REFERENCE_PH);
      const after = await lims.adapter.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH' });
      assert.deepEqual([after[0]?.value, after[0]?.status], ['9.8', 'final']);
    });

    it('gets a sample and gives undefined for an unknown one', async () => {
      const sample = await lims.adapter.getSample('BATCH-2024-001-05');
      assert.deepEqual([sample?.lotId, sample?.workOrderId], ['LOT-XYZ789', 'WO-1001']);
      assert.equal(await lims.adapter.getSample('BATCH-0000-000-00'), undefined);
    });

    it('gets the pH and assay specifications and undefined for unknown ones', async () => {
      const ph = await lims.adapter.getSpecification('PRD-PARA-SUS', 'PH');
      assert.deepEqual([ph?.lsl, ph?.usl, ph?.decimals], [6.5, 7.5, 1]);
      const assay = await lims.adapter.getSpecification('PRD-IBU400', 'ASSAY');
      assert.ok(assay?.bands?.some((b) => b.min === 95 && b.max === 98 && b.disposition === 'review'));
      assert.equal(await lims.adapter.getSpecification('PRD-IBU400', 'PH'), undefined);
      assert.equal(await lims.adapter.getSpecification('PRD-NOPE', 'PH'), undefined);
    });

    it('gives no results for unknown lots, samples or tests', async () => {
      assert.deepEqual(await lims.adapter.findResults({ lotId: 'LOT-NOPE' }), []);
      assert.deepEqual(await lims.adapter.findResults({ sampleId: 'BATCH-0000-000-00' }), []);
      assert.deepEqual(await lims.adapter.findResults({ lotId: 'LOT-12345', test: 'NOPE' }), []);
    });

    it('refuses a cursor that is not a time', async () => {
      await assert.rejects(lims.adapter.listFinalizedResults({ since: 'yesterday' }, 10));
    });
  });
}
