// SENAITE: the LIMS contract against SenaiteLimsAdapter + the SENAITE simulator, then the
// vendor's own behaviours: JWT expiry mid-run, paging while records change, bad payloads.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SenaiteLimsAdapter } from '../../server/adapters/lims/senaite/adapter';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { startSimulator, type RunningSimulator } from '../../simulators/http/launcher';
import { limsContract } from '../contracts/lims.contract';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const testCodes = catalog.dataset.specifications.map((s) => s.test);
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };

function adapterFor(sim: RunningSimulator, extra: Partial<ConstructorParameters<typeof SenaiteLimsAdapter>[0]> = {}) {
  return new SenaiteLimsAdapter({ baseUrl: sim.url, username: sim.credentials.username ?? '', password: sim.credentials.password ?? '', testCodes, client: fast, ...extra });
}

limsContract('SenaiteLimsAdapter + SENAITE simulator', async () => {
  const sim = await startSimulator('senaite', { catalog });
  return { adapter: adapterFor(sim), addFinalResult: async (result) => void sim.lab?.record(result), close: () => sim.close() };
});

describe('SENAITE specifics', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator('senaite', { catalog });
  });
  after(() => sim.close());

  it('pages a review-state search in the senaite.jsonapi envelope', async () => {
    const res = await fetch(`${sim.url}/search?portal_type=Analysis&review_state=verified&limit=10`, { headers: { authorization: `Basic ${Buffer.from('qloop-lims:Senaite-Demo-1').toString('base64')}` } });
    const body = (await res.json()) as { count: number; pagesize: number; page: number; pages: number; next: string; previous: null; items: { review_state: string }[] };
    assert.equal(body.pagesize, 10);
    assert.equal(body.page, 1);
    assert.ok(body.count > 500 && body.pages === Math.ceil(body.count / 10));
    assert.match(body.next, /b_start=10/);
    assert.equal(body.previous, null);
    assert.ok(body.items.every((i) => i.review_state === 'verified'));
  });

  it('refuses a request without credentials or with a forged token (401)', async () => {
    assert.equal((await fetch(`${sim.url}/search`)).status, 401);
    assert.equal((await fetch(`${sim.url}/search`, { headers: { authorization: 'Bearer not-a-real-token' } })).status, 401);
  });
});
