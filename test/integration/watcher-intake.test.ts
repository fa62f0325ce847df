// POST /api/lims/results: per-item validation naming the bad field (the good items of a batch
// still taken), results on disk before the 202, idempotent redelivery, and with a secret the
// HMAC over the raw body with a replay window.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../../server/watcher/webhook-signature';
import { startTestServer, type TestServer } from '../support/server';
import { tempDir } from '../support/temp';

const result = (id: string, extra: Record<string, unknown> = {}) => ({
  sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 7.0, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789',
  work_order: 'WO-1001', result_id: id, unit: '', status: 'final', finalized_at: '2024-05-03T10:15:00Z', ...extra,
});

async function post(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { results?: Array<Record<string, unknown>>; error?: { message: string; details?: Array<{ path: string }> } } };
}

describe('LIMS webhook intake without a secret (demo)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ limsPollMs: 0 });
  });
  after(async () => server?.stop());
  const inboxRow = (id: string) => server.db.prepare('SELECT seq, state FROM lims_inbox WHERE result_id = ?').get(id) as { seq: number; state: string } | undefined;

  it('takes the valid items of a batch and names the bad field of the others (207)', async () => {
    const { status, body } = await post(server, [result('R-B1'), result('R-B2', { spec_min: 'low' }), result('R-B3'), result('R-B4', { finalized_at: 'yesterday' })]);
    assert.equal(status, 207);
    assert.equal(body.accepted, 2);
    assert.equal(body.rejected, 2);
    const [first, second, third, fourth] = body.results ?? [];
    assert.equal(first?.status, 'accepted');
    assert.equal(second?.status, 'rejected');
    assert.match((second?.error as { message: string }).message, /^\[1\]\.spec_min: expected a number/);
    assert.equal(third?.status, 'accepted');
    assert.match((fourth?.error as { message: string }).message, /^\[3\]\.finalized_at: finalized_at must be an ISO 8601 time/);
    // Accepted means on disk: the rows are there the moment the answer is.
    assert.ok(inboxRow('R-B1'));
    assert.ok(inboxRow('R-B3'));
    assert.equal(inboxRow('R-B2'), undefined);
  });

  it('refuses a delivery with no valid result with 422 naming the field', async () => {
    const single = await post(server, result('R-X', { result: '' }));
    assert.equal(single.status, 422);
    assert.equal(single.body.error?.details?.[0]?.path, 'result');
    const spec = await post(server, result('R-Y', { spec_min: 8, spec_max: 7.5 }));
    assert.equal(spec.status, 422);
    assert.match(spec.body.error?.message ?? '', /spec_min: spec_min 8 is above spec_max 7\.5/);
    const pending = await post(server, result('R-Z', { status: 'pending' }));
    assert.match(pending.body.error?.message ?? '', /status: only finalized results are accepted/);
    assert.equal((await post(server, [])).status, 422);
    assert.equal((await post(server, '{"sample_id": ')).status, 400);
    const text = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(result('R-TXT')) });
    assert.equal(text.status, 400);
    assert.match(((await text.json()) as { error: { message: string } }).error.message, /send the results as JSON \(Content-Type: application\/json\), not text\/plain/);
  });

  it('tells a missing field from a wrong type, an empty body from a wrong type, and GET from POST', async () => {
    const { test_name: _t, ...noTest } = result('R-MISS');
    const missing = await post(server, noTest);
    assert.equal(missing.status, 422);
    assert.match(missing.body.error?.message ?? '', /test_name: test_name is required/);
    const wrongType = await post(server, result('R-TYPE', { test_name: 7 }));
    assert.match(wrongType.body.error?.message ?? '', /test_name: test_name must be a string/);
    const empty = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.equal(empty.status, 400);
    assert.match(((await empty.json()) as { error: { message: string } }).error.message, /^the request has no body: send one result or an array of results as JSON/);
    const get = await fetch(`${server.url}/api/lims/results`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.match(((await get.json()) as { error: { message: string } }).error.message, /GET is not supported here: the LIMS posts results/);
  });

  it('is idempotent on redelivery, by result_id and, without one, by sample + test + value + time', async () => {
    const once = await post(server, result('R-RE-1'));
    const again = await post(server, result('R-RE-1'));
    assert.equal(once.status, 202);
    assert.equal(again.status, 202);
    assert.equal(again.body.results?.[0]?.status, 'duplicate');
    assert.equal(again.body.results?.[0]?.inboxSeq, once.body.results?.[0]?.inboxSeq);
    const { result_id: _id, ...anonymous } = result('unused', { result: 6.9 });
    const a = await post(server, anonymous);
    const b = await post(server, [anonymous, { ...anonymous, finalized_at: '2024-05-03T11:15:00+01:00' }]);
    assert.equal(a.body.results?.[0]?.status, 'accepted');
    assert.deepEqual(b.body.results?.map((r) => r.status), ['duplicate', 'duplicate'], 'the same instant written with another offset is the same result');
    await server.resultLoop.settled();
    const evaluations = server.db.prepare('SELECT COUNT(*) FROM evaluations e JOIN lims_inbox i ON i.seq = e.inbox_seq WHERE i.result_id = ?').pluck();
    assert.equal(evaluations.get('R-RE-1'), 1);
    assert.equal(evaluations.get(a.body.results?.[0]?.resultId), 1);
  });
});

describe('LIMS webhook intake with a secret', () => {
  const secret = 'lims-webhook-secret-for-tests-0123456789';
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ limsPollMs: 0, webhookSecret: secret, webhookWindowSeconds: 300 });
  });
  after(async () => server?.stop());
  const signed = (body: string, at = Math.floor(Date.now() / 1000)) => ({ 'x-qloop-timestamp': String(at), 'x-qloop-signature': signWebhook(secret, String(at), body) });

  it('accepts a delivery signed over its exact bytes, however they are formatted', async () => {
    const body = JSON.stringify(result('R-S1'), null, 2);
    const res = await post(server, body, signed(body));
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const utf8 = `[ ${JSON.stringify(result('R-S1-\u00e9'))} ]`;
    const withCharset = await post(server, utf8, { ...signed(utf8), 'content-type': 'application/json; charset=utf-8' });
    assert.equal(withCharset.status, 202, JSON.stringify(withCharset.body));
  });

  it('refuses unsigned, badly signed and stale deliveries; the identical signed delivery again is a redelivery', async () => {
    const body = JSON.stringify(result('R-S2'));
    const unsigned = await post(server, body);
    assert.equal(unsigned.status, 401);
    assert.match(unsigned.body.error?.message ?? '', /unsigned webhook/);
    const headers = signed(body);
    const tampered = await post(server, body.replace('7', '9'), headers);
    assert.equal(tampered.status, 401);
    assert.match(tampered.body.error?.message ?? '', /bad webhook signature/);
    const old = Math.floor(Date.now() / 1000) - 3600;
    const stale = await post(server, body, signed(body, old));
    assert.match(stale.body.error?.message ?? '', /stale webhook/);
    assert.equal((await post(server, body, headers)).status, 202);
    // Its result is stored: answered like a redelivery (a LIMS retrying after a lost 202), nothing new taken.
    const replay = await post(server, body, headers);
    assert.equal(replay.status, 202, JSON.stringify(replay.body));
    assert.equal(server.db.prepare("SELECT COUNT(*) FROM lims_inbox WHERE result_id = 'R-S2'").pluck().get(), 1);
    // Operations see the refusals on /metrics, by kind.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /qloop_lims_webhook_refused_total\{kind="unsigned"\} 1\b/);
    assert.match(metrics, /qloop_lims_webhook_refused_total\{kind="bad-signature"\} 1\b/);
    assert.match(metrics, /qloop_lims_webhook_refused_total\{kind="stale"\} 1\b/);
  });
});

describe('LIMS webhook replay window across a restart', () => {
  it('knows a delivery replayed after a restart inside the window (a redelivery: nothing new taken)', async () => {
    const secret = 'lims-webhook-secret-for-tests-0123456789';
    const data = tempDir();
    const start = () => startTestServer({ limsPollMs: 0, webhookSecret: secret, webhookWindowSeconds: 300, dataDir: data.dir });
    try {
      const body = JSON.stringify(result('R-RESTART-1'));
      const at = String(Math.floor(Date.now() / 1000));
      const headers = { 'x-qloop-timestamp': at, 'x-qloop-signature': signWebhook(secret, at, body) };
      const first = await start();
      try {
        assert.equal((await post(first, body, headers)).status, 202);
      } finally {
        await first.stop();
      }
      const second = await start();
      try {
        const replay = await post(second, body, headers);
        assert.equal(replay.status, 202, JSON.stringify(replay.body));
        assert.deepEqual((replay.body as { results?: Array<{ status: string }> }).results?.map((r) => r.status), ['duplicate']);
        const fresh = JSON.stringify(result('R-RESTART-2'));
        assert.equal((await post(second, fresh, { 'x-qloop-timestamp': at, 'x-qloop-signature': signWebhook(secret, at, fresh) })).status, 202);
        assert.equal(second.db.prepare("SELECT COUNT(*) FROM lims_inbox WHERE result_id LIKE 'R-RESTART-%'").pluck().get(), 2);
      } finally {
        await second.stop();
      }
    } finally {
      data.remove();
    }
  });
});
