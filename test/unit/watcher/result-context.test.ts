// The context resolver tells "the MES answered: no such lot" (unmapped: QA must map it) from "the
// MES did not answer" (evaluation goes on from the plant record, with a note).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../server/adapters/clock/manual-clock';
import { StaticIdMap } from '../../../server/mapping/id-map';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../../server/plant';
import { ResultContextResolver } from '../../../server/watcher/result-context';
import type { IncomingResult } from '../../../server/watcher/incoming-result';
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

  it('an MES that fails still leaves the plant record to evaluate from, with a note; an unknown lot then is unmapped', async () => {
    const mes = new InProcessMes(plant, new ManualClock(plant.asOf));
    const resolver = new ResultContextResolver(catalog, mes, new StaticIdMap());
    mes.failNext(5);
    const context = await resolver.resolve(result('LOT-XYZ789'));
    assert.equal(context.lot?.id, 'LOT-XYZ789');
    assert.equal(context.unmapped, undefined);
    assert.ok(context.notes.some((n) => /^MES unavailable \(.*\): context from the plant record$/.test(n)), context.notes.join(' | '));
    mes.failNext(5);
    const unknown = await resolver.resolve(result('B-2024-0789'));
    assert.match(unknown.unmapped?.reason ?? '', /^in-process-mes could not be asked \(.*\) and the plant record does not know lot B-2024-0789$/);
  });

  it('a result that names no lot, for a sample nobody knows, is unmapped too', async () => {
    const resolver = new ResultContextResolver(catalog, new InProcessMes(plant, new ManualClock(plant.asOf)), new StaticIdMap());
    const context = await resolver.resolve(result(undefined, 'LAB-404'));
    assert.match(context.unmapped?.reason ?? '', /the LIMS sent no lot or batch for sample LAB-404/);
  });
});
