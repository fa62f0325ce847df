// The signed LIMS webhook when a delivery is repeated: the identical signed request after a lost
// 202 is answered like a redelivery (202, duplicates), not 401, also while the first is still
// being stored (it waits for the first's outcome, and is stored itself if the first fails); a delivery whose commit failed
// gives its signature back, so the LIMS's retry is stored; refusals are logged, counted and
// audited once a minute per reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../../server/watcher/webhook-signature';
import { startTestServer, type TestServer } from '../support/server';

const secret = 'a-webhook-secret-shared-with-the-lims-0001';
const result = (id: string) => ({ sample_id: `S-${id}`, test_name: 'PH', result: 7.0, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001', result_id: id, unit: '', finalized_at: '2024-05-03T10:15:00Z' });

describe('signed webhook deliveries sent again', () => {
  let server: TestServer;
  const signed = (body: unknown) => {
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    return { body: text, headers: { 'content-type': 'application/json', 'x-qloop-timestamp': timestamp, 'x-qloop-signature': signWebhook(secret, timestamp, text) } };
  };
  const send = async (request: { body: string; headers: Record<string, string> }) => {
    const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', ...request });
    return { status: res.status, report: (await res.json()) as { results?: Array<{ status: string }>; error?: { message: string } } };
  };
  const stored = (id: string) => server.db.prepare('SELECT COUNT(*) FROM lims_inbox WHERE result_id = ?').pluck().get(id) as number;

  before(async () => {
    server = await startTestServer({ limsPollMs: 0, webhookSecret: secret, webhookWindowSeconds: 300 });
  });
  after(async () => {
    await server?.stop();
  });

  it('the identical signed request again (the 202 was lost) is a redelivery: 202, duplicate, nothing new', async () => {
    const request = signed(result('R-WR-1'));
    const first = await send(request);
    assert.equal(first.status, 202);
    assert.deepEqual(first.report.results?.map((r) => r.status), ['accepted']);
    const again = await send(request);
    assert.equal(again.status, 202, JSON.stringify(again.report));
    assert.deepEqual(again.report.results?.map((r) => r.status), ['duplicate']);
    assert.equal(stored('R-WR-1'), 1);
  });

  it('a delivery whose commit failed is stored when the LIMS sends the same signed request again', async () => {
    const inbox = server.resultLoop.inbox;
    const accept = inbox.accept.bind(inbox);
    // The inbox commit fails once (the database was locked by a backup, the disk was full).
    inbox.accept = () => {
      inbox.accept = accept;
      return Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    };
    const request = signed(result('R-WR-2'));
    assert.equal((await send(request)).status, 500);
    assert.equal(stored('R-WR-2'), 0);
    const retry = await send(request);
    assert.equal(retry.status, 202, JSON.stringify(retry.report));
    assert.deepEqual(retry.report.results?.map((r) => r.status), ['accepted']);
    await server.resultLoop.settled();
    assert.equal(server.db.prepare(`SELECT outcome FROM evaluations WHERE result_id = 'R-WR-2'`).pluck().get(), 'pass');
  });

  it('the identical signed request sent while the first is still being stored waits for it: both 202, stored once', async () => {
    const request = signed(result('R-WR-3'));
    const [a, b] = await Promise.all([send(request), send(request)]);
    assert.deepEqual([a.status, b.status], [202, 202], JSON.stringify([a.report, b.report]));
    assert.deepEqual([...(a.report.results ?? []), ...(b.report.results ?? [])].map((r) => r.status).sort(), ['accepted', 'duplicate']);
    assert.equal(stored('R-WR-3'), 1);
  });

  it('when the first of two identical requests fails to be stored, the second one, waiting, is stored instead', async () => {
    const inbox = server.resultLoop.inbox;
    const accept = inbox.accept.bind(inbox);
    let failFirst!: () => void;
    const failing = new Promise<void>((resolve) => (failFirst = resolve));
    let arrived!: () => void;
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    // The first delivery's commit hangs, then fails (the disk was full); the second is sent meanwhile.
    inbox.accept = async () => {
      inbox.accept = accept;
      arrived();
      await failing;
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    const verifier = server.resultLoop.verifier;
    assert.ok(verifier);
    const verify = verifier.verify.bind(verifier);
    let verified!: () => void;
    const secondVerified = new Promise<void>((resolve) => (verified = resolve));
    let calls = 0;
    verifier.verify = (...args) => {
      const delivery = verify(...args);
      if ((calls += 1) === 2) verified();
      return delivery;
    };
    const request = signed(result('R-WR-4'));
    const first = send(request);
    await firstArrived;
    const second = send(request);
    // The second is verified (a replay of the first, still being stored) before the first fails.
    await secondVerified;
    verifier.verify = verify;
    failFirst();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.status, 500);
    assert.equal(b.status, 202, JSON.stringify(b.report));
    assert.deepEqual(b.report.results?.map((r) => r.status), ['accepted']);
    assert.equal(stored('R-WR-4'), 1);
  });

  it('refused deliveries are counted and audited once a minute per reason, with the count', async () => {
    const before = (await server.audit.list({})).filter((r) => r.action === 'webhook.refused').length;
    for (let i = 0; i < 3; i++) {
      const res = await send({ body: JSON.stringify(result('R-WR-X')), headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 401);
      assert.match(res.report.error?.message ?? '', /unsigned webhook/);
    }
    const refused = (await server.audit.list({})).filter((r) => r.action === 'webhook.refused');
    assert.equal(refused.length - before, 1, 'one audit record for the burst');
    const last = refused.at(-1);
    assert.equal(last?.subject.id, 'unsigned');
    assert.deepEqual(last?.after, { refused: 1, total: 1 });
    assert.equal(stored('R-WR-X'), 0);
    // The rest of the burst is audited when its minute is over (or at stop), with no refusal after it.
    server.resultLoop.verifier?.refusals.flush();
    const rest = (await server.audit.list({})).filter((r) => r.action === 'webhook.refused');
    assert.equal(rest.length - before, 2);
    assert.deepEqual(rest.at(-1)?.after, { refused: 2, total: 3 });
    server.resultLoop.verifier?.refusals.flush();
    assert.equal((await server.audit.list({})).filter((r) => r.action === 'webhook.refused').length - before, 2, 'nothing new: nothing audited twice');
  });
});
