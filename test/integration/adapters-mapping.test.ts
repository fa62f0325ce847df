// Master data mapping: the admin-edited table over HTTP (audited, permission-checked), an
// adapter following a row (LIMS batch name -> SAP SFC), and the "unmapped result" alert to QA.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SapDmMesAdapter } from '../../server/adapters/mes/sap-dm/adapter';
import { ManualClock } from '../../server/adapters/clock/manual-clock';
import { MemoryAuditLog } from '../../server/adapters/audit/memory-audit-log';
import { StaticIdMap } from '../../server/mapping/id-map';
import { resolveResultLot } from '../../server/mapping/unmapped-result';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import type { AlertEvent } from '../../server/realtime/contract';
import type { FeedTarget, TerminalFeed } from '../../server/realtime/services';
import { startSimulator } from '../../simulators/http/launcher';
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
      await mes.placeHold({ lotId: 'B-2024-0789', reasonCode: 'OOS', comment: 'mapped', initiatedBy: 'qa.anna', idempotencyKey: 'm-1' });
      assert.equal(sim.floor?.holdCount('LOT-XYZ789'), 1);
    } finally {
      await sim.close();
    }
  });
});

describe('unmapped results', () => {
  const feedSpy = () => {
    const sent: { target: FeedTarget; alert: AlertEvent }[] = [];
    const feed: TerminalFeed = { alert: (target, alert) => void sent.push({ target, alert }), proposal: () => {}, notice: () => {} };
    return { feed, sent };
  };

  it('raises an "unmapped result" alert to QA and audits it when the MES does not know the lot', async () => {
    const sim = await startSimulator('generic-mes', { catalog });
    try {
      const { GenericRestMesAdapter } = await import('../../server/adapters/mes/generic-rest/adapter');
      const mes = new GenericRestMesAdapter({ baseUrl: sim.url, token: sim.credentials.token!, lines: [...catalog.lines()], client: fast });
      const audit = new MemoryAuditLog(new ManualClock());
      const { feed, sent } = feedSpy();
      const deps = { mes, idMap: new StaticIdMap(), audit, clock: new ManualClock('2024-05-03T10:16:00Z'), feed };
      const mapped = await resolveResultLot({ resultId: 'R-778812', sampleId: 'BATCH-2024-001-05', lotId: 'LOT-XYZ789', test: 'PH', value: '9.8' }, deps);
      assert.equal(mapped.status, 'mapped');
      const unmapped = await resolveResultLot({ resultId: 'R-900100', sampleId: 'LAB-77', lotId: 'B-2024-0789', test: 'PH', value: '9.8', unit: '' }, deps);
      assert.equal(unmapped.status, 'unmapped');
      assert.deepEqual(sent.map((s) => [s.target.roles, s.alert.rule, s.alert.lot]), [[['qa'], 'unmapped-result', 'B-2024-0789']]);
      assert.match(sent[0]!.alert.guidance, /^Unmapped result: generic-rest does not know lot B-2024-0789 and the mapping table has no row for it\. .*add the lot to the mapping table/);
      const records = await audit.list({});
      assert.deepEqual(records.map((r) => [r.action, r.subject.id]), [['result.unmapped', 'R-900100']]);
      const noLot = await resolveResultLot({ resultId: 'R-900101', sampleId: 'LAB-78', test: 'PH', value: '7.0' }, deps);
      assert.equal(noLot.status, 'unmapped');
      assert.equal(sent.length, 2, 'a result without any lot is reported too, never dropped');
    } finally {
      await sim.close();
    }
  });
});
