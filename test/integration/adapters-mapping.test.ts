// Master data mapping: the admin-edited table over HTTP (audited, permission-checked), an
// adapter following a row (LIMS batch name -> SAP SFC), and the "unmapped result" alert to QA.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdapterError } from '../../server/adapters/http/adapter-error';
import { SapDmMesAdapter } from '../../server/adapters/mes/sap-dm/adapter';
import { StaticIdMap } from '../../server/mapping/id-map';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import type { AlertEvent } from '../../server/realtime/contract';
import { startSimulator } from '../../simulators/http/launcher';
import type { InProcessMes } from '../../simulators/in-process/mes';
import { connectCopilot, connected, nextEvent, record, type TestSocket } from '../e2e/support/socket-client';
import { startTestServer } from '../support/server';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 4, maxElapsedMs: 10_000, backoff: { baseMs: 5, maxMs: 50 } } };

describe('mapping table over HTTP', () => {
  it('lets an admin add, change and remove rows (audited), QA read them, and refuses an operator', async () => {
    const server = await startTestServer();
    try {
      const [admin, qa, operator] = await Promise.all([server.login('it.admin', 'Plant-Admin-Demo-1'), server.login('qa.anna', 'Quality-Demo-1'), server.login('op.line3', 'Operator-Demo-1')]);
      const put = (token: string, body: object) => fetch(`${server.url}/api/mappings`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const row = { system: 'sap-dm', kind: 'lot', qloopId: 'B-2024-0789', mesId: 'LOT-XYZ789', reason: 'LIMS batch naming differs from the SFC' };
      assert.equal((await put(operator, row)).status, 403);
      const missingReason = await put(admin, { ...row, reason: undefined });
      assert.equal(missingReason.status, 422);
      assert.equal((await put(admin, row)).status, 200);
      assert.equal((await put(admin, { ...row, mesId: 'SFC-XYZ789', reason: 'SFC renamed' })).status, 200);
      const listed = (await (await fetch(`${server.url}/api/mappings?system=sap-dm`, { headers: { authorization: `Bearer ${qa}` } })).json()) as { mappings: { mesId: string; updatedBy: string }[] };
      assert.deepEqual(listed.mappings.map((m) => [m.mesId, m.updatedBy]), [['SFC-XYZ789', 'it.admin']]);
      assert.equal((await fetch(`${server.url}/api/mappings`, { headers: { authorization: `Bearer ${operator}` } })).status, 403);
      const removed = await fetch(`${server.url}/api/mappings/sap-dm/lot/B-2024-0789?reason=${encodeURIComponent('batch closed')}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
      assert.equal(removed.status, 200);
      const trail = await server.audit.list({});
      const actions = trail.filter((r) => r.subject.type === 'id-mapping').map((r) => [r.action, r.reason]);
      assert.deepEqual(actions, [['mapping.added', 'LIMS batch naming differs from the SFC'], ['mapping.changed', 'SFC renamed'], ['mapping.removed', 'batch closed']]);
      assert.ok((await server.audit.verify()).ok);
    } finally {
      await server.stop();
    }
  });
});

describe('adapters follow the mapping', () => {
  it('SAP DM: a LIMS batch name reaches its SFC and comes back under the LIMS name', async () => {
    const sim = await startSimulator('sap-dm', { catalog });
    try {
      const idMap = new StaticIdMap([{ system: 'sap-dm', kind: 'lot', qloopId: 'B-2024-0789', mesId: 'LOT-XYZ789' }]);
      const c = sim.credentials;
      const mes = new SapDmMesAdapter({ baseUrl: sim.url, tokenUrl: c.tokenUrl!, clientId: c.clientId!, clientSecret: c.clientSecret!, plant: c.plant!, lines: [...catalog.lines()], idMap, client: fast });
      const context = await mes.getLotContext('B-2024-0789');
      assert.deepEqual([context?.lot.id, context?.workOrder?.id], ['B-2024-0789', 'WO-1001']);
      await mes.placeHold({ lotId: 'B-2024-0789', reasonCode: 'HR-01', comment: 'mapped', initiatedBy: 'qa.anna', idempotencyKey: 'm-1' });
      assert.equal(sim.floor?.holdCount('LOT-XYZ789'), 1);
    } finally {
      await sim.close();
    }
  });
});

describe('unmapped results', () => {
  // Through the real path: the LIMS webhook -> inbox -> evaluation worker asking the MES over HTTP
  // (the generic REST MES simulator) -> an 'unmapped' evaluation, audit record and QA alert.
  it('a result for a lot the MES does not know raises an "unmapped result" alert to QA, audited, evaluated once', async () => {
    const server = await startTestServer({ mes: 'generic-rest', demo: true, simulators: true, limsPollMs: 0 });
    const sockets: TestSocket[] = [];
    try {
      const [admin, qaToken] = await Promise.all([server.login('it.admin', 'Plant-Admin-Demo-1'), server.login('qa.anna', 'Quality-Demo-1')]);
      const qa = connectCopilot(server.url, { token: qaToken });
      sockets.push(qa);
      await connected(qa);
      const alerts = record(qa, ['alert']);
      const post = async (body: object) => {
        const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ test_name: 'PH', result: 9.8, finalized_at: '2024-05-03T10:15:00Z', ...body }) });
        assert.equal(res.status, 202, await res.text());
        await server.resultLoop.settled();
      };
      const unmappedAlert = (lot: string) => nextEvent<AlertEvent>(qa, 'alert', (a) => a.rule === 'unmapped' && a.lot === lot);

      // No mapping row and the MES answers 404: the LIMS batch name never reaches a lot.
      const noRow = unmappedAlert('B-2024-0789');
      await post({ sample_id: 'LAB-77', material_lot: 'B-2024-0789', result_id: 'R-900100' });
      const alert = await noRow;
      assert.match(alert.guidance, /^Unmapped result: PH 9\.8 could not be evaluated: generic-rest does not know lot B-2024-0789 and the mapping table has no row for it\./);
      assert.match(alert.guidance, /Ask the administrator to add lot B-2024-0789 to the mapping table \(kind "lot", system "generic-rest"/);
      assert.match(alert.guidance, /nothing was decided automatically/);
      assert.equal(alert.severity, 'warning');

      // A row that points at an id the MES does not know: the catalog knows the lot, but it is not
      // evaluated as mapped (its hold would fail at the MES); the row itself is named.
      const put = await fetch(`${server.url}/api/mappings`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ system: 'generic-rest', kind: 'lot', qloopId: 'LOT-24-0312', mesId: 'LOT-24-0312-OLD', reason: 'renumbered' }) });
      assert.equal(put.status, 200);
      const badRow = unmappedAlert('LOT-24-0312');
      await post({ sample_id: 'LAB-78', material_lot: 'LOT-24-0312', result_id: 'R-900101' });
      assert.match((await badRow).guidance, /lot LOT-24-0312 is mapped to LOT-24-0312-OLD in generic-rest, but generic-rest does not know LOT-24-0312-OLD\. .*correct the mapping table row for lot LOT-24-0312/);

      // A redelivery changes nothing; a lot the MES knows is evaluated normally.
      await post({ sample_id: 'LAB-77', material_lot: 'B-2024-0789', result_id: 'R-900100' });
      await post({ sample_id: 'BATCH-2024-001-05', material_lot: 'LOT-XYZ789', result_id: 'R-900102', spec_min: 6.5, spec_max: 7.5 });

      const evaluations = server.db.prepare(`SELECT result_id, outcome, rule, lot_id FROM evaluations WHERE result_id LIKE 'R-9001%' ORDER BY n`).all();
      assert.deepEqual(evaluations, [
        { result_id: 'R-900100', outcome: 'unmapped', rule: 'unmapped', lot_id: null },
        { result_id: 'R-900101', outcome: 'unmapped', rule: 'unmapped', lot_id: null },
        { result_id: 'R-900102', outcome: 'fail', rule: 'spec.usl', lot_id: 'LOT-XYZ789' },
      ]);
      const trail = await server.audit.list({ action: 'result.unmapped' });
      assert.deepEqual(trail.map((r) => [r.subject.id, r.reason]), [
        ['R-900100', 'generic-rest does not know lot B-2024-0789 and the mapping table has no row for it'],
        ['R-900101', 'lot LOT-24-0312 is mapped to LOT-24-0312-OLD in generic-rest, but generic-rest does not know LOT-24-0312-OLD'],
      ]);
      assert.deepEqual((trail[0]?.after as { mes: string; mappingRow: boolean }).mappingRow, false);
      assert.equal(alerts.filter((e) => (e.payload as AlertEvent).rule === 'unmapped').length, 2, 'one alert per unmapped result, none for the redelivery');
      assert.ok((await server.audit.verify()).ok);
    } finally {
      sockets.forEach((s) => s.close());
      await server.stop();
    }
  });

  // The review's case (/tmp/rev/unmapped-oos.test.ts): pH 9.8 against the LIMS's 6.5–7.5 on a lot
  // with a mapping error was "unmapped, warning, no specification" and left no OOS record.
  it('an OOS on a lot the MES does not know is still an OOS: critical, on the OOS register under the LIMS lot, with the mapping fix', async () => {
    const server = await startTestServer({ limsPollMs: 0 });
    try {
      const qa = connectCopilot(server.url, { token: await server.login('qa.anna', 'Quality-Demo-1') });
      await connected(qa);
      const raised = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === 'LOT-NOT-MAPPED');
      const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sample_id: 'S-U1', test_name: 'PH', result: 9.8, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-NOT-MAPPED', result_id: 'R-U1', finalized_at: '2024-05-03T10:15:00Z' }) });
      assert.equal(res.status, 202);
      await server.resultLoop.settled();
      const alert = await raised;
      qa.close();
      assert.deepEqual(server.db.prepare('SELECT outcome, disposition, rule, lot_id FROM evaluations WHERE result_id = ?').get('R-U1'), { outcome: 'fail', disposition: 'hold', rule: 'spec.usl', lot_id: null });
      assert.deepEqual([alert.severity, alert.rule, alert.value, alert.spec], ['critical', 'spec.usl', '9.8', '6.5–7.5']);
      assert.match(alert.guidance, /^PH 9\.8 is above the upper specification limit 7\.5.* Unmapped result: in-process-mes does not know lot LOT-NOT-MAPPED and the mapping table has no row for it\./);
      assert.match(alert.guidance, /The OOS is recorded under LOT-NOT-MAPPED and blocks its release in qloop/);
      assert.match(alert.guidance, /Ask the administrator to add lot LOT-NOT-MAPPED to the mapping table/);
      assert.deepEqual(server.resultLoop.oos.openFor('LOT-NOT-MAPPED'), ['R-U1'], 'a later release of the lot is blocked');
      const [audited] = await server.audit.list({ action: 'result.unmapped' });
      assert.deepEqual([audited?.subject.id, (audited?.after as { outcome: string; oosUnder: string }).outcome, (audited?.after as { oosUnder: string }).oosUnder], ['R-U1', 'fail', 'LOT-NOT-MAPPED']);
      assert.equal(server.db.prepare(`SELECT COUNT(*) FROM proposals`).pluck().get(), 0, 'nothing is proposed for a lot the MES does not know');
    } finally {
      await server.stop();
    }
  });

  it('an MES that does not answer about a lot the plant record lacks: the result waits in the inbox and is evaluated when the MES answers', async () => {
    const server = await startTestServer({ limsPollMs: 0 });
    try {
      const mes = server.integrations.mes.adapter as InProcessMes;
      const qa = connectCopilot(server.url, { token: await server.login('qa.anna', 'Quality-Demo-1') });
      await connected(qa);
      // An outage (no answer within the timeout), not an error that is an answer: see the next test.
      mes.failNext(2, new AdapterError({ vendor: 'in-process-mes', call: 'getLotContext', failure: 'timeout', message: 'no answer within 10000 ms' }), { operations: ['getLotContext'] });
      const raised = nextEvent<AlertEvent>(qa, 'alert', (a) => a.lot === 'B-2024-0789');
      const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sample_id: 'S-U2', test_name: 'PH', result: 7.0, material_lot: 'B-2024-0789', result_id: 'R-U2', finalized_at: '2024-05-03T10:15:00Z' }) });
      assert.equal(res.status, 202);
      await server.resultLoop.worker.idle();
      assert.equal(server.db.prepare('SELECT COUNT(*) FROM evaluations WHERE result_id = ?').pluck().get('R-U2'), 0, 'no verdict and no "unmapped" while the MES is silent');
      assert.equal(server.db.prepare('SELECT state FROM lims_inbox WHERE result_id = ?').pluck().get('R-U2'), 'received');
      // The worker tries again; the MES now answers that it does not know the lot: unmapped for what it is.
      const alert = await raised;
      qa.close();
      assert.equal(server.db.prepare('SELECT COUNT(*) FROM evaluations').pluck().get(), 1);
      assert.equal(alert.rule, 'unmapped');
      assert.match(alert.guidance, /in-process-mes does not know lot B-2024-0789/);
      assert.deepEqual(server.db.prepare('SELECT outcome, rule FROM evaluations WHERE result_id = ?').all('R-U2'), [{ outcome: 'unmapped', rule: 'unmapped' }]);
    } finally {
      await server.stop();
    }
  });

  // Review-2 M3: any failure of the lot lookup used to wait forever, blocking every result behind it.
  it('an MES answer that is an error waiting will not fix (a body of the wrong shape): unmapped with the error, never retried, the inbox moves on', async () => {
    const server = await startTestServer({ limsPollMs: 0 });
    try {
      const mes = server.integrations.mes.adapter as InProcessMes;
      const post = async (body: object) => {
        const res = await fetch(`${server.url}/api/lims/results`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ test_name: 'PH', result: 9.8, spec_min: 6.5, spec_max: 7.5, finalized_at: '2024-05-03T10:15:00Z', ...body }) });
        assert.equal(res.status, 202, await res.text());
        await server.resultLoop.settled();
      };
      // One failure only: a retry would get the MES's real answer ("does not know lot"), so the reason shows it was not retried.
      mes.failNext(1, new AdapterError({ vendor: 'in-process-mes', call: 'getLotContext', failure: 'invalid-response', message: 'lot.workOrderId: expected a string', field: 'lot.workOrderId' }), { operations: ['getLotContext'] });
      await post({ sample_id: 'S-U3', material_lot: 'B-2024-0789', result_id: 'R-U3' });
      await post({ sample_id: 'BATCH-2024-001-05', material_lot: 'LOT-XYZ789', result_id: 'R-U4' });
      assert.deepEqual(server.db.prepare(`SELECT result_id, outcome, rule, lot_id FROM evaluations WHERE result_id IN ('R-U3', 'R-U4') ORDER BY n`).all(), [
        { result_id: 'R-U3', outcome: 'fail', rule: 'spec.usl', lot_id: null },
        { result_id: 'R-U4', outcome: 'fail', rule: 'spec.usl', lot_id: 'LOT-XYZ789' },
      ]);
      assert.notEqual(server.db.prepare('SELECT state FROM lims_inbox WHERE result_id = ?').pluck().get('R-U3'), 'received');
      const [audited] = await server.audit.list({ action: 'result.unmapped' });
      assert.deepEqual([audited?.subject.id, audited?.reason], ['R-U3', 'in-process-mes answered the question about lot B-2024-0789 with an error that waiting will not fix (in-process-mes getLotContext: lot.workOrderId: expected a string)']);
      assert.match(String((audited?.after as { fix?: string }).fix), /check the in-process-mes connection/);
      assert.deepEqual(server.resultLoop.oos.openFor('B-2024-0789'), ['R-U3'], 'the OOS on the LIMS limits still stands');
    } finally {
      await server.stop();
    }
  });
});
