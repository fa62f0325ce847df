// Acceptance: tokens that expire mid-run are renewed without a failed action; SENAITE paging
// while records are added, retracted and changed between pages loses and repeats nothing;
// bad vendor responses (wrong types, missing fields, HTML pages) give an adapter error that
// names vendor, call and field, and the next call works.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdapterError } from '../../server/adapters/http/adapter-error';
import { GenericRestLimsAdapter } from '../../server/adapters/lims/generic-rest/adapter';
import { PollingLimsAdapter } from '../../server/adapters/lims/polling/adapter';
import { LABWARE_TRANSFER_EXAMPLE } from '../../server/adapters/lims/polling/labware-example';
import { SenaiteLimsAdapter } from '../../server/adapters/lims/senaite/adapter';
import { GenericRestMesAdapter } from '../../server/adapters/mes/generic-rest/adapter';
import { OpcenterMesAdapter } from '../../server/adapters/mes/opcenter/adapter';
import { PlexMesAdapter } from '../../server/adapters/mes/plex/adapter';
import { SapDmMesAdapter } from '../../server/adapters/mes/sap-dm/adapter';
import type { TestResult } from '../../server/domain/types';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import { startSimulator, type RunningSimulator, type SimulatorKind } from '../../simulators/http/launcher';
import type { ScriptedFault } from '../../simulators/http/faults/fault-injector';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const lines = [...catalog.lines()];
const testCodes = catalog.dataset.specifications.map((s) => s.test);
const fast = { retry: { timeoutMs: 2_000, maxAttempts: 6, maxElapsedMs: 20_000, backoff: { baseMs: 5, maxMs: 50 } } };
const c = (sim: RunningSimulator, key: string) => sim.credentials[key] ?? '';

async function withSim<T>(kind: SimulatorKind, run: (sim: RunningSimulator) => Promise<T>, options: { tokenSeconds?: number } = {}): Promise<T> {
  const sim = await startSimulator(kind, { catalog, ...options });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

const senaite = (sim: RunningSimulator, feed = {}) => new SenaiteLimsAdapter({ baseUrl: sim.url, username: c(sim, 'username'), password: c(sim, 'password'), testCodes, client: fast, feed });
const sap = (sim: RunningSimulator) => new SapDmMesAdapter({ baseUrl: sim.url, tokenUrl: c(sim, 'tokenUrl'), clientId: c(sim, 'clientId'), clientSecret: c(sim, 'clientSecret'), plant: c(sim, 'plant'), lines, client: fast });
const opcenter = (sim: RunningSimulator) => new OpcenterMesAdapter({ baseUrl: sim.url, clientId: c(sim, 'clientId'), clientSecret: c(sim, 'clientSecret'), username: c(sim, 'username'), password: c(sim, 'password'), lines, client: fast });

describe('token expiry mid-run', () => {
  it('SAP DM: holds and releases go on while every issued token is revoked twice', () =>
    withSim('sap-dm', async (sim) => {
      const mes = sap(sim);
      const lots = ['LOT-24-0120', 'LOT-24-0121', 'LOT-24-0122', 'LOT-24-0312', 'LOT-XYZ789'];
      for (const [i, lotId] of lots.entries()) {
        if (i === 1 || i === 3) sim.expireTokens();
        assert.equal((await mes.placeHold({ lotId, reasonCode: 'HR-01', comment: 'token test', initiatedBy: 'qa.t', idempotencyKey: `t-${lotId}` })).status, 'applied');
        assert.equal((await mes.releaseHold({ lotId, comment: 'token test', initiatedBy: 'qa.t', idempotencyKey: `t-${lotId}-r` })).status, 'applied');
      }
      assert.equal(sim.tokenStats().issued, 3, 'one token at the start, one after each revocation');
    }));

  it('SAP DM: a token with a short expires_in is renewed before it runs out (no 401 needed)', () =>
    withSim(
      'sap-dm',
      async (sim) => {
        const mes = sap(sim);
        const started = Date.now();
        let calls = 0;
        while (Date.now() - started < 2_500) {
          assert.ok(await mes.getWorkOrder('WO-1001'));
          calls += 1;
        }
        assert.ok(sim.tokenStats().issued >= 2, `${sim.tokenStats().issued} tokens over ${calls} calls`);
      },
      { tokenSeconds: 1 },
    ));

  it('SENAITE: a rotated JWT secret is met with one new /login, and the poll completes', () =>
    withSim('senaite', async (sim) => {
      const lims = senaite(sim);
      const first = await lims.listFinalizedResults({ since: '1970-01-01T00:00:00Z' }, 50);
      sim.expireTokens();
      const second = await lims.listFinalizedResults(first.next, 50);
      assert.equal(second.results.length, 50);
      assert.equal(sim.tokenStats().issued, 2);
    }));

  it('Opcenter: an expired access token is renewed with the refresh grant inside a hold', () =>
    withSim('opcenter', async (sim) => {
      const mes = opcenter(sim);
      await mes.getWorkOrder('WO-1001');
      sim.expireTokens();
      assert.equal((await mes.placeHold({ lotId: 'LOT-XYZ789', reasonCode: 'HR-01', comment: 'token test', initiatedBy: 'qa.t', idempotencyKey: 'o-1' })).status, 'applied');
      assert.equal(sim.tokenStats().refreshed, 1);
    }));
});

describe('SENAITE paging while the data changes between pages', () => {
  for (const rangeQuery of [true, false]) {
    it(`loses and repeats nothing (range query ${rangeQuery ? 'on' : 'off'})`, () =>
      withSim('senaite', async (sim) => {
        const lab = sim.lab!;
        const lims = senaite(sim, { pageSize: 10, rangeQuery });
        const early = lab.analyses().filter((a) => a.state === 'verified').sort((a, b) => a.modified - b.modified);
        let page = 0;
        const mutate = (body: unknown) => {
          page += 1;
          if (page === 3) {
            for (const [i, sampleId] of ['BATCH-2024-001-05', 'BATCH-2024-001-04', 'BATCH-2024-001-03'].entries()) {
              lab.record({ id: `R-PAGING-${i}`, sampleId, lotId: 'LOT-XYZ789', test: 'VISC', value: String(2000 + i), numeric: 2000 + i, unit: 'mPa·s', status: 'final', finalizedAt: '2024-05-03T11:00:00Z' } satisfies TestResult);
            }
          }
          if (page === 5) {
            lab.transition(early[0]!.uid, 'retract'); // already delivered: comes again as a retraction
            lab.transition(early[400]!.uid, 'retract'); // not read yet: leaves the verified list, every later offset shifts
            lab.touch(early[300]!.uid); // not read yet: moves to the end
          }
          return body;
        };
        sim.faults.failNext(8, { kind: 'rewrite', rewrite: mutate }, { match: /^GET .*\/search$/ });
        const { results } = await lims.listFinalizedResults({ since: '1970-01-01T00:00:00Z' }, 1000);
        const ids = results.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length, 'no result delivered twice');
        const expected = lab.analyses().filter((a) => ['verified', 'published', 'retracted'].includes(a.state)).map((a) => a.uid).sort();
        assert.deepEqual([...ids].sort(), expected, 'every final and retracted analysis delivered');
        assert.equal(results.find((r) => r.id === early[0]!.uid)?.status, 'retracted');
        assert.equal(results.find((r) => r.id === early[400]!.uid)?.status, 'retracted');
      }));
  }
});

interface BadCase {
  kind: SimulatorKind;
  name: string;
  match: RegExp;
  fault: ScriptedFault;
  call: (sim: RunningSimulator) => Promise<unknown>;
  message: RegExp;
  field: string;
}

const wrong = (mutate: (body: Record<string, unknown>) => void) => ({ kind: 'rewrite' as const, rewrite: (body: unknown) => (mutate(body as Record<string, unknown>), body) });
const first = (body: Record<string, unknown>, key: string) => ((body[key] as Record<string, unknown>[])[0] as Record<string, unknown>);

const badCases: BadCase[] = [
  { kind: 'senaite', name: 'SENAITE: Result as a number', match: /search$/, fault: wrong((b) => {
    const item = first(b, 'items');
    if (item && 'Keyword' in item) item.Result = 7.1; // only the complete Analysis objects, not the sample lookup
  }), call: (sim) => senaite(sim).findResults({ lotId: 'LOT-12345', test: 'PH' }), message: /^senaite findResults \(GET \/senaite\/@@API\/senaite\/v1\/search\): invalid response field items\[0\]\.Result: /, field: 'items[0].Result' },
  { kind: 'senaite', name: 'SENAITE: HTML login page', match: /search$/, fault: { kind: 'html' }, call: (sim) => senaite(sim).getSample('BATCH-2024-001-05'), message: /senaite getSample .*expected JSON but got an HTML page \("Site Error"\)/, field: '(body)' },
  { kind: 'sap-dm', name: 'SAP DM: SFC status code missing', match: /sfcdetail$/, fault: wrong((b) => delete (b.status as Record<string, unknown>).code), call: (sim) => sap(sim).getLotContext('LOT-XYZ789'), message: /^sap-dm getLotContext \(GET \/api\/sfc\/v1\/sfcdetail\): invalid response field status\.code/, field: 'status.code' },
  { kind: 'sap-dm', name: 'SAP DM: HTML error page from the gateway', match: /orders$/, fault: { kind: 'html', status: 200 }, call: (sim) => sap(sim).getWorkOrder('WO-1001'), message: /sap-dm getWorkOrder .*HTML page/, field: '(body)' },
  { kind: 'plex', name: 'Plex: container quantity as text', match: /containers$/, fault: wrong((b) => ((b as unknown as Record<string, unknown>[])[0]!.quantity = 'many')), call: (sim) => new PlexMesAdapter({ baseUrl: sim.url, apiKey: c(sim, 'apiKey'), lines, client: fast }).getLotContext('LOT-XYZ789'), message: /^plex getLotContext \(GET \/inventory\/v1\/inventory-tracking\/containers\): invalid response field \[0\]\.quantity/, field: '[0].quantity' },
  { kind: 'opcenter', name: 'Opcenter: MTU StatusNId missing', match: /MaterialTrackingUnit$/, fault: wrong((b) => delete first(b, 'value').StatusNId), call: (sim) => opcenter(sim).getLotContext('LOT-XYZ789'), message: /^opcenter getLotContext .*invalid response field value\[0\]\.StatusNId/, field: 'value[0].StatusNId' },
  { kind: 'generic-mes', name: 'generic MES: unknown disposition', match: /lots\//, fault: wrong((b) => (b.disposition = 'Held')), call: (sim) => new GenericRestMesAdapter({ baseUrl: sim.url, token: c(sim, 'token'), lines, client: fast }).getLotContext('LOT-XYZ789'), message: /^generic-rest getLotContext .*invalid response field disposition/, field: 'disposition' },
  { kind: 'generic-lims', name: 'generic LIMS: status not in the vocabulary', match: /results$/, fault: wrong((b) => (first(b, 'results').status = 'done')), call: (sim) => new GenericRestLimsAdapter({ baseUrl: sim.url, token: c(sim, 'token'), client: fast }).listFinalizedResults({ since: '2024-05-01T00:00:00Z' }), message: /^generic-rest-lims listFinalizedResults .*invalid response field results\[0\]\.status/, field: 'results[0].status' },
  { kind: 'generic-lims', name: 'polling LIMS: change time missing', match: /transfer\/results$/, fault: wrong((b) => delete first(b, 'rows').CHANGED_ON), call: (sim) => new PollingLimsAdapter({ baseUrl: sim.url, mapping: LABWARE_TRANSFER_EXAMPLE, client: fast }).listFinalizedResults({ since: '2024-05-01T00:00:00Z' }), message: /listFinalizedResults \(GET \/transfer\/results\): invalid response field rows\[0\]\.CHANGED_ON/, field: 'rows[0].CHANGED_ON' },
];

describe('bad vendor responses give an error naming vendor, call and field; nothing crashes', () => {
  for (const bad of badCases) {
    it(bad.name, () =>
      withSim(bad.kind, async (sim) => {
        sim.faults.failNext(3, bad.fault, { match: bad.match });
        await assert.rejects(bad.call(sim), (err: unknown) => {
          assert.ok(err instanceof AdapterError, `an AdapterError, got ${String(err)}`);
          assert.match(err.message, bad.message);
          assert.equal(err.field, bad.field);
          assert.equal(err.code, 'UPSTREAM');
          return true;
        });
        sim.faults.clear();
        await bad.call(sim); // the vendor answers properly again: the adapter carries on
      }));
  }

  it('Opcenter: a command failing inside HTTP 200 names the command and its ErrorCode', () =>
    withSim('opcenter', async (sim) => {
      const mes = opcenter(sim);
      sim.faults.failNext(1, wrong((b) => Object.assign(b, { Succeeded: false, Error: { ErrorCode: 10999, ErrorMessage: 'Unit of work rolled back' } })), { match: /^POST .*CreateNonconformance$/ });
      await assert.rejects(mes.draftNonconformance({ lotId: 'LOT-XYZ789', code: 'OOS-PH', description: 'pH 9.8', initiatedBy: 'qa.t', idempotencyKey: 'nc-1' }), /opcenter draftNonconformance \(POST CreateNonconformance\): command CreateNonconformance failed: Unit of work rolled back \(ErrorCode 10999\)/);
    }));
});
