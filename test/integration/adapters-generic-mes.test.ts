// Generic REST MES: the MES contract against GenericRestMesAdapter + the generic MES
// simulator, and the reference hold call as the simulator receives it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GenericRestMesAdapter } from '../../server/adapters/mes/generic-rest/adapter';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { startSimulator, type RunningSimulator } from '../../simulators/http/launcher';
import { mesContract } from '../contracts/mes.contract';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const lines = [...catalog.lines()];
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };
const adapterFor = (sim: RunningSimulator) => new GenericRestMesAdapter({ baseUrl: sim.url, token: sim.credentials.token ?? '', lines, client: fast });

mesContract('GenericRestMesAdapter + generic MES simulator', async () => {
  const sim = await startSimulator('generic-mes', { catalog });
  return { adapter: adapterFor(sim), close: () => sim.close() };
});

describe('generic REST MES specifics', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator('generic-mes', { catalog });
  });
  after(() => sim.close());

  it('accepts the reference hold call and answers a second one with LOT_ALREADY_ON_HOLD', async () => {
    const call = () =>
      fetch(`${sim.url}/work-orders/hold`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.credentials.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'hold', lot_number: 'LOT-24-0122', reason_code: 'HR-01', test: 'pH', value: 9.8, initiated_by: 'qloop' }),
      });
    const first = await call();
    assert.equal(first.status, 201);
    const second = await call();
    assert.equal(second.status, 409);
    assert.equal(((await second.json()) as { error: string }).error, 'LOT_ALREADY_ON_HOLD');
    assert.equal(sim.floor?.holdCount('LOT-24-0122'), 1);
  });

  it('refuses a wrong token with 401', async () => {
    assert.equal((await fetch(`${sim.url}/lines`, { headers: { authorization: 'Bearer nope' } })).status, 401);
  });
});
