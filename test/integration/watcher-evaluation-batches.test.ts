// How the evaluation worker cuts the inbox into batches: a retraction ends its batch (the retest
// after it is judged without the retracted point, exactly as if it came in a later delivery); a
// pass that fails halfway leaves no value twice in the SPC series; and a row that fails every
// time is narrowed down and recorded as an 'error' evaluation for QA instead of blocking the rows
// behind it (a retraction that fails every time is recorded as failed, without an evaluation row).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { IncomingResult } from '../../server/watcher/incoming-result';
import { EvaluationWriter } from '../../server/watcher/evaluation-writer';
import { ResultContextResolver } from '../../server/watcher/result-context';
import { RetractionWriter } from '../../server/watcher/retraction-writer';
import { startTestServer, type TestServer } from '../support/server';

const payload = (id: string, value: number, extra: Record<string, unknown> = {}) => ({
  sample_id: `S-${id}`, test_name: 'PH', result: value, material_lot: 'LOT-XYZ789', work_order: 'WO-1001',
  result_id: id, unit: '', finalized_at: '2024-05-03T10:15:00Z', ...extra,
});

interface Record_ {
  outcome: string;
  raisedBy?: unknown;
  spc?: { status: string; limits: { center: number; ucl: number } };
}

describe('evaluation batches', () => {
  let server: TestServer | undefined;
  const post = async (body: unknown) => {
    const res = await fetch(`${server?.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 202, JSON.stringify(await res.json()));
    await server?.resultLoop.settled();
  };
  const record = (id: string) => {
    const row = server?.db.prepare('SELECT record FROM evaluations WHERE result_id = ? ORDER BY n DESC LIMIT 1').get(id) as { record: string } | undefined;
    assert.ok(row, `an evaluation of ${id}`);
    return JSON.parse(row.record) as Record_;
  };
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function retest(together: boolean): Promise<Record_> {
    server = await startTestServer({ limsPollMs: 0 });
    await post(payload('P0', 7.0));
    const limits = record('P0').spc?.limits;
    assert.ok(limits);
    const sigma = (limits.ucl - limits.center) / 3;
    const out = Number((limits.center + 3.5 * sigma).toFixed(2));
    const again = Number((limits.center + 2.5 * sigma).toFixed(2));
    await post(payload('R-OUT', out));
    assert.equal(record('R-OUT').spc?.status, 'signal');
    const retraction = payload('R-OUT', out, { status: 'retracted', comment: 'lab error' });
    if (together) await post([retraction, payload('R-RETEST', again)]);
    else {
      await post(retraction);
      await post(payload('R-RETEST', again));
    }
    const result = record('R-RETEST');
    await server.stop();
    server = undefined;
    return result;
  }

  it('a retest in the same delivery as the retraction is judged without the retracted point', async () => {
    const together = await retest(true);
    const apart = await retest(false);
    assert.deepEqual({ spc: together.spc, raisedBy: together.raisedBy, outcome: together.outcome }, { spc: apart.spc, raisedBy: apart.raisedBy, outcome: apart.outcome });
  });

  it('a row that always fails is recorded as an error evaluation; the rows around it are evaluated; no value counts twice', async () => {
    // A fault in this one row's preparation (a bug a real row could hit): every attempt throws.
    const resolve = ResultContextResolver.prototype.resolve;
    ResultContextResolver.prototype.resolve = function (this: ResultContextResolver, result: IncomingResult) {
      if (result.sampleId === 'S-POISON') throw new TypeError('Cannot read properties of undefined (reading "lot")');
      return resolve.call(this, result);
    };
    try {
      server = await startTestServer({ limsPollMs: 0 });
      await post([payload('G1', 7.037), payload('POISON', 7.1), payload('G2', 7.051)]);
      const deadline = Date.now() + 30_000;
      while (!server.db.prepare(`SELECT 1 FROM evaluations WHERE result_id = 'POISON'`).get() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        await server.resultLoop.settled();
      }
      await server.resultLoop.settled();
      assert.equal(record('POISON').outcome, 'error');
      assert.equal(record('G1').outcome, 'pass');
      assert.equal(record('G2').outcome, 'pass');
      const waiting = server.db.prepare(`SELECT COUNT(*) FROM lims_inbox WHERE state = 'received'`).pluck().get();
      assert.equal(waiting, 0, 'nothing is left blocked in the inbox');
      const alert = server.db.prepare(`SELECT severity, rule FROM alerts WHERE rule = 'evaluation.error'`).get() as { severity: string; rule: string } | undefined;
      assert.ok(alert, 'QA gets an alert for the result that could not be evaluated');
      // G1 was prepared in the batch that failed before it was committed: it is in the series once.
      await post(payload('X-HIGH', 9.8, { spec_min: 6.5, spec_max: 7.5 }));
      const event = JSON.parse((server.db.prepare(`SELECT event FROM alerts WHERE rule <> 'evaluation.error' ORDER BY n DESC LIMIT 1`).get() as { event: string }).event) as { chart?: { points: Array<{ y: number }> } };
      const points = event.chart?.points.map((p) => p.y) ?? [];
      assert.ok(points.length > 2, 'the alert carries its control chart');
      assert.equal(points.filter((y) => y === 7.037).length, 1, `G1 once in the series: ${points.join(', ')}`);
      assert.equal(points.filter((y) => y === 7.051).length, 1);
    } finally {
      ResultContextResolver.prototype.resolve = resolve;
    }
  });

  it('a retraction that always fails is recorded apart, without an evaluation row: a later amendment still annuls the real evaluation', async () => {
    const write = RetractionWriter.prototype.write;
    RetractionWriter.prototype.write = function (this: RetractionWriter, ...args: Parameters<RetractionWriter['write']>) {
      if (args[0].result.resultId === 'R-RF' && args[0].result.amendedTo === undefined) throw new TypeError('Cannot read properties of undefined (reading "record")');
      return write.apply(this, args);
    };
    try {
      server = await startTestServer({ limsPollMs: 0 });
      await post(payload('R-RF', 9.8, { spec_min: 6.5, spec_max: 7.5 }));
      assert.equal(record('R-RF').outcome, 'fail');
      await post(payload('R-RF', 9.8, { spec_min: 6.5, spec_max: 7.5, status: 'retracted' }));
      const row = () => server?.db.prepare(`SELECT state, last_error FROM lims_inbox WHERE dedupe_key = 'retracted:R-RF'`).get() as { state: string; last_error: string | null };
      const deadline = Date.now() + 30_000;
      while (row().state === 'received' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        await server.resultLoop.settled();
      }
      assert.equal(row().state, 'evaluated', 'taken off the inbox');
      assert.match(row().last_error ?? '', /^processing the LIMS retraction of result R-RF failed 3 times; nothing was annulled/);
      const evaluations = () => server?.db.prepare(`SELECT outcome, annulled_at FROM evaluations WHERE result_id = 'R-RF' ORDER BY n`).all() as Array<{ outcome: string; annulled_at: string | null }>;
      assert.deepEqual(evaluations().map((e) => e.outcome), ['fail'], 'no error evaluation stands in for the retraction');
      assert.ok((await server.audit.list({})).some((r) => r.action === 'result.retraction.failed' && r.subject.id === 'R-RF'));
      // The LIMS then amends the value: the real evaluation is the one annulled.
      await post(payload('R-RF', 7.0, { spec_min: 6.5, spec_max: 7.5, finalized_at: '2024-05-03T12:00:00Z' }));
      const [real, amended] = evaluations();
      assert.ok(real?.annulled_at, 'the 9.8 evaluation is annulled by the amendment');
      assert.equal(amended?.outcome, 'pass');
    } finally {
      RetractionWriter.prototype.write = write;
    }
  });

  it('after a row is set aside (not even its error can be written), a later row that always fails is still counted and recorded', async () => {
    const write = EvaluationWriter.prototype.write;
    const resolve = ResultContextResolver.prototype.resolve;
    // S-SA cannot be written at all (set aside); S-PB fails while it is prepared, every time.
    EvaluationWriter.prototype.write = function (this: EvaluationWriter, ...args: Parameters<EvaluationWriter['write']>) {
      if (args[0].row.result.sampleId === 'S-SA') throw new TypeError('Cannot read properties of undefined (reading "spec")');
      return write.apply(this, args);
    };
    ResultContextResolver.prototype.resolve = function (this: ResultContextResolver, result: IncomingResult) {
      if (result.sampleId === 'S-PB') throw new TypeError('Cannot read properties of undefined (reading "lot")');
      return resolve.call(this, result);
    };
    try {
      server = await startTestServer({ limsPollMs: 0 });
      await post(payload('SA', 7.0));
      const state = (id: string) => server?.db.prepare('SELECT state FROM lims_inbox WHERE result_id = ?').pluck().get(id);
      await post(payload('PB', 7.0));
      const deadline = Date.now() + 40_000;
      while (!server.db.prepare(`SELECT 1 FROM evaluations WHERE result_id = 'PB'`).get() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        await server.resultLoop.settled();
      }
      assert.equal(state('SA'), 'received', 'set aside until the next start');
      assert.equal(record('PB').outcome, 'error', 'the failing row behind it is counted and recorded for QA');
    } finally {
      EvaluationWriter.prototype.write = write;
      ResultContextResolver.prototype.resolve = resolve;
    }
  });
});
