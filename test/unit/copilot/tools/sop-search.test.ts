import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchHit, SearchOptions } from '../../../../server/rag/types';
import { sopSearchTool } from '../../../../server/copilot/tools/sop-search';
import { parsed, toolFixture, turn, USERS } from '../support';
import { assertBadArgsNeverReachPorts } from './bad-args';

const HIT: SearchHit = { docId: 'SOP-QC-001', title: 'pH measurement and pH meter calibration', revision: '04', type: 'sop', status: 'effective', page: 3, chunkId: 'c1', text: '5.2 Calibrate with buffers pH 4.01, 7.00 and 10.01 before the first measurement of the day.', score: 0.9, section: '5.2 Calibration' };

describe('sop_search tool', () => {
  it('says no documents are indexed when there is no index, and still names the spec SOP', async () => {
    const f = toolFixture();
    const out = parsed(await sopSearchTool(f.deps).invoke({ query: 'pH measurement', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(out.indexed, false);
    assert.match(out.note, /No documents are indexed/);
    assert.deepEqual(out.pointers.map((p: { sopId: string }) => p.sopId), ['SOP-QC-001']);
  });

  it('returns passages with document id, revision and page to cite', async () => {
    const f = toolFixture();
    const queries: [string, SearchOptions | undefined][] = [];
    const deps = { ...f.deps, documents: { search: async (q: string, o?: SearchOptions) => (queries.push([q, o]), [HIT]) } };
    const out = parsed(await sopSearchTool(deps).invoke({ query: 'calibration', test: 'PH' }, turn(USERS.opLine3)));
    assert.equal(out.passages[0].page, 3);
    assert.deepEqual(out.sources[0], { docId: 'SOP-QC-001', title: HIT.title, revision: '04', page: 3, url: '/docs/SOP-QC-001?page=3' });
    assert.deepEqual(queries[0]?.[1]?.type, ['sop', 'work-instruction']);
  });

  it('never searches with bad arguments', async () => {
    const f = toolFixture();
    let searched = 0;
    const deps = { ...f.deps, documents: { search: async () => (searched++, []) } };
    await assertBadArgsNeverReachPorts(f, sopSearchTool(deps), [{}, { query: '' }, { query: 'x'.repeat(301) }, { query: 'ok', k: 99 }]);
    assert.equal(searched, 0);
  });
});
