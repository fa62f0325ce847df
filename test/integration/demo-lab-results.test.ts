// POST /api/demo/lab-results: the demo page's lab bench. Only in demo mode, only for the published
// demo users; the result lands in the simulated LIMS (the copilot's source of truth) and reaches
// the watcher the way that LIMS delivers (poll, or push for the generic REST simulator).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { AlertEvent } from '../../server/realtime/contract';
import { startTestServer, type TestServer } from '../support/server';
import { tempDir } from '../support/temp';

const REFERENCE = { sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, result_id: 'R-778812', finalized_at: '2024-05-03T10:15:00Z' };

async function post(server: TestServer, body: unknown, token?: string): Promise<{ status: number; body: { message?: string; changed?: boolean; delivery?: { by: string }; error?: { code: string; message: string; details?: { path: string }[] } } }> {
  const response = await fetch(`${server.url}/api/demo/lab-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never };
}

async function alertsOf(server: TestServer, token: string): Promise<AlertEvent[]> {
  const response = await fetch(`${server.url}/api/alerts`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { alerts: AlertEvent[] }).alerts;
}

describe('demo lab bench', () => {
  it('records into the LIMS, the watcher takes it by its poll, once; audited with who asked', async () => {
    const server = await startTestServer();
    try {
      const token = await server.login('op.line3', 'Operator-Demo-1');
      const first = await post(server, REFERENCE, token);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(first.body.delivery, { by: 'poll', taken: 1 });
      const [inLims] = await server.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH', limit: 1 });
      assert.deepEqual([inLims?.id, inLims?.status, inLims?.value, inLims?.analyst], ['R-778812', 'final', '9.8', 'demo:op.line3']);
      await server.resultLoop.settled();
      const alerts = (await alertsOf(server, token)).filter((a) => a.lot === 'LOT-XYZ789' && a.test === 'PH');
      assert.deepEqual(alerts.map((a) => a.value), ['9.8']);

      const again = await post(server, REFERENCE, token);
      assert.equal(again.status, 200);
      assert.equal(again.body.changed, false);
      assert.match(again.body.message ?? '', /already holds R-778812/);
      await server.resultLoop.settled();
      assert.equal((await alertsOf(server, token)).filter((a) => a.lot === 'LOT-XYZ789' && a.test === 'PH').length, 1, 'a second click raises no second alert');

      const corrected = await post(server, { ...REFERENCE, result: 7.0 }, token);
      assert.equal(corrected.status, 409);
      assert.match(corrected.body.error?.message ?? '', /already final/);

      const audit = await server.audit.list({ action: 'demo.lab-result.recorded' });
      assert.deepEqual(audit.map((r) => [r.actor.id, r.subject.id]), [['op.line3', 'R-778812']]);
    } finally {
      await server.stop();
    }
  });

  it('the simulated LIMS still holds the recorded result after a restart; the watcher raises nothing twice', async () => {
    const data = tempDir();
    try {
      const first = await startTestServer({ dataDir: data.dir });
      assert.equal((await post(first, REFERENCE, await first.login('op.line3', 'Operator-Demo-1'))).status, 201);
      await first.resultLoop.settled();
      await first.stop();
      const second = await startTestServer({ dataDir: data.dir });
      try {
        const [inLims] = await second.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH', limit: 1 });
        assert.deepEqual([inLims?.id, inLims?.status, inLims?.value], ['R-778812', 'final', '9.8'], 'the copilot reads 9.8 after the restart, as the alert says');
        await second.resultLoop.poller?.pollOnce();
        await second.resultLoop.settled();
        const token = await second.login('op.line3', 'Operator-Demo-1');
        assert.equal((await alertsOf(second, token)).filter((a) => a.lot === 'LOT-XYZ789' && a.test === 'PH').length, 1);
      } finally {
        await second.stop();
      }
    } finally {
      data.remove();
    }
  });

  it('refuses strangers, real accounts and bad lab results, naming the problem', async () => {
    const server = await startTestServer({ limsPollMs: 0 });
    try {
      assert.equal((await post(server, REFERENCE)).status, 401);
      await server.accounts.add({ username: 'real.operator', password: 'Real-Operator-Pass-1', role: 'operator', lines: ['LINE-3'] }, 'it.admin');
      const real = await post(server, REFERENCE, await server.login('real.operator', 'Real-Operator-Pass-1'));
      assert.equal(real.status, 403);
      assert.match(real.body.error?.message ?? '', /only the published demo users/);

      const token = await server.login('qa.anna', 'Quality-Demo-1');
      const cases: [unknown, string, RegExp][] = [
        [{ ...REFERENCE, sample_id: 'BATCH-9' }, 'sample_id', /no sample "BATCH-9"/],
        [{ ...REFERENCE, test_name: 'colour' }, 'test_name', /has no test "colour"; its tests are PH/],
        [{ ...REFERENCE, result: true }, 'result', /result must be a number or a non-empty string/],
        [{ ...REFERENCE, finalized_at: 'yesterday' }, 'finalized_at', /ISO 8601/],
        [{ ...REFERENCE, material_lot: 'LOT-XYZ789' }, '', /unknown field "material_lot"/],
        [{ test_name: 'pH', result: 9.8 }, 'sample_id', /sample_id/],
      ];
      for (const [body, path, message] of cases) {
        const refused = await post(server, body, token);
        assert.equal(refused.status, 422, JSON.stringify(body));
        assert.match(refused.body.error?.message ?? '', message);
        if (path) assert.ok(refused.body.error?.details?.some((d) => d.path === path), JSON.stringify(refused.body.error));
      }
      // With polling off and a LIMS that does not push, the user is told the watcher will not see it.
      const unseen = await post(server, REFERENCE, token);
      assert.equal(unseen.status, 201);
      assert.match(unseen.body.message ?? '', /will not see it: LIMS polling is off \(QLOOP_LIMS_POLL_MS=0\)/);
    } finally {
      await server.stop();
    }
  });

  it('audits before the LIMS holds the result: when the audit trail cannot be written, nothing is recorded (500)', async () => {
    const server = await startTestServer({ limsPollMs: 0 });
    try {
      const token = await server.login('op.line3', 'Operator-Demo-1');
      // A real SQLite failure on the audit table for this action only (as a full or read-only disk would give).
      server.db.exec("CREATE TEMP TRIGGER demo_audit_fails BEFORE INSERT ON main.audit_log WHEN NEW.action LIKE 'demo.lab-result.%' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      const refused = await post(server, REFERENCE, token);
      assert.equal(refused.status, 500);
      const [held] = await server.lims.findResults({ sampleId: 'BATCH-2024-001-05', test: 'PH', limit: 1 });
      assert.equal(held?.status, 'pending', 'an unaudited lab action never reaches the LIMS');
      server.db.exec('DROP TRIGGER demo_audit_fails');
      const recorded = await post(server, REFERENCE, token);
      assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
      assert.deepEqual((await server.audit.list({ action: 'demo.lab-result.recorded' })).map((r) => r.subject.id), ['R-778812']);
    } finally {
      await server.stop();
    }
  });

  it('is not there next to a real LIMS in demo mode: the real LIMS is neither read nor written', async () => {
    const seen: string[] = [];
    const lims = http.createServer((req, res) => (seen.push(`${req.method} ${req.url}`), res.writeHead(503).end()));
    await new Promise<void>((resolve) => lims.listen(0, '127.0.0.1', resolve));
    const server = await startTestServer({ demo: true, lims: 'generic-rest', genericLimsUrl: `http://127.0.0.1:${(lims.address() as AddressInfo).port}`, genericLimsToken: 'site-token', limsPollMs: 0, webhookSecret: 'a-webhook-secret-shared-with-the-lims-0001' });
    try {
      const token = await server.login('op.line3', 'Operator-Demo-1');
      const before = seen.length;
      assert.equal((await post(server, REFERENCE, token)).status, 404);
      assert.deepEqual(seen.slice(before), [], 'no request to the real LIMS');
    } finally {
      await server.stop();
      await new Promise((resolve) => lims.close(resolve));
    }
  });

  it('is not there outside demo mode', async () => {
    const server = await startTestServer({ demo: false, webhookSecret: 'a-webhook-secret-shared-with-the-lims-0001' });
    try {
      assert.equal((await post(server, REFERENCE)).status, 404);
    } finally {
      await server.stop();
    }
  });

  it('with the generic REST LIMS simulator, the result travels over the wire to the watcher', async () => {
    const server = await startTestServer({ lims: 'generic-rest', demo: true, simulators: true });
    try {
      const token = await server.login('op.line3', 'Operator-Demo-1');
      const recorded = await post(server, REFERENCE, token);
      assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
      assert.ok(['poll', 'push'].includes(recorded.body.delivery?.by ?? ''), JSON.stringify(recorded.body.delivery));
      await server.resultLoop.settled();
      const alerts = (await alertsOf(server, token)).filter((a) => a.lot === 'LOT-XYZ789' && a.test === 'PH');
      assert.deepEqual(alerts.map((a) => a.value), ['9.8']);
    } finally {
      await server.stop();
    }
  });
});
