// PlantCatalog: lookups by id, the line of a terminal, results in time order, frozen data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResultTime, DEMO_PLANT_FILE, loadPlant, PlantCatalog, ResultIndex } from '../../../server/plant';
import type { TestResult } from '../../../server/domain/types';

const plant = loadPlant(DEMO_PLANT_FILE);
const catalog = new PlantCatalog(plant);

describe('PlantCatalog', () => {
  it('looks entities up by id and gives undefined for unknown ids', () => {
    assert.equal(catalog.lot('LOT-XYZ789')?.workOrderId, 'WO-1001');
    assert.equal(catalog.workOrder('WO-1001')?.lotId, 'LOT-XYZ789');
    assert.equal(catalog.sample('BATCH-2024-001-05')?.lotId, 'LOT-XYZ789');
    assert.equal(catalog.equipment('TK-07')?.lineId, 'LINE-3');
    assert.equal(catalog.product('PRD-IBU400')?.specificationIds.length, 7);
    assert.equal(catalog.deviation('DEV-2024-021')?.test, 'ASSAY');
    const lookups: ((id: string) => unknown)[] = [
      (id) => catalog.lot(id), (id) => catalog.workOrder(id), (id) => catalog.sample(id), (id) => catalog.equipment(id),
      (id) => catalog.product(id), (id) => catalog.line(id), (id) => catalog.deviation(id), (id) => catalog.result(id),
      (id) => catalog.specification(id), (id) => catalog.specFor(id, 'PH'),
    ];
    for (const lookup of lookups) assert.equal(lookup('NOPE-1'), undefined);
  });

  it('finds the line of a terminal', () => {
    assert.equal(catalog.lineByTerminal('T-L3-02')?.id, 'LINE-3');
    assert.equal(catalog.lineByTerminal('T-L1-01')?.id, 'LINE-1');
    assert.equal(catalog.lineByTerminal('T-L9-01'), undefined);
  });

  it('finds a spec by product and test, and none across products', () => {
    assert.equal(catalog.specFor('PRD-PARA-SUS', 'PH')?.id, 'SPEC-PARASUS-PH');
    assert.equal(catalog.specFor('PRD-IBU400', 'PH'), undefined);
    assert.deepEqual(catalog.specsForProduct('PRD-PARA-SUS').map((s) => s.test), ['PH', 'VISC', 'DENS', 'ASSAY-SUS', 'TAMC']);
  });

  it('resolves lots the way people name them', () => {
    assert.equal(catalog.resolveLot('LOT-12345')?.id, 'LOT-12345');
    assert.equal(catalog.resolveLot('lot 12345')?.id, 'LOT-12345');
    assert.equal(catalog.resolveLot(' 12345 ')?.id, 'LOT-12345');
    assert.equal(catalog.resolveLot('xyz789')?.id, 'LOT-XYZ789');
    assert.equal(catalog.resolveLot('0105')?.id, 'LOT-24-0105');
    assert.equal(catalog.resolveLot('01'), undefined, 'ambiguous');
    assert.equal(catalog.resolveLot(''), undefined);
  });

  it('lists a lot\'s results oldest first, with retracted ones in the history', () => {
    const results = catalog.resultsForLot('LOT-24-0308');
    assert.ok(results.length > 10);
    for (let i = 1; i < results.length; i++) assert.ok(compareResultTime(results[i - 1] as TestResult, results[i] as TestResult) <= 0);
    assert.ok(results.some((r) => r.status === 'retracted'));
    assert.ok(catalog.finalSeries('PRD-PARA-SUS', 'PH').every((r) => r.status === 'final'));
  });

  it('filters results by product and line', () => {
    const line2 = catalog.results({ test: 'HARD', lineId: 'LINE-2' });
    assert.ok(line2.length > 50);
    assert.ok(line2.every((r) => catalog.lot(r.lotId)?.lineId === 'LINE-2'));
    assert.equal(catalog.results({ productId: 'PRD-PARA-SUS', test: 'HARD' }).length, 0);
    assert.equal(catalog.results({ sampleId: 'BATCH-2024-001-05', lotId: 'LOT-12345' }).length, 0);
  });

  it('is frozen: the snapshot cannot be changed by a caller', () => {
    const lot = catalog.lot('LOT-XYZ789');
    assert.throws(() => {
      (lot as { disposition: string }).disposition = 'Restricted';
    }, TypeError);
    assert.throws(() => (catalog.lots() as unknown[]).push({}), TypeError);
    assert.equal(plant.lots.find((l) => l.id === 'LOT-XYZ789')?.disposition, 'In-Process');
    assert.ok(!Object.isFrozen(plant.lots), 'the catalog froze its own copy, not the caller\'s dataset');
  });
});

describe('ResultIndex', () => {
  const result = (id: string, finalizedAt: string, extra: Partial<TestResult> = {}): TestResult => ({
    id, sampleId: 'S-1', lotId: 'L-1', test: 'PH', value: '7.0', numeric: 7, unit: '', status: 'final', finalizedAt, ...extra,
  });

  it('orders by time, then id, across formats of the same instant', () => {
    const index = new ResultIndex([result('R-3', '2024-05-03T10:00:00.000Z'), result('R-2', '2024-05-03T10:00:00Z'), result('R-1', '2024-05-03T11:00:00Z')]);
    assert.deepEqual(index.query().map((r) => r.id), ['R-2', 'R-3', 'R-1']);
  });

  it('replaces a result by id and moves it between keys', () => {
    const index = new ResultIndex([result('R-1', '2024-05-03T10:00:00Z', { status: 'pending', value: '', numeric: undefined })]);
    index.upsert(result('R-1', '2024-05-03T10:15:00Z', { sampleId: 'S-2', value: '9.8', numeric: 9.8 }));
    assert.equal(index.size, 1);
    assert.deepEqual(index.query({ sampleId: 'S-1' }), []);
    assert.equal(index.query({ sampleId: 'S-2', statuses: ['final'] })[0]?.value, '9.8');
  });
});
