// SAP DM: the MES contract against SapDmMesAdapter + the SAP DM simulator (hold by NC code
// and by a tenant hold API), and the XSUAA token lifecycle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SapDmMesAdapter, type SapDmOptions } from '../../server/adapters/mes/sap-dm/adapter';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { startSimulator, type RunningSimulator } from '../../simulators/http/launcher';
import { mesContract } from '../contracts/mes.contract';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const lines = [...catalog.lines()];
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };
const c = (sim: RunningSimulator, key: string) => sim.credentials[key] ?? '';
export const sapAdapterFor = (sim: RunningSimulator, extra: Partial<SapDmOptions> = {}) =>
  new SapDmMesAdapter({ baseUrl: sim.url, tokenUrl: c(sim, 'tokenUrl'), clientId: c(sim, 'clientId'), clientSecret: c(sim, 'clientSecret'), plant: c(sim, 'plant'), lines, client: fast, ...extra });

mesContract('SapDmMesAdapter (hold by NC code) + SAP DM simulator', async () => {
  const sim = await startSimulator('sap-dm', { catalog });
  return { adapter: sapAdapterFor(sim), close: () => sim.close() };
});

mesContract('SapDmMesAdapter (tenant hold API) + SAP DM simulator', async () => {
  const sim = await startSimulator('sap-dm', { catalog });
  return { adapter: sapAdapterFor(sim, { hold: { strategy: 'hold-api', holdPath: '/sfc/v1/sfcs/hold', releasePath: '/sfc/v1/sfcs/releaseHold', listPath: '/sfc/v1/sfcs/holds' } }), close: () => sim.close() };
});

describe('SAP DM specifics', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator('sap-dm', { catalog, tokenSeconds: 60 });
  });
  after(() => sim.close());

  it('reports SFC status 404 (Hold) for a held lot and shows the hold NC', async () => {
    const adapter = sapAdapterFor(sim);
    const placed = await adapter.placeHold({ lotId: 'LOT-24-0120', reasonCode: 'HR-01', comment: 'assay 94.0 %', initiatedBy: 'qa.anna', idempotencyKey: 'k-sap-1' });
    const token = await (await fetch(c(sim, 'tokenUrl'), { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${c(sim, 'clientId')}:${c(sim, 'clientSecret')}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json() as { access_token: string; expires_in: number };
    assert.equal(token.expires_in, 60);
    const detail = await (await fetch(`${sim.url}/sfc/v1/sfcdetail?plant=RVP1&sfc=LOT-24-0120`, { headers: { authorization: `Bearer ${token.access_token}` } })).json() as { status: { code: string } };
    assert.equal(detail.status.code, '404');
    const context = await adapter.getLotContext('LOT-24-0120');
    assert.deepEqual(context?.lot.holds.filter((h) => !h.releasedAt).map((h) => [h.id, h.reasonCode, h.placedBy]), [[placed.reference, 'HR-01', 'qa.anna']]);
  });

  it('refuses an unknown token and an unknown plant', async () => {
    assert.equal((await fetch(`${sim.url}/sfc/v1/sfcdetail?plant=RVP1&sfc=LOT-XYZ789`, { headers: { authorization: 'Bearer nope' } })).status, 401);
    const adapter = sapAdapterFor(sim, { plant: 'XX01' });
    await assert.rejects(adapter.getWorkOrder('WO-1001'), /sap-dm getWorkOrder \(GET \/api\/order\/v1\/orders\): HTTP 400: Plant "XX01" does not exist/);
  });
});
