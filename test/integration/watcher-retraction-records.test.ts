// Which stored result a retraction or a redelivery is about: a final result whose id reads
// "retracted:…" is not a retraction; a retraction naming another sample or test than the stored
// result annuls nothing and QA is told (also when it arrives before the result: the result is
// judged), and the LIMS's corrected retraction is taken; a new value under a known result_id is an amendment (the
// value before annulled, the new one evaluated, never dropped as a duplicate), a value the result
// held before included when it comes back later; an alert raised by
// an evaluation written before `alerting` was recorded is closed, and one kept open by other
// results says that the withdrawn value no longer counts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertEvent, NoticeEvent } from '../../server/realtime/contract';
import { connectCopilot, connected, nextEvent, type TestSocket } from '../e2e/support/socket-client';
import { startTestServer, type TestServer } from '../support/server';

const payload = (id: string, value: number, extra: Record<string, unknown> = {}) => ({
  sample_id: `S-${id}`, test_name: 'PH', result: value, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001',
  result_id: id, unit: '', finalized_at: '2024-05-03T10:15:00Z', ...extra,
});

interface EvaluationRow {
  n: number;
  outcome: string;
  annulled_at: string | null;
  annul_reason: string | null;
}

describe('retractions and redeliveries matched to the stored result', () => {
  let server: TestServer;
  let qa: TestSocket;
  const post = async (body: unknown) => {
    const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const report = (await res.json()) as { results: Array<{ status: string; amended?: boolean }> };
    assert.equal(res.status, 202, JSON.stringify(report));
    await server.resultLoop.settled();
    return report.results;
  };
  const evaluations = (resultId: string) => server.db.prepare('SELECT n, outcome, annulled_at, annul_reason FROM evaluations WHERE result_id = ? ORDER BY n').all(resultId) as EvaluationRow[];
  const openAlert = (lot: string) => server.db.prepare(`SELECT n, status, occurrences, event FROM alerts WHERE lot_id = ? AND test = 'PH' ORDER BY n DESC LIMIT 1`).get(lot) as { n: number; status: string; occurrences: number; event: string } | undefined;
  const closeAlerts = () => server.db.prepare(`UPDATE alerts SET status = 'acknowledged' WHERE status <> 'acknowledged'`).run();

  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
    qa = connectCopilot(server.url, { token: await server.login('qa.anna', 'Quality-Demo-1') });
    await connected(qa);
  });
  after(async () => {
    qa?.close();
    await server?.stop();
  });

  it('a final result whose result_id reads "retracted:R-…" is a result of its own, not the retraction of R-…', async () => {
    assert.deepEqual((await post(payload('retracted:R-NS-9', 7.0))).map((r) => r.status), ['accepted']);
    await post(payload('R-NS-9', 9.8));
    const [real] = evaluations('R-NS-9');
    assert.equal(real?.outcome, 'fail');
    assert.equal(real?.annulled_at, null, 'the real R-NS-9 is judged, not annulled on arrival');
    // And the other way round: the real retraction of R-NS-9 is still taken (not a "duplicate").
    assert.deepEqual((await post(payload('R-NS-9', 9.8, { status: 'retracted' }))).map((r) => r.status), ['accepted']);
    assert.ok(evaluations('R-NS-9')[0]?.annulled_at);
    assert.equal(evaluations('retracted:R-NS-9')[0]?.annulled_at, null);
    closeAlerts();
  });

  it('a retraction naming another sample or test than the stored result annuls nothing; QA is told; the notice shows the stored value', async () => {
    await post(payload('R-MM', 9.8));
    const notice = nextEvent<NoticeEvent>(qa, 'notice', (n) => n.id.startsWith('N-retraction-mismatch-R-MM-'));
    await post(payload('R-MM', 9.8, { sample_id: 'S-OTHER', status: 'retracted' }));
    assert.match((await notice).text, /^The LIMS sent a retraction of result R-MM that does not match it: the retraction of R-MM names sample S-OTHER \(stored: S-R-MM\)\. Nothing was annulled: evaluation EV-\d+ \(PH 9\.8, lot LOT-XYZ789\) stands/);
    assert.equal(evaluations('R-MM')[0]?.annulled_at, null);
    assert.ok((await server.audit.list({})).some((r) => r.action === 'result.retraction.mismatch' && r.subject.id === 'R-MM'));

    // The right retraction, with a value of its own: what was annulled is the stored 9.8.
    await post(payload('R-MV', 9.8));
    const shown = nextEvent<NoticeEvent>(qa, 'notice', (n) => n.id === 'N-retracted-R-MV');
    await post(payload('R-MV', 0, { status: 'retracted' }));
    assert.match((await shown).text, /^The LIMS retracted PH 9\.8 \(result R-MV, lot LOT-XYZ789\)/);
    closeAlerts();
  });

  it('a retraction naming another sample that arrives before the result withdraws nothing: the result is judged, audited, QA told', async () => {
    await post(payload('R-MF', 9.8, { sample_id: 'S-OTHER', status: 'retracted' }));
    const notice = nextEvent<NoticeEvent>(qa, 'notice', (n) => n.id.startsWith('N-retraction-mismatch-R-MF-'));
    await post(payload('R-MF', 9.8));
    const [evaluation, ...more] = evaluations('R-MF');
    assert.equal(more.length, 0);
    assert.equal(evaluation?.outcome, 'fail', 'the OOS result is judged, not withdrawn');
    assert.equal(evaluation?.annulled_at, null);
    assert.equal(server.resultLoop.oos.get('R-MF')?.status, 'open');
    assert.match((await notice).text, /^The LIMS sent a retraction of result R-MF that does not match it: the retraction of R-MF names sample S-OTHER \(stored: S-R-MF\)\. Nothing was annulled: evaluation EV-\d+ \(PH 9\.8, lot LOT-XYZ789\) stands/);
    const audit = (await server.audit.list({})).find((r) => r.action === 'result.retraction.mismatch' && r.subject.id === 'R-MF');
    assert.equal((audit?.after as { retractionFirst?: boolean } | undefined)?.retractionFirst, true);
    // The LIMS corrects its retraction: the right sample is a retraction of its own, and withdraws the result.
    assert.deepEqual((await post(payload('R-MF', 9.8, { status: 'retracted', comment: 'the right one' }))).map((r) => r.status), ['accepted']);
    assert.match(evaluations('R-MF')[0]?.annul_reason ?? '', /^the LIMS retracted result R-MF \(the right one\)/);
    assert.deepEqual((await post(payload('R-MF', 9.8, { status: 'retracted', comment: 'the right one' }))).map((r) => r.status), ['duplicate'], 'and is taken once');
    assert.deepEqual((await post(payload('R-MF', 9.8, { status: 'retracted', test_name: 'ph' }))).map((r) => r.status), ['duplicate'], 'the test in another case is the same retraction');
    closeAlerts();
  });

  it('a new value under a known result_id is an amendment: the value before is annulled, the new one evaluated; either value again is a duplicate', async () => {
    assert.deepEqual((await post(payload('R-AM', 7.0))).map((r) => r.status), ['accepted']);
    const notice = nextEvent<NoticeEvent>(qa, 'notice', (n) => n.id.startsWith('N-amended-R-AM-'));
    const results = await post(payload('R-AM', 9.8, { finalized_at: '2024-05-03T12:00:00Z' }));
    assert.deepEqual(results.map((r) => [r.status, r.amended]), [['accepted', true]]);
    const [first, second, ...more] = evaluations('R-AM');
    assert.equal(more.length, 0);
    assert.equal(first?.outcome, 'pass');
    assert.equal(first?.annul_reason, 'the LIMS amended result R-AM: 7 → 9.8');
    assert.equal(second?.outcome, 'fail');
    assert.equal(second?.annulled_at, null);
    assert.equal(server.resultLoop.oos.get('R-AM')?.status, 'open', 'the amended OOS value is on the OOS register');
    assert.match((await notice).text, /^The LIMS amended PH 7 to 9\.8 \(result R-AM, lot LOT-XYZ789\)\. Evaluation EV-\d+ is annulled\..* The new value is evaluated next\.$/);
    assert.ok((await server.audit.list({})).some((r) => r.action === 'result.amended' && r.subject.id === 'R-AM'));
    // Redeliveries of either version (a late webhook retry, the next poll) change nothing.
    assert.deepEqual((await post(payload('R-AM', 7.0))).map((r) => r.status), ['duplicate']);
    assert.deepEqual((await post(payload('R-AM', 9.8, { finalized_at: '2024-05-03T12:00:00Z' }))).map((r) => r.status), ['duplicate']);
    assert.equal(evaluations('R-AM').length, 2);
    closeAlerts();
  });

  it('an amendment back to an earlier value is evaluated (7.0 → 9.8 → 7.0, and an OOS restored 9.8 → 7.0 → 9.8); a late retry of the earlier version is not', async () => {
    const standing = (id: string) => server.db.prepare(`SELECT json_extract(record, '$.value') AS value, outcome FROM evaluations WHERE result_id = ? AND annulled_at IS NULL`).all(id) as Array<{ value: string; outcome: string }>;
    // Every version with one finalized_at (as the review's LIMS sent them): it cannot tell a retry, so the LIMS's latest word counts.
    await post(payload('R-BK', 7.0));
    await post(payload('R-BK', 9.8));
    assert.deepEqual((await post(payload('R-BK', 7.0))).map((r) => [r.status, r.amended]), [['accepted', true]]);
    assert.deepEqual(standing('R-BK'), [{ value: '7', outcome: 'pass' }], 'the LIMS value now is 7.0');
    assert.equal(evaluations('R-BK').length, 3);
    closeAlerts();

    // The dangerous way round: the LIMS restores the OOS value after a wrong correction.
    await post(payload('R-RS', 9.8, { finalized_at: '2024-05-03T10:00:00Z' }));
    await post(payload('R-RS', 7.0, { finalized_at: '2024-05-03T11:00:00Z' }));
    assert.deepEqual((await post(payload('R-RS', 9.8, { finalized_at: '2024-05-03T12:00:00Z' }))).map((r) => [r.status, r.amended]), [['accepted', true]]);
    assert.deepEqual(standing('R-RS'), [{ value: '9.8', outcome: 'fail' }], 'the restored OOS value is judged again');
    // A late retry of the correction 7.0 (its own, older finalized_at) changes nothing; nor does the latest again.
    assert.deepEqual((await post(payload('R-RS', 7.0, { finalized_at: '2024-05-03T11:00:00Z' }))).map((r) => r.status), ['duplicate']);
    assert.deepEqual((await post(payload('R-RS', 9.8, { finalized_at: '2024-05-03T12:00:00Z' }))).map((r) => r.status), ['duplicate']);
    assert.deepEqual(standing('R-RS'), [{ value: '9.8', outcome: 'fail' }]);
    closeAlerts();
  });

  it('the same value in another spelling (7.1 and "7.10", the test code for its name) is a redelivery, also for a retraction', async () => {
    const assay = (value: number | string, extra: Record<string, unknown> = {}) => ({ sample_id: 'S-SP', test_name: 'ASSAY', result: value, material_lot: 'LOT-24-0120', result_id: 'R-SP', finalized_at: '2024-05-03T10:15:00Z', ...extra });
    assert.deepEqual((await post(assay(100.1))).map((r) => r.status), ['accepted']);
    assert.deepEqual((await post(assay('100.10'))).map((r) => r.status), ['duplicate'], 'the poll writes the number with a trailing zero');
    assert.deepEqual((await post(assay(100.1, { test_name: 'assay' }))).map((r) => r.status), ['duplicate']);
    const disso = (test: string) => ({ sample_id: 'S-SD', test_name: test, result: 85, material_lot: 'LOT-24-0120', result_id: 'R-SD', finalized_at: '2024-05-03T10:15:00Z' });
    await post(disso('DISSO'));
    assert.deepEqual((await post(disso('Dissolution'))).map((r) => r.status), ['duplicate'], 'the catalog keyword is the same test');
    await post({ ...disso('Dissolution'), status: 'retracted' });
    assert.ok(evaluations('R-SD')[0]?.annulled_at, 'a retraction spelling the test by its keyword is no mismatch');
    assert.equal(evaluations('R-SP').length, 1);
    closeAlerts();
  });

  it('closes the alert of an evaluation written before `alerting` was recorded', async () => {
    await post(payload('R-OLD', 9.8, { material_lot: 'LOT-24-0121', work_order: undefined }));
    const alert = openAlert('LOT-24-0121');
    assert.equal(alert?.status, 'open');
    // As an evaluation of the release before this one wrote it.
    server.db.prepare(`UPDATE evaluations SET record = json_remove(record, '$.alerting') WHERE result_id = 'R-OLD'`).run();
    await post(payload('R-OLD', 9.8, { material_lot: 'LOT-24-0121', work_order: undefined, status: 'retracted' }));
    assert.equal(openAlert('LOT-24-0121')?.status, 'acknowledged');
  });

  it('an alert kept open by a later result says that the retracted value no longer counts', async () => {
    const lot = 'LOT-24-0123';
    await post(payload('R-K1', 9.8, { material_lot: lot, work_order: undefined }));
    await post(payload('R-K2', 9.9, { material_lot: lot, work_order: undefined }));
    assert.equal(openAlert(lot)?.occurrences, 2);
    const updated = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === lot && a.guidance.startsWith('Note:'));
    await post(payload('R-K1', 9.8, { material_lot: lot, work_order: undefined, status: 'retracted' }));
    const row = openAlert(lot);
    assert.equal(row?.status, 'open');
    assert.equal(row?.occurrences, 1);
    const event = JSON.parse(row?.event ?? '{}') as AlertEvent;
    assert.match(event.guidance, /^Note: 9\.8 shown here no longer counts \(the LIMS retracted result R-K1\); the alert stays open for the other results of this lot\. /);
    assert.equal((await updated).guidance, event.guidance);
  });
});
