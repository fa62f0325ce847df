// Plex: the MES contract against PlexMesAdapter + the Plex simulator (hold emulated through
// job hold + hold register), the error envelope, unpaged arrays and the call budget.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PlexMesAdapter } from '../../server/adapters/mes/plex/adapter';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { startSimulator, type RunningSimulator } from '../../simulators/http/launcher';
import { mesContract } from '../contracts/mes.contract';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const lines = [...catalog.lines()];
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };
const adapterFor = (sim: RunningSimulator) => new PlexMesAdapter({ baseUrl: sim.url, apiKey: sim.credentials.apiKey ?? '', lines, client: fast });

mesContract('PlexMesAdapter + Plex simulator', async () => {
  const sim = await startSimulator('plex', { catalog });
  return { adapter: adapterFor(sim), close: () => sim.close() };
});

describe('Plex specifics', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator('plex', { catalog, callsPerMinute: 5 });
  });
  after(() => sim.close());
  const key = () => ({ 'X-Plex-Connect-Api-Key': sim.credentials.apiKey ?? '' });

  it('answers a bad key with REQUEST_NOT_AUTHENTICATED', async () => {
    const res = await fetch(`${sim.url}/scheduling/v1/jobs`, { headers: { 'X-Plex-Connect-Api-Key': 'wrong' } });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { code: 'REQUEST_NOT_AUTHENTICATED', message: 'The request could not be authenticated.' });
  });

  it('returns full arrays and ignores limit, then enforces the per-minute budget with 429', async () => {
    const jobs = (await (await fetch(`${sim.url}/scheduling/v1/jobs?limit=2`, { headers: key() })).json()) as unknown[];
    assert.equal(jobs.length, catalog.dataset.workOrders.length);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${sim.url}/scheduling/v1/jobs`, { headers: key() })).status);
    assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
    const limited = await fetch(`${sim.url}/scheduling/v1/jobs`, { headers: key() });
    assert.equal(limited.status, 429);
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
  });
});
