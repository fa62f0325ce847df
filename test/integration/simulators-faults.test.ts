// The simulators' fault injection: what a client sees on the wire, from tests and from
// config, and that a fault run replays from its seed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { parseFaultSettings } from '../../simulators/http/faults/fault-settings';
import { startSimulator, type RunningSimulator } from '../../simulators/http/launcher';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));

describe('fault injection on the wire', () => {
  let sim: RunningSimulator;
  const auth = () => ({ authorization: `Bearer ${sim.credentials.token}`, 'content-type': 'application/json' });
  const lines = () => fetch(`${sim.url}/lines`, { headers: auth() });
  before(async () => {
    sim = await startSimulator('generic-mes', { catalog });
  });
  after(() => sim.close());

  it('answers 429 with Retry-After in seconds, then as an HTTP date', async () => {
    sim.faults.configure({ retryAfterSeconds: 3 });
    sim.faults.failNext(2, { kind: '429' });
    const first = await lines();
    const second = await lines();
    assert.deepEqual([first.status, second.status], [429, 429]);
    assert.equal(first.headers.get('retry-after'), '3');
    const date = Date.parse(second.headers.get('retry-after') ?? '');
    assert.ok(!Number.isNaN(date) && date > Date.now() && date <= Date.now() + 5_000, `HTTP date ${second.headers.get('retry-after')}`);
    assert.equal((await lines()).status, 200);
  });

  it('answers 503 with an HTML page, and an HTML error page with 200', async () => {
    sim.faults.failNext(1, { kind: '503' });
    const unavailable = await lines();
    assert.equal(unavailable.status, 503);
    assert.match(await unavailable.text(), /<title>503 Service Unavailable<\/title>/);
    sim.faults.failNext(1, { kind: 'html' });
    const html = await lines();
    assert.deepEqual([html.status, html.headers.get('content-type')?.startsWith('text/html')], [200, true]);
  });

  it('rewrites a body and resets a connection', async () => {
    sim.faults.failNext(1, { kind: 'rewrite', rewrite: () => ({ surprise: true }) });
    assert.deepEqual(await (await lines()).json(), { surprise: true });
    sim.faults.failNext(1, { kind: 'reset' });
    await assert.rejects(lines());
  });

  it('lets a timed-out call take effect: the answer is lost, the hold is not', async () => {
    sim.faults.configure({ timeoutMs: 1_000 });
    sim.faults.failNext(1, { kind: 'timeout' }, { match: /^POST \/api\/v1\/work-orders\/hold$/ });
    const body = JSON.stringify({ action: 'hold', lot_number: 'LOT-24-0121', reason_code: 'HR-01', test: 'ASSAY', value: 94.0, initiated_by: 'qloop' });
    await assert.rejects(fetch(`${sim.url}/work-orders/hold`, { method: 'POST', headers: auth(), body, signal: AbortSignal.timeout(100) }), /TimeoutError|aborted/i);
    assert.equal(sim.floor?.openHold('LOT-24-0121')?.reasonCode, 'HR-01');
    sim.faults.releaseHeld();
  });

  it('applies only to matching calls and never to exempt paths', async () => {
    sim.faults.configure({ rate503: 1, exempt: ['^/api/v1/lines$'] });
    assert.equal((await lines()).status, 200);
    assert.equal((await fetch(`${sim.url}/equipment/TK-07`, { headers: auth() })).status, 503);
    sim.faults.configure();
  });

  it('replays the same random faults from the same seed', async () => {
    const run = async () => {
      sim.faults.configure({ rate429: 0.3, rate503: 0.2, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await lines()).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    sim.faults.configure();
    assert.deepEqual(a, b);
    assert.ok(a.includes(429) && a.includes(503) && a.includes(200), a.join(','));
  });

  it('counts calls and injected faults', () => {
    assert.ok(sim.faults.stats.calls > 20);
    assert.ok(sim.faults.stats.injected['429'] >= 2 && sim.faults.stats.injected.timeout >= 1);
  });
});

describe('fault settings from config', () => {
  it('reads JSON and names a bad field', () => {
    assert.equal(parseFaultSettings('{"rate429":0.25}').rate429, 0.25);
    assert.equal(parseFaultSettings(undefined).rate503, 0);
    assert.throws(() => parseFaultSettings('{"rate429":1.5}'), /simulator faults: rate429: /);
    assert.throws(() => parseFaultSettings('{"rate42":0.1}'), /Unrecognized key/);
  });

  it('starts a simulator already misbehaving', async () => {
    const sim = await startSimulator('plex', { catalog, faults: '{"rate503":1}' });
    try {
      assert.equal((await fetch(`${sim.url}/scheduling/v1/jobs`, { headers: { 'X-Plex-Connect-Api-Key': sim.credentials.apiKey ?? '' } })).status, 503);
    } finally {
      await sim.close();
    }
  });

  it('delays every call with slowMs', async () => {
    const sim = await startSimulator('generic-mes', { catalog, faults: { slowMs: 150 } });
    try {
      const res = await fetch(`${sim.url}/lines`, { headers: { authorization: `Bearer ${sim.credentials.token}` }, signal: AbortSignal.timeout(50) }).catch((err: Error) => err);
      assert.ok(res instanceof Error, 'a 50 ms client timeout fires before a 150 ms slow answer');
    } finally {
      await sim.close();
    }
  });
});
