// The context resolver tells "the MES answered: no such lot" (unmapped: QA must map it) from "the
// MES did not answer" (evaluation goes on from the plant record, with a note; a lot the plant
// record does not know either waits in the inbox: ContextUnavailableError, never "unmapped") from
// "the MES answered with an error" (not an outage: unmapped with the error, the inbox moves on).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../server/adapters/clock/manual-clock';
import { QloopError } from '../../../server/errors';
import { StaticIdMap } from '../../../server/mapping/id-map';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../../server/plant';
import { AdapterError } from '../../../server/adapters/http/adapter-error';
import { ContextUnavailableError, isOutage, ResultContextResolver } from '../../../server/watcher/result-context';
import type { IncomingResult } from '../../../server/watcher/incoming-result';
import { InProcessLims } from '../../../simulators/in-process/lims';
import { InProcessMes } from '../../../simulators/in-process/mes';

const plant = loadPlant(DEMO_PLANT_FILE);
const catalog = new PlantCatalog(plant);
const result = (lotId: string | undefined, sampleId = 'LAB-1'): IncomingResult => ({ resultId: `R-${lotId ?? 'none'}`, sampleId, test: 'PH', value: '7.0', numeric: 7, ...(lotId ? { lotId } : {}), finalizedAt: '2024-05-03T10:15:00.000Z' });

describe('result context: mapped, unmapped, MES down', () => {
  it('a lot the MES knows is mapped, with its line and specification', async () => {
    const resolver = new ResultContextResolver(catalog, new InProcessMes(plant, new ManualClock(plant.asOf)), new StaticIdMap());
    const context = await resolver.resolve(result('LOT-XYZ789'));
    assert.equal(context.unmapped, undefined);
    assert.deepEqual([context.lot?.id, context.line?.id, context.spec?.test], ['LOT-XYZ789', 'LINE-3', 'PH']);
  });

  it('a lot the MES answers it does not know is unmapped, worded by whether the mapping table has a row', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf), { name: 'plex' });
    const noRow = await new ResultContextResolver(catalog, mes, new StaticIdMap()).resolve(result('B-2024-0789'));
    assert.equal(noRow.lot, undefined);
    assert.deepEqual([noRow.unmapped?.mappingRow, noRow.unmapped?.reason], [false, 'plex does not know lot B-2024-0789 and the mapping table has no row for it']);
    assert.match(noRow.unmapped?.fix ?? '', /add lot B-2024-0789 to the mapping table \(kind "lot", system "plex"/);
    // A row that sends the MES to an id it lacks is covered over HTTP in adapters-mapping.test.ts.
  });

  it('an MES that fails still leaves the plant record to evaluate from, with a note; a lot the plant record lacks waits', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    const resolver = new ResultContextResolver(catalog, mes, new StaticIdMap());
    mes.failNext(5);
    const context = await resolver.resolve(result('LOT-XYZ789'));
    assert.equal(context.lot?.id, 'LOT-XYZ789');
    assert.equal(context.unmapped, undefined);
    assert.ok(context.notes.some((n) => /^MES unavailable \(.*\): context from the plant record$/.test(n)), context.notes.join(' | '));
    mes.failNext(5);
    await assert.rejects(
      resolver.resolve(result('B-2024-0789')),
      // UNAVAILABLE: the worker retries it for as long as the outage lasts, never as a poisoned row.
      (err) => err instanceof ContextUnavailableError && err instanceof QloopError && err.code === 'UNAVAILABLE' && /^in-process-mes could not be asked about lot B-2024-0789 \(.*simulated fault.*\) and the plant record does not know it; the result waits in the inbox$/.test(err.message),
    );
    // Once the MES answers, the same result is unmapped for what it is: a lot the MES does not know.
    mes.clearFaults();
    const later = new ResultContextResolver(catalog, mes, new StaticIdMap()); // a lot lookup is reused for a second
    assert.match((await later.resolve(result('B-2024-0789'))).unmapped?.reason ?? '', /^in-process-mes does not know lot B-2024-0789/);
  });

  it('a LIMS or MES that does not answer for a result without a lot: it waits, never "the LIMS sent no lot"', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    const lims = new InProcessLims(plant, new ManualClock(plant.asOf));
    const resolver = new ResultContextResolver(catalog, mes, new StaticIdMap(), lims);
    lims.failNext(1);
    await assert.rejects(resolver.resolve(result(undefined, 'LAB-405')), (err) => err instanceof ContextUnavailableError && /^the LIMS could not be asked for the lot of sample LAB-405 \(/.test(err.message));
    mes.failNext(1);
    await assert.rejects(resolver.resolve({ ...result(undefined, 'LAB-406'), workOrderId: 'WO-404' }), (err) => err instanceof ContextUnavailableError && /could not be asked for work order WO-404 of sample LAB-406/.test(err.message));
    const unknownOrder = await resolver.resolve({ ...result(undefined, 'LAB-407'), workOrderId: 'WO-404' });
    assert.equal(unknownOrder.unmapped?.reason, 'the LIMS sent no lot for sample LAB-407, and in-process-mes does not know its work order WO-404');
  });

  it('only an outage waits (network, timeout, 5xx, 429, open circuit, refused credentials); an error that is an answer does not', () => {
    const adapter = (failure: ConstructorParameters<typeof AdapterError>[0]['failure'], status?: number) => new AdapterError({ vendor: 'plex', call: 'getLotContext', failure, message: 'x', ...(status ? { status } : {}) });
    const outages = [adapter('network'), adapter('timeout'), adapter('rate-limited', 429), adapter('unavailable', 503), adapter('circuit-open'), adapter('http', 500), adapter('auth', 401), new QloopError('UNAVAILABLE', 'down'), new QloopError('RATE_LIMITED', 'slow down'), new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }), new DOMException('timed out', 'TimeoutError')];
    const answers = [adapter('http', 400), adapter('http', 404), adapter('invalid-response'), adapter('business'), new QloopError('NOT_FOUND', 'no such lot'), new QloopError('VALIDATION', 'bad id'), new Error('Cannot read properties of undefined'), 'a string'];
    assert.deepEqual(outages.map(isOutage), outages.map(() => true));
    assert.deepEqual(answers.map(isOutage), answers.map(() => false));
  });

  it('an MES or LIMS error that is no outage makes the result unmapped with the error: it never blocks the inbox', async () => {
    const clock = new ManualClock(plant.asOf);
    const schemaMismatch = new AdapterError({ vendor: 'plex', call: 'getLotContext', failure: 'invalid-response', message: 'items[0].Lot_No: expected a string', field: 'items[0].Lot_No' });
    for (const error of [schemaMismatch, new AdapterError({ vendor: 'plex', call: 'getLotContext', failure: 'http', status: 400, message: 'HTTP 400 Bad Request' }), new QloopError('NOT_FOUND', 'no lot B-2024-0789'), new Error('Cannot read properties of undefined (reading lot)')]) {
      const mes = new InProcessMes(plant, clock, { name: 'plex' });
      mes.failNext(1, error);
      const context = await new ResultContextResolver(catalog, mes, new StaticIdMap()).resolve({ ...result('B-2024-0789'), value: '9.8', numeric: 9.8, specMin: 6.5, specMax: 7.5 });
      assert.equal(context.lot, undefined);
      assert.equal(context.lotId, 'B-2024-0789');
      assert.equal(context.unmapped?.reason, `plex answered the question about lot B-2024-0789 with an error that waiting will not fix (${error.message})`);
      assert.match(context.unmapped?.fix ?? '', /check the plex connection .*mapping table row of lot B-2024-0789.*not tried again by itself/);
      // still judged on the limits the LIMS sent
      assert.deepEqual([context.specSource, context.spec?.usl], ['lims', 7.5]);
    }
    // A lot the plant record knows is still evaluated from it, with the error as a note.
    const mes = new InProcessMes(plant, clock, { name: 'plex' });
    mes.failNext(5, schemaMismatch);
    const known = await new ResultContextResolver(catalog, mes, new StaticIdMap()).resolve(result('LOT-XYZ789'));
    assert.deepEqual([known.lot?.id, known.unmapped], ['LOT-XYZ789', undefined]);
    assert.ok(known.notes.some((n) => n.startsWith('MES error (plex getLotContext: items[0].Lot_No: expected a string)')), known.notes.join(' | '));
    // The LIMS refusing the sample question, the MES refusing the work order question: unmapped too.
    const lims = new InProcessLims(plant, clock);
    lims.failNext(1, new QloopError('VALIDATION', 'sample id LAB-405 is malformed'));
    const sample = await new ResultContextResolver(catalog, new InProcessMes(plant, clock), new StaticIdMap(), lims).resolve(result(undefined, 'LAB-405'));
    assert.equal(sample.unmapped?.reason, 'in-process-lims answered the question for the lot of sample LAB-405 with an error that waiting will not fix (sample id LAB-405 is malformed)');
    const mesWo = new InProcessMes(plant, clock);
    mesWo.failNext(1, new AdapterError({ vendor: 'in-process-mes', call: 'getWorkOrder', failure: 'http', status: 403, message: 'HTTP 403 Forbidden' }));
    const order = await new ResultContextResolver(catalog, mesWo, new StaticIdMap()).resolve({ ...result(undefined, 'LAB-406'), workOrderId: 'WO-404' });
    assert.match(order.unmapped?.reason ?? '', /^in-process-mes answered the question for work order WO-404 of sample LAB-406 with an error that waiting will not fix \(in-process-mes getWorkOrder: HTTP 403 Forbidden\)$/);
  });

  it('an outage of any kind (5xx, 429, open circuit, a refused connection) still waits for a lot the plant record lacks', async () => {
    const clock = new ManualClock(plant.asOf);
    const outages = [
      new AdapterError({ vendor: 'plex', call: 'getLotContext', failure: 'http', status: 500, message: 'HTTP 500' }),
      new AdapterError({ vendor: 'plex', call: 'getLotContext', failure: 'rate-limited', status: 429, message: 'HTTP 429 after 4 attempts' }),
      new AdapterError({ vendor: 'plex', call: 'getLotContext', failure: 'circuit-open', message: 'circuit open' }),
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
    ];
    for (const error of outages) {
      const mes = new InProcessMes(plant, clock, { name: 'plex' });
      mes.failNext(1, error);
      await assert.rejects(new ResultContextResolver(catalog, mes, new StaticIdMap()).resolve(result('B-2024-0789')), (err) => err instanceof ContextUnavailableError && err.code === 'UNAVAILABLE', error.message);
    }
  });

  it('an unmapped result keeps the limits the LIMS sent, to be judged on', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf), { name: 'plex' });
    const context = await new ResultContextResolver(catalog, mes, new StaticIdMap()).resolve({ ...result('LOT-NOT-MAPPED'), value: '9.8', numeric: 9.8, specMin: 6.5, specMax: 7.5 });
    assert.equal(context.lot, undefined);
    assert.equal(context.lotId, 'LOT-NOT-MAPPED');
    assert.deepEqual([context.specSource, context.spec?.lsl, context.spec?.usl, context.spec?.id], ['lims', 6.5, 7.5, 'LIMS:unmapped:PH']);
    assert.deepEqual(context.notes, ['plex does not know lot LOT-NOT-MAPPED and the mapping table has no row for it', "the limits the LIMS sent (6.5 to 7.5) were applied; the lot's product is not known"]);
    const without = await new ResultContextResolver(catalog, mes, new StaticIdMap()).resolve(result('LOT-NOT-MAPPED-2'));
    assert.deepEqual([without.specSource, without.spec], ['none', undefined]);
  });

  it('a result that names no lot, for a sample nobody knows, is unmapped too', async () => {
    const resolver = new ResultContextResolver(catalog, new InProcessMes(plant, new ManualClock(plant.asOf)), new StaticIdMap());
    const context = await resolver.resolve(result(undefined, 'LAB-404'));
    assert.match(context.unmapped?.reason ?? '', /the LIMS sent no lot or batch for sample LAB-404/);
  });
});
