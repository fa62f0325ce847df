// Generic LIMS: the LIMS contract against GenericRestLimsAdapter and against the
// configurable PollingLimsAdapter (LabWare-style transfer table), both served by the
// generic LIMS simulator; and its webhook pusher with duplicates and shuffled order.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { GenericRestLimsAdapter } from '../../server/adapters/lims/generic-rest/adapter';
import { PollingLimsAdapter } from '../../server/adapters/lims/polling/adapter';
import { LABWARE_TRANSFER_EXAMPLE } from '../../server/adapters/lims/polling/labware-example';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { signWebhook } from '../../server/watcher/webhook-signature';
import { startSimulator } from '../../simulators/http/launcher';
import { limsContract, REFERENCE_PH } from '../contracts/lims.contract';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };

limsContract('GenericRestLimsAdapter + generic LIMS simulator', async () => {
  const sim = await startSimulator('generic-lims', { catalog });
  return { adapter: new GenericRestLimsAdapter({ baseUrl: sim.url, token: sim.credentials.token ?? '', client: fast }), addFinalResult: async (r) => void sim.lab?.record(r), close: () => sim.close() };
});

limsContract('PollingLimsAdapter (LabWare transfer-table mapping) + generic LIMS simulator', async () => {
  const sim = await startSimulator('generic-lims', { catalog });
  return { adapter: new PollingLimsAdapter({ baseUrl: sim.url, mapping: LABWARE_TRANSFER_EXAMPLE, client: fast }), addFinalResult: async (r) => void sim.lab?.record(r), close: () => sim.close() };
});

describe('polling LIMS mapping', () => {
  it('refuses a mapping with a misspelt key, naming it', () => {
    const bad = { ...LABWARE_TRANSFER_EXAMPLE, results: { ...LABWARE_TRANSFER_EXAMPLE.results, feilds: {} } };
    assert.throws(() => new PollingLimsAdapter({ baseUrl: 'http://x', mapping: bad }), /polling LIMS mapping: results: Unrecognized key: "feilds"/);
  });

  it('names the column when the site renamed it', async () => {
    const sim = await startSimulator('generic-lims', { catalog });
    try {
      const renamed = { ...LABWARE_TRANSFER_EXAMPLE, results: { ...LABWARE_TRANSFER_EXAMPLE.results, fields: { ...LABWARE_TRANSFER_EXAMPLE.results.fields, value: 'RESULT_VALUE', modifiedAt: 'CHANGED' } } };
      const adapter = new PollingLimsAdapter({ baseUrl: sim.url, mapping: renamed, client: fast });
      await assert.rejects(adapter.listFinalizedResults({ since: '2024-05-01T00:00:00Z' }, 10), /polling-lims \(LabWare \(transfer table over REST\)\) listFinalizedResults \(GET \/transfer\/results\): invalid response field rows\[0\]\.CHANGED/);
    } finally {
      await sim.close();
    }
  });
});

describe('generic LIMS webhook pusher', () => {
  it('pushes the signed reference payload, with duplicates and shuffled order when asked', async () => {
    const received: { body: Record<string, unknown>; signature: string; timestamp: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ body: JSON.parse(raw) as Record<string, unknown>, signature: String(req.headers['x-qloop-signature']), timestamp: String(req.headers['x-qloop-timestamp']) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/lims/results`;
    const sim = await startSimulator('generic-lims', { catalog, push: { target, secret: 'push-secret-for-tests-0123456789', settings: { duplicateRate: 1, shuffleWindow: 2, seed: 3 } } });
    try {
      sim.lab?.record(REFERENCE_PH);
      sim.lab?.record({ ...REFERENCE_PH, id: 'R-900010', sampleId: 'BATCH-2024-001-04', value: '7.0', numeric: 7 });
      await sim.pusher?.flush();
      assert.equal(received.length, 4, 'each of the two results delivered twice');
      const reference = received.find((r) => r.body.result_id === 'R-778812');
      assert.deepEqual(reference?.body, { sample_id: 'BATCH-2024-001-05', test_name: 'pH', result: 9.8, spec_min: 6.5, spec_max: 7.5, material_lot: 'LOT-XYZ789', work_order: 'WO-1001', result_id: 'R-778812', unit: '', status: 'final', finalized_at: '2024-05-03T10:15:00Z' });
      for (const r of received) assert.equal(r.signature, signWebhook('push-secret-for-tests-0123456789', r.timestamp, JSON.stringify(r.body)));
      assert.equal(new Set(received.map((r) => r.signature)).size, 4, 'every delivery is signed anew, so a duplicate is not a replay');
    } finally {
      await sim.close();
      receiver.close();
    }
  });
});
