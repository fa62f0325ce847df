// A result the LIMS retracted and then sent as final again (the lab re-checked and re-issued it,
// with a later finalized_at or the same one) is a version of its own: evaluated, its alert raised,
// never answered "duplicate" of the retracted version. A redelivery of the re-issue is a duplicate;
// a later retraction of the re-issue annuls it, while the retraction before delivered late does not.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server';

const LOT = 'LOT-24-0120';
const T1 = '2024-05-03T11:00:00Z';
const T2 = '2024-05-04T09:00:00Z';
const oos = (resultId: string, extra: Record<string, unknown> = {}) => ({
  sample_id: `S-${resultId}`, test_name: 'ASSAY', result: 90.2, material_lot: LOT, result_id: resultId, finalized_at: T1, ...extra,
});

interface Item { status: string; inboxSeq: number; reissued?: boolean; amended?: boolean }
interface EvaluationRow { inbox_seq: number; outcome: string; annulled_at: string | null }

describe('a result re-issued after its retraction', () => {
  let server: TestServer;
  const post = async (body: unknown): Promise<Item> => {
    const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const report = (await res.json()) as { results: Item[] };
    assert.equal(res.status, 202, JSON.stringify(report));
    await server.resultLoop.settled();
    const [item] = report.results;
    assert.ok(item, JSON.stringify(report));
    return item;
  };
  const evaluations = (resultId: string) => server.db.prepare('SELECT inbox_seq, outcome, annulled_at FROM evaluations WHERE result_id = ? ORDER BY n').all(resultId) as EvaluationRow[];
  const standing = (resultId: string) => evaluations(resultId).filter((e) => e.annulled_at === null);
  const openAlerts = (resultId: string) => server.db.prepare(`SELECT a.n FROM alerts a JOIN evaluations e ON e.n = a.evaluation_n WHERE e.result_id = ? AND a.status <> 'acknowledged'`).all(resultId);

  before(async () => { server = await startTestServer({ limsPollMs: 0 }); });
  after(async () => { await server?.stop(); });

  it('with a later finalized_at: evaluated (fail, alert open), a redelivery of it is a duplicate, a later retraction annuls it', async () => {
    const first = await post(oos('R-RE'));
    assert.equal(standing('R-RE')[0]?.outcome, 'fail');
    await post(oos('R-RE', { status: 'retracted', comment: 'wrong standard' }));
    assert.deepEqual(standing('R-RE'), [], 'the retraction annuls the first evaluation');

    const reissue = await post(oos('R-RE', { finalized_at: T2, comment: 'retest confirms' }));
    assert.equal(reissue.status, 'accepted');
    assert.equal(reissue.reissued, true);
    assert.notEqual(reissue.inboxSeq, first.inboxSeq);
    assert.deepEqual(standing('R-RE').map((e) => [e.inbox_seq, e.outcome]), [[reissue.inboxSeq, 'fail']], 'the re-issued OOS is judged and stands');
    assert.equal(openAlerts('R-RE').length, 1, 'the re-issued OOS raises an alert');
    const audit = (await server.audit.list({})).find((r) => r.action === 'result.reissued' && r.subject.id === 'R-RE');
    assert.ok(audit, 'a result.reissued audit record');

    // The same re-issue again (a webhook retry) and the retraction before, delivered late: nothing new.
    assert.deepEqual(await post(oos('R-RE', { finalized_at: T2 })), { index: 0, status: 'duplicate', resultId: 'R-RE', inboxSeq: reissue.inboxSeq } as unknown as Item);
    assert.equal((await post(oos('R-RE', { status: 'retracted', comment: 'wrong standard' }))).status, 'duplicate');
    assert.equal(standing('R-RE').length, 1, 'a late copy of the old retraction does not annul the re-issue');

    // The LIMS retracts the re-issued result: a retraction of its own, the re-issue is annulled.
    const again = await post(oos('R-RE', { status: 'retracted', finalized_at: T2, comment: 'sample mix-up' }));
    assert.equal(again.status, 'accepted');
    assert.deepEqual(standing('R-RE'), []);
    assert.equal(openAlerts('R-RE').length, 0, 'its alert is closed');
  });

  it('with the same finalized_at: the LIMS re-sending a retracted result as final is a re-issue, evaluated once', async () => {
    await post(oos('R-SAME'));
    await post(oos('R-SAME', { status: 'retracted' }));
    const reissue = await post(oos('R-SAME'));
    assert.equal(reissue.status, 'accepted');
    assert.equal(reissue.reissued, true);
    assert.deepEqual(standing('R-SAME').map((e) => [e.inbox_seq, e.outcome]), [[reissue.inboxSeq, 'fail']]);
    assert.equal((await post(oos('R-SAME'))).status, 'duplicate', 'sent once more: a redelivery of the re-issue');
    assert.equal(standing('R-SAME').length, 1);
  });

  it('not a re-issue: the result after a retraction that came first, and a result whose retraction named another sample', async () => {
    // Retraction first: the result is annulled as it is written; both again are duplicates.
    await post(oos('R-FIRST', { status: 'retracted' }));
    await post(oos('R-FIRST'));
    assert.equal((await post(oos('R-FIRST'))).status, 'duplicate');
    assert.equal((await post(oos('R-FIRST', { status: 'retracted' }))).status, 'duplicate');
    assert.deepEqual(evaluations('R-FIRST').map((e) => [e.outcome, e.annulled_at !== null]), [['retracted', true]]);

    // A mismatched retraction withdrew nothing: the result sent again is a redelivery.
    await post(oos('R-MISMATCH'));
    await post(oos('R-MISMATCH', { sample_id: 'S-OTHER', status: 'retracted' }));
    assert.equal((await post(oos('R-MISMATCH', { finalized_at: T2 }))).status, 'duplicate');
    assert.deepEqual(standing('R-MISMATCH').map((e) => e.outcome), ['fail']);
  });
});
