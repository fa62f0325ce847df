// Opcenter EX FN: the MES contract against OpcenterMesAdapter + the Opcenter simulator, the
// 200-with-Succeeded:false command failures, OData paging and the refresh grant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OpcenterMesAdapter } from '../../server/adapters/mes/opcenter/adapter';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { startSimulator, type RunningSimulator } from '../../simulators/http/launcher';
import { mesContract } from '../contracts/mes.contract';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const lines = [...catalog.lines()];
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };
const c = (sim: RunningSimulator, key: string) => sim.credentials[key] ?? '';
const adapterFor = (sim: RunningSimulator) => new OpcenterMesAdapter({ baseUrl: sim.url, clientId: c(sim, 'clientId'), clientSecret: c(sim, 'clientSecret'), username: c(sim, 'username'), password: c(sim, 'password'), lines, client: fast });

mesContract('OpcenterMesAdapter + Opcenter EX FN simulator', async () => {
  const sim = await startSimulator('opcenter', { catalog });
  return { adapter: adapterFor(sim), close: () => sim.close() };
});

describe('Opcenter specifics', () => {
  let sim: RunningSimulator;
  let token: string;
  before(async () => {
    sim = await startSimulator('opcenter', { catalog });
    const body = new URLSearchParams({ grant_type: 'password', username: c(sim, 'username'), password: c(sim, 'password'), scope: 'global' });
    const res = await fetch(`${sim.url}/sit-auth/OAuth/Token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${c(sim, 'clientId')}:${c(sim, 'clientSecret')}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => sim.close());

  it('answers a failed command with HTTP 200 and Succeeded:false', async () => {
    const hold = () => fetch(`${sim.url}/sit-svc/Application/Material/odata/HoldMaterialTrackingUnit`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ command: { NId: 'LOT-24-0121', ReasonCode: 'HR-01' } }) });
    assert.equal(((await (await hold()).json()) as { Succeeded: boolean }).Succeeded, true);
    const again = await hold();
    assert.equal(again.status, 200);
    const body = (await again.json()) as { Succeeded: boolean; Error: { ErrorCode: number; ErrorMessage: string } };
    assert.equal(body.Succeeded, false);
    assert.equal(body.Error.ErrorCode, 12001);
    assert.match(body.Error.ErrorMessage, /already on hold/);
  });

  it('pages OData collections with @odata.nextLink and filters with $filter', async () => {
    const first = (await (await fetch(`${sim.url}/sit-svc/Application/Material/odata/MaterialTrackingUnit`, { headers: { authorization: `Bearer ${token}` } })).json()) as { value: unknown[]; '@odata.nextLink'?: string };
    assert.equal(first.value.length, catalog.dataset.lots.length > 50 ? 50 : catalog.dataset.lots.length);
    const filtered = (await (await fetch(`${sim.url}/sit-svc/Application/Material/odata/MaterialTrackingUnit?$filter=${encodeURIComponent("NId eq 'LOT-XYZ789'")}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { value: { StatusNId: string }[] };
    assert.deepEqual(filtered.value.map((v) => v.StatusNId), ['Active']);
    const bad = await fetch(`${sim.url}/sit-svc/Application/Material/odata/MaterialTrackingUnit?$filter=${encodeURIComponent('NId gt 3')}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(bad.status, 400);
  });

  it('renews an expired access token with the refresh grant, without a failed call', async () => {
    const adapter = adapterFor(sim);
    assert.ok(await adapter.getWorkOrder('WO-1001'));
    const before = sim.tokenStats();
    sim.expireTokens();
    assert.equal((await adapter.getWorkOrder('WO-1001'))?.status, 'running');
    assert.equal(sim.tokenStats().refreshed, before.refreshed + 1, 'renewed through grant_type=refresh_token');
  });
});
