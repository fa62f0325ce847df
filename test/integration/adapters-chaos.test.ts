// Acceptance: with 30% of calls answered 429 or 503 (Retry-After in seconds and as an HTTP
// date) and random lost answers, 100 holds land exactly once each at every MES simulator, and
// retries of the same request never add a hold. The client's pauses run on a virtual timer,
// so the test is fast; HTTP timeouts stay real.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualTimer } from '../../server/adapters/http/timer';
import { GenericRestMesAdapter } from '../../server/adapters/mes/generic-rest/adapter';
import { OpcenterMesAdapter } from '../../server/adapters/mes/opcenter/adapter';
import { PlexMesAdapter } from '../../server/adapters/mes/plex/adapter';
import { SapDmMesAdapter } from '../../server/adapters/mes/sap-dm/adapter';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../server/plant';
import type { MesAdapter } from '../../server/ports/mes';
import { startSimulator, type RunningSimulator, type SimulatorKind } from '../../simulators/http/launcher';

const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));
const lines = [...catalog.lines()];
const CHAOS = { rate429: 0.15, rate503: 0.15, rateTimeout: 0.05, timeoutMs: 2_500, retryAfter: 'mixed' as const, retryAfterSeconds: 2 };
const client = () => ({ timer: new VirtualTimer(Date.now()), retry: { timeoutMs: 1_000, maxAttempts: 14, maxElapsedMs: 3_600_000, backoff: { baseMs: 50, maxMs: 4_000 } } });
const c = (sim: RunningSimulator, key: string) => sim.credentials[key] ?? '';

const adapters: Record<string, { kind: SimulatorKind; make: (sim: RunningSimulator) => MesAdapter }> = {
  'sap-dm': { kind: 'sap-dm', make: (sim) => new SapDmMesAdapter({ baseUrl: sim.url, tokenUrl: c(sim, 'tokenUrl'), clientId: c(sim, 'clientId'), clientSecret: c(sim, 'clientSecret'), plant: c(sim, 'plant'), lines, client: client() }) },
  'generic-rest': { kind: 'generic-mes', make: (sim) => new GenericRestMesAdapter({ baseUrl: sim.url, token: c(sim, 'token'), lines, client: client() }) },
  opcenter: { kind: 'opcenter', make: (sim) => new OpcenterMesAdapter({ baseUrl: sim.url, clientId: c(sim, 'clientId'), clientSecret: c(sim, 'clientSecret'), username: c(sim, 'username'), password: c(sim, 'password'), lines, client: client() }) },
  plex: { kind: 'plex', make: (sim) => new PlexMesAdapter({ baseUrl: sim.url, apiKey: c(sim, 'apiKey'), lines, callsPerMinute: 1_000_000, client: client() }) },
};

/** Lots a hold may land on: known to the MES, not Closed, not already held. */
const holdable = catalog.lots().filter((lot) => lot.disposition !== 'Closed' && lot.disposition !== 'Planned' && lot.holds.every((h) => h.releasedAt !== undefined)).map((lot) => lot.id);

describe('100 holds under 30% 429/503 and lost answers land exactly once each', () => {
  for (const [name, { kind, make }] of Object.entries(adapters)) {
    it(`${name}`, async () => {
      const sim = await startSimulator(kind, { catalog, callsPerMinute: 1_000_000, faults: { ...CHAOS, seed: 11 } });
      try {
        // One adapter (one virtual clock) per lot: the lots run concurrently, each one's pauses in its own time.
        const adapterOf = new Map(holdable.map((lotId) => [lotId, make(sim)]));
        const floor = sim.floor!;
        let holds = 0;
        let round = 0;
        const references = new Map<string, string>();
        while (holds < 100) {
          const batch = holdable.slice(0, Math.min(holdable.length, 100 - holds));
          await Promise.all(batch.map(async (lotId) => {
            const key = `chaos-${round}-${lotId}`;
            const request = { lotId, reasonCode: 'HR-01', comment: `chaos round ${round}`, initiatedBy: 'qa.chaos', idempotencyKey: key };
            const mes = adapterOf.get(lotId)!;
            const first = await mes.placeHold(request);
            const retry = await mes.placeHold(request); // the outbox retrying the same item
            assert.equal(retry.status, 'already', `${lotId}: a retried hold is answered "already"`);
            assert.equal(retry.reference, first.reference);
            references.set(key, first.reference);
            if (floor.openHold(lotId) === undefined) throw new Error(`${lotId} round ${round}: not held after ${first.status} ${first.reference}/${retry.reference}; writes ${JSON.stringify(floor.writes.filter((w) => w.target === lotId))}`);
            await mes.releaseHold({ lotId, comment: 'chaos release', initiatedBy: 'qa.chaos', idempotencyKey: `${key}-release` });
          }));
          holds += batch.length;
          round += 1;
        }
        const landed = floor.writes.filter((w) => w.op === 'hold');
        assert.equal(landed.length, 100, `${landed.length} holds reached the simulator`);
        for (const lotId of holdable) {
          const expected = Array.from({ length: round }, (_, r) => `chaos-${r}-${lotId}`).filter((k) => references.has(k)).length;
          assert.equal(floor.holdCount(lotId), expected, `${lotId} held once per request`);
          assert.equal(floor.openHold(lotId), undefined, `${lotId} released at the end`);
        }
        assert.ok(sim.faults.stats.injected['429'] > 0 && sim.faults.stats.injected['503'] > 0 && sim.faults.stats.injected.timeout > 0, JSON.stringify(sim.faults.stats));
      } finally {
        await sim.close();
      }
    });
  }
});
