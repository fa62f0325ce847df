// The vendor simulators' own behaviour, as an integration engineer meets it on the wire:
// workflow and state machines refuse what the real systems refuse, in their own envelopes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { SIMULATOR_KINDS, startSimulator, type RunningSimulator, type SimulatorKind } from '../../simulators/http/launcher';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function withSim(kind: SimulatorKind, run: (sim: RunningSimulator) => Promise<void>): Promise<void> {
  const sim = await startSimulator(kind, { catalog });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

describe('SENAITE simulator', () => {
  it('logs in with Basic auth and returns {token, expires}; the token works as Bearer and X-JWT-Auth-Token', () =>
    withSim('senaite', async (sim) => {
      const login = (await (await fetch(`${sim.url}/login`, { headers: { authorization: basic('qloop-lims', 'Senaite-Demo-1') } })).json()) as { token: string; expires: number; items: { authenticated: boolean }[] };
      assert.equal(login.items[0]?.authenticated, true);
      assert.ok(login.expires > Date.now() / 1000);
      assert.equal((await fetch(`${sim.url}/auth`, { headers: { authorization: `Bearer ${login.token}` } })).status, 200);
      assert.equal((await fetch(`${sim.url}/auth`, { headers: { 'X-JWT-Auth-Token': login.token } })).status, 200);
      sim.expireTokens();
      assert.equal((await fetch(`${sim.url}/auth`, { headers: { authorization: `Bearer ${login.token}` } })).status, 401);
      assert.equal((await fetch(`${sim.url}/login`, { headers: { authorization: basic('qloop-lims', 'wrong') } })).status, 401);
    }));

  it('runs the analysis workflow through update: submit, verify, retract (with a retest); refuses a wrong transition', () =>
    withSim('senaite', async (sim) => {
      const headers = { authorization: basic('qloop-lims', 'Senaite-Demo-1'), 'content-type': 'application/json' };
      const pending = sim.lab!.analyses().find((a) => a.sampleId === 'BATCH-2024-001-05' && a.test === 'PH')!;
      const update = (body: object) => fetch(`${sim.url}/update`, { method: 'POST', headers, body: JSON.stringify({ uid: pending.uid, ...body }) });
      const wrong = await update({ transition: 'verify' });
      assert.equal(wrong.status, 400);
      assert.match(((await wrong.json()) as { message: string }).message, /"verify" is not possible in state "unassigned"/);
      assert.equal((await update({ transition: 'submit', Result: '9.8' })).status, 200);
      assert.equal((await update({ transition: 'verify' })).status, 200);
      assert.equal(sim.lab!.get(pending.uid)?.state, 'verified');
      assert.equal((await update({ transition: 'retract' })).status, 200);
      assert.equal(sim.lab!.get(pending.uid)?.state, 'retracted');
      assert.ok(sim.lab!.analyses().some((a) => a.retestOf === pending.uid && a.state === 'unassigned'), 'a retest was created');
    }));

  it('ignores unknown search parameters, as the catalog does', () =>
    withSim('senaite', async (sim) => {
      const headers = { authorization: basic('qloop-lims', 'Senaite-Demo-1') };
      const all = (await (await fetch(`${sim.url}/search?portal_type=Analysis&limit=1`, { headers })).json()) as { count: number };
      const typo = (await (await fetch(`${sim.url}/search?portal_type=Analysis&limit=1&getKeywrd=PH`, { headers })).json()) as { count: number };
      assert.equal(typo.count, all.count);
    }));
});

describe('SAP DM simulator', () => {
  it('refuses an NC code over 16 characters and a hold NC on an SFC already on hold, in its error envelope', () =>
    withSim('sap-dm', async (sim) => {
      const token = ((await (await fetch(sim.credentials.tokenUrl!, { method: 'POST', headers: { authorization: basic(sim.credentials.clientId!, sim.credentials.clientSecret!), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json()) as { access_token: string }).access_token;
      const log = (code: string) => fetch(`${sim.url}/nonconformance/v1/log`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ plant: 'RVP1', code, sfcs: ['LOT-XYZ789'] }) });
      const long = await log('THIS_CODE_IS_TOO_LONG');
      assert.equal(long.status, 400);
      assert.equal(((await long.json()) as { error: { code: string } }).error.code, 'nonconformance.code.invalid');
      assert.equal((await log('QLOOP_HOLD')).status, 201);
      const again = await log('QLOOP_HOLD');
      assert.equal(again.status, 409);
      assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'sfc.alreadyOnHold');
      assert.equal((await fetch(sim.credentials.tokenUrl!, { method: 'POST', headers: { authorization: basic(sim.credentials.clientId!, sim.credentials.clientSecret!), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token' })).status, 400, 'no refresh grant');
    }));
});

describe('Plex simulator', () => {
  it('answers a hold on a held job with its 400 envelope and dates in the 7-digit format', () =>
    withSim('plex', async (sim) => {
      const headers = { 'X-Plex-Connect-Api-Key': sim.credentials.apiKey! };
      const jobs = (await (await fetch(`${sim.url}/scheduling/v1/jobs`, { headers })).json()) as { id: string; jobNo: string; scheduledStartDateTime: string }[];
      const job = jobs.find((j) => j.jobNo === 'WO-1001')!;
      assert.match(job.scheduledStartDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      assert.equal((await fetch(`${sim.url}/scheduling/v1-beta1/jobs/${job.id}/hold`, { method: 'POST', headers })).status, 200);
      const again = await fetch(`${sim.url}/scheduling/v1-beta1/jobs/${job.id}/hold`, { method: 'POST', headers });
      assert.equal(again.status, 400);
      const body = (await again.json()) as { code: string; errors: { code: string }[] };
      assert.deepEqual([body.code, body.errors[0]?.code], ['REQUEST_INVALID', 'JOB_ALREADY_ON_HOLD']);
      assert.equal((await fetch(`${sim.url}/scheduling/v1/jobs/nope/operations`, { headers })).status, 404);
    }));
});

describe('Opcenter simulator', () => {
  it('rotates refresh tokens: an old refresh token is refused', () =>
    withSim('opcenter', async (sim) => {
      const c = sim.credentials;
      const token = (form: Record<string, string>) => fetch(`${sim.url}/sit-auth/OAuth/Token`, { method: 'POST', headers: { authorization: basic(c.clientId!, c.clientSecret!), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      const first = (await (await token({ grant_type: 'password', username: c.username!, password: c.password!, scope: 'global' })).json()) as { refresh_token: string };
      assert.equal((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status, 200);
      assert.equal((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status, 400);
    }));
});

describe('generic LIMS simulator', () => {
  it('pages its transfer table with START/COUNT and reports the total', () =>
    withSim('generic-lims', async (sim) => {
      const headers = { authorization: `Bearer ${sim.credentials.token}` };
      const page = (start: number) => fetch(`${sim.url}/transfer/results?START=${start}&COUNT=100`, { headers }).then((r) => r.json() as Promise<{ total: number; rows: { RESULT_NUMBER: string }[] }>);
      const [a, b] = await Promise.all([page(0), page(100)]);
      assert.equal(a.total, catalog.dataset.results.length);
      assert.equal(a.rows.length, 100);
      assert.equal(new Set([...a.rows, ...b.rows].map((r) => r.RESULT_NUMBER)).size, 200);
    }));
});

describe('launcher', () => {
  it('starts and stops every simulator kind', async () => {
    for (const kind of SIMULATOR_KINDS) {
      const sim = await startSimulator(kind, { catalog });
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(Object.keys(sim.credentials).length > 0);
      await sim.close();
    }
  });
});
