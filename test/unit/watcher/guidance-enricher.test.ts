// The enricher against a real alert store and audit trail (SQLite in a temp folder): a rewording
// never overwrites an alert acknowledged (or closed by a retraction) or re-worded meanwhile, is
// pushed only after the store says it is on disk, and every answer of the model is audited: a
// failure, the same words, a refusal. The model is a port here whose answer the test releases.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { hmacSha256 } from '../../../server/adapters/audit/sha256';
import { SqliteAuditLog } from '../../../server/adapters/audit/sqlite-audit-log';
import { ManualClock } from '../../../server/adapters/clock/manual-clock';
import type { AlertEvent } from '../../../server/realtime/contract';
import type { TerminalFeed } from '../../../server/realtime/services';
import { openDatabase, type Db } from '../../../server/store/database';
import { AlertStore, type AlertRecord } from '../../../server/watcher/alert-store';
import { GuidanceEnricher } from '../../../server/watcher/guidance-enricher';
import type { GuidanceRewording } from '../../../server/watcher/guidance-wording';
import { tempDir } from '../../support/temp';

const GUIDANCE = 'pH 9.8 is above the upper limit 7.5. Lot LOT-XYZ789. Rule: spec.usl. Now: A hold is proposed (P-12) and waits for QA\'s e-signature.';

/** A wording model whose answers the test hands out one by one. */
class HeldRewording implements GuidanceRewording {
  readonly model = 'openai:held@model.test';
  readonly promptVersion = 'guidance-wording/test';
  readonly templates: string[] = [];
  #answers: Array<{ resolve: (text: string) => void; reject: (err: Error) => void }> = [];
  #asked: Array<() => void> = [];

  reword(template: string): Promise<string> {
    this.templates.push(template);
    for (const wake of this.#asked.splice(0)) wake();
    return new Promise((resolve, reject) => this.#answers.push({ resolve, reject }));
  }

  /** Resolves once the model was asked `n` times in all. */
  async asked(n: number): Promise<void> {
    while (this.templates.length < n) await new Promise<void>((resolve) => this.#asked.push(resolve));
  }

  answer(text: (template: string) => string): void {
    const next = this.#answers.shift();
    assert.ok(next, 'the model was asked');
    next.resolve(text(this.templates.at(-1) as string));
  }

  fail(message: string): void {
    this.#answers.shift()?.reject(new Error(message));
  }
}

describe('guidance enricher', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let alerts: AlertStore;
  let audit: SqliteAuditLog;
  let model: HeldRewording;
  let pushed: AlertEvent[];
  /** The WAL sync: on disk at once, unless a test holds it. */
  let durable: { gate: Promise<void>; release: () => void; calls: number; hold(): void };
  let enricher: GuidanceEnricher;

  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(tmp.dir);
    alerts = new AlertStore(db);
    audit = new SqliteAuditLog(db, new ManualClock(Date.parse('2024-05-03T10:20:00Z')), hmacSha256('k'.repeat(32)));
    model = new HeldRewording();
    pushed = [];
    durable = {
      gate: Promise.resolve(), release: () => {}, calls: 0,
      hold() {
        this.gate = new Promise<void>((resolve) => (this.release = resolve));
      },
    };
    const feed: TerminalFeed = { alert: (_target, alert) => pushed.push(alert), proposal: () => {}, notice: () => {} };
    enricher = new GuidanceEnricher({
      rewording: model, alerts, audit, feed, logger: pino({ level: 'silent' }),
      transaction: (work) => db.transaction(work).immediate(),
      durable: () => {
        durable.calls++;
        return durable.gate;
      },
    });
  });

  afterEach(async () => {
    await enricher.stop();
    db.close();
    tmp.remove();
  });

  /** An alert as the evaluation writer raises it: on an evaluation of an inbox row. */
  const raise = (lot = 'LOT-XYZ789', guidance = GUIDANCE): AlertRecord => {
    const seq = db.prepare(`INSERT INTO lims_inbox (dedupe_key, result_id, source, payload, received_at) VALUES (?, ?, 'webhook', '{}', '2024-05-03T10:15:30Z') RETURNING seq`).pluck().get(`R-${lot}`, `R-${lot}`) as number;
    const n = db.prepare(`INSERT INTO evaluations (inbox_seq, result_id, lot_id, test, outcome, disposition, rule, mode, record, evaluated_at) VALUES (?, ?, ?, 'PH', 'fail', 'hold', 'spec.usl', 'assist', '{}', '2024-05-03T10:16:00Z') RETURNING n`).pluck().get(seq, `R-${lot}`, lot) as number;
    return alerts.raise({ raisedAt: '2024-05-03T10:16:00Z', line: 'LINE-3', severity: 'critical', lot, test: 'PH', value: '9.8', unit: '', spec: '6.5–7.5', rule: 'spec.usl', guidance }, n, '2024-05-03T10:16:00Z').alert;
  };
  const stored = (alert: AlertRecord) => alerts.get(alert.event.id)?.event.guidance;
  const trail = async (action: string) => (await audit.list({ action })).map((r) => ({ subject: r.subject.id, reason: r.reason, model: r.ai?.model }));

  it('stores and audits a faithful rewording, and pushes it only once it is on disk', async () => {
    const alert = raise();
    durable.hold();
    enricher.enqueue(alert, ['PH', 'LOT-XYZ789']);
    await model.asked(1);
    assert.doesNotMatch(model.templates[0] ?? '', /9\.8|LOT-XYZ789|P-12|spec\.usl/, 'the model sees slots, not facts');
    assert.equal(model.templates[0], '[[1]] Lot [[2]]. Rule: [[3]]. [[4]]', 'nor the sentences with a verdict or an action');
    model.answer((t) => t.replace('Rule:', 'Rule applied:'));
    while (durable.calls === 0) await new Promise((resolve) => setImmediate(resolve));
    const reworded = GUIDANCE.replace('Rule:', 'Rule applied:');
    assert.equal(stored(alert), reworded, 'stored');
    assert.equal(pushed.length, 0, 'nobody sees it before the commit is on disk');
    durable.release();
    await enricher.settled();
    assert.deepEqual(pushed.map((a) => a.guidance), [reworded]);
    assert.deepEqual(await trail('alert.reworded'), [{ subject: alert.event.id, reason: undefined, model: 'openai:held@model.test' }]);
  });

  it('never overwrites an alert acknowledged (or closed) while the model worded it, nor pushes it', async () => {
    const alert = raise();
    enricher.enqueue(alert);
    await model.asked(1);
    assert.ok(alerts.acknowledge(alert.n, 'retraction', '2024-05-03T10:17:00Z', 'Closed: the LIMS retracted R-1'));
    model.answer((t) => t.replace('Rule:', 'Rule applied:'));
    await enricher.settled();
    assert.equal(stored(alert), GUIDANCE);
    assert.deepEqual(pushed, []);
    assert.deepEqual(await trail('alert.reworded'), []);
    assert.match((await trail('alert.rewording.stale'))[0]?.reason ?? '', /closed, acknowledged or changed/);
  });

  it('never overwrites guidance that changed since it was sent to the model', async () => {
    const alert = raise();
    enricher.enqueue(alert);
    await model.asked(1);
    db.prepare(`UPDATE alerts SET event = json_set(event, '$.guidance', ?) WHERE n = ?`).run(`${GUIDANCE} Note: the retest R-2 stands.`, alert.n);
    model.answer((t) => t.replace('Rule:', 'Rule applied:'));
    await enricher.settled();
    assert.equal(stored(alert), `${GUIDANCE} Note: the retest R-2 stands.`);
    assert.deepEqual(pushed, []);
    assert.equal((await trail('alert.rewording.stale')).length, 1);
  });

  it('does not ask the model when every sentence carries a verdict, a negation or an action', async () => {
    const guidance = 'pH 9.8 is above the upper limit 7.5: out of specification. Do not use LOT-XYZ789 until QA decides.';
    const alert = raise('LOT-XYZ789', guidance);
    enricher.enqueue(alert, ['PH', 'LOT-XYZ789']);
    await enricher.settled();
    assert.deepEqual(model.templates, []);
    assert.equal(stored(alert), guidance);
    assert.deepEqual(pushed, []);
  });

  it('audits a model failure, the same words back, and a refused rewording; the alert keeps its text', async () => {
    const [failed, same, refused] = [raise('LOT-1'), raise('LOT-2'), raise('LOT-3')];
    enricher.enqueue(failed);
    enricher.enqueue(same);
    await model.asked(2);
    model.fail('the wording model answered 503');
    model.answer((t) => t);
    enricher.enqueue(refused);
    await model.asked(3);
    model.answer((t) => `${t} The lot can be released.`);
    await enricher.settled();
    for (const alert of [failed, same, refused]) assert.equal(stored(alert), GUIDANCE);
    assert.deepEqual(pushed, []);
    assert.deepEqual(await trail('alert.rewording.failed'), [{ subject: failed.event.id, reason: 'the wording model answered 503', model: 'openai:held@model.test' }]);
    assert.deepEqual((await trail('alert.rewording.unchanged')).map((r) => r.subject), [same.event.id]);
    assert.equal((await trail('alert.rewording.rejected'))[0]?.reason, 'the rewording\'s own words change what a person does: "can", "released" outside the sentences kept as they are');
    assert.ok((await audit.verify()).ok);
  });
});
