// The shipped demo plant satisfies the shared outline (helper-briefs/demo-plant.md): counts,
// the reference entities, the OOS, the review-band values and TP-101's hardness drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildDemoPlant } from '../../../data/demo-plant/build';
import { evaluateSpec } from '../../../server/domain/quality/spec';
import { DEMO_PLANT_FILE, loadPlant, PlantCatalog } from '../../../server/plant';

const plant = loadPlant(DEMO_PLANT_FILE);
const catalog = new PlantCatalog(plant);
const final = plant.results.filter((result) => result.status === 'final');
const finalOf = (test: string) => final.filter((result) => result.test === test);

describe('demo plant: outline counts', () => {
  it('has the plant, 3 lines with terminals, and equipment with validated parameters', () => {
    assert.deepEqual(plant.plant, { id: 'RVP1', name: 'Riverside Pharmaceuticals — Plant 1', site: 'Riverside', timezone: 'Europe/Dublin' });
    assert.deepEqual(plant.lines.map((line) => [line.id, line.terminals.map((t) => t.id)]), [
      ['LINE-1', ['T-L1-01', 'T-L1-02']],
      ['LINE-2', ['T-L2-01']],
      ['LINE-3', ['T-L3-01', 'T-L3-02']],
    ]);
    assert.deepEqual(catalog.equipmentOnLine('LINE-3').map((unit) => unit.id), ['TK-07', 'HOM-301', 'FILL-301', 'PHM-03']);
    const force = catalog.equipment('TP-101')?.parameters.find((p) => p.name === 'Main compression force');
    assert.deepEqual([force?.setpoint, force?.validatedRange], [18, { min: 14, max: 22 }]);
    const agitator = catalog.equipment('TK-07')?.parameters.find((p) => p.name === 'Agitator speed');
    assert.deepEqual([agitator?.setpoint, agitator?.validatedRange, agitator?.unit], [120, { min: 80, max: 160 }, 'rpm']);
    assert.ok(plant.equipment.every((unit) => unit.parameters.every((p) => p.nodeId?.startsWith('ns=2;s=RVP1.'))));
  });

  it('has at least 20 tablet and 12 suspension lots, 500 final results and 10 deviations', () => {
    const made = plant.lots.filter((lot) => lot.disposition !== 'Planned');
    assert.ok(made.filter((lot) => lot.productId === 'PRD-IBU400').length >= 20);
    assert.ok(made.filter((lot) => lot.productId === 'PRD-PARA-SUS').length >= 12);
    assert.ok(plant.lots.length >= 32);
    assert.ok(final.length >= 500, `${final.length} final results`);
    assert.equal(plant.deviations.length, 10);
  });

  it('writes deviation reports like real ones: several sentences each', () => {
    for (const deviation of plant.deviations) {
      assert.match(deviation.id, /^DEV-2024-0\d\d$/);
      const sentences = deviation.description.split(/\.\s+(?=[A-Z])/).length;
      assert.ok(sentences >= 3, `${deviation.id} description has ${sentences} sentences`);
      assert.ok(deviation.rootCause.length > 80 && deviation.capa.length > 80, `${deviation.id} root cause and CAPA`);
    }
    const about = (pattern: RegExp) => plant.deviations.filter((d) => pattern.test(d.title));
    assert.equal(about(/viscosity/i).filter((d) => d.equipmentIds.includes('TK-07')).length, 2);
    assert.equal(about(/OOS/).length, 1);
    assert.ok(catalog.deviationsForEquipment('PHM-03').length >= 1);
    assert.ok(catalog.deviationsForEquipment('FBD-101').length >= 1);
    assert.ok(catalog.deviationsForEquipment('COAT-201').length >= 1);
    assert.ok(catalog.deviationsForEquipment('TP-201').some((d) => d.test === 'WEIGHT'));
    assert.ok(catalog.deviationsForEquipment('TP-101').some((d) => d.test === 'HARD'));
    assert.ok(about(/TAMC/).length === 1 && about(/line clearance/i).length === 1);
  });
});

describe('demo plant: reference entities', () => {
  it('has LOT-XYZ789 running on LINE-3 under WO-1001, In-Process', () => {
    const lot = catalog.lot('LOT-XYZ789');
    assert.deepEqual([lot?.productId, lot?.lineId, lot?.workOrderId, lot?.disposition], ['PRD-PARA-SUS', 'LINE-3', 'WO-1001', 'In-Process']);
    assert.equal(catalog.workOrder('WO-1001')?.status, 'running');
  });

  it('has sample BATCH-2024-001-05 with its pH pending and no final pH yet', () => {
    assert.equal(catalog.sample('BATCH-2024-001-05')?.lotId, 'LOT-XYZ789');
    const ph = catalog.resultsForSample('BATCH-2024-001-05', 'PH');
    assert.deepEqual(ph.map((r) => [r.id, r.status, r.value]), [['R-778812', 'pending', '']]);
  });

  it('has the pH 6.5–7.5 and the assay band specifications', () => {
    const ph = catalog.specFor('PRD-PARA-SUS', 'PH');
    assert.deepEqual([ph?.lsl, ph?.usl, ph?.decimals, ph?.target, ph?.keyword], [6.5, 7.5, 1, 7, 'pH']);
    const assay = catalog.specFor('PRD-IBU400', 'ASSAY');
    // Release first: the first listed band owns a shared edge, so 98.0 releases and 95.0 is reviewed.
    assert.deepEqual(assay?.bands?.map((b) => [b.min, b.max, b.disposition]), [
      [98, 102, 'release'],
      [95, 98, 'review'],
      [102, 105, 'review'],
      [undefined, 95, 'hold'],
      [105, undefined, 'hold'],
    ]);
  });

  it('gives the quality engine the dispositions the outline names', () => {
    const assay = catalog.specFor('PRD-IBU400', 'ASSAY');
    assert.ok(assay);
    const cases: [string, string][] = [
      ['98.0', 'release'], ['97.95', 'release'], ['102.0', 'release'], ['97.9', 'review'], ['95.0', 'review'],
      ['105.0', 'review'], ['94.9', 'hold'], ['94.1', 'hold'], ['105.1', 'hold'],
    ];
    for (const [value, disposition] of cases) assert.equal(evaluateSpec(assay, value).disposition, disposition, `assay ${value}`);
    const ph = catalog.specFor('PRD-PARA-SUS', 'PH');
    assert.ok(ph);
    assert.equal(evaluateSpec(ph, '9.8').outcome, 'fail');
    assert.equal(evaluateSpec(ph, '7.1').outcome, 'pass');
  });

  it('has LOT-12345 released with a final pH of 7.1 as its latest pH', () => {
    const lot = catalog.resolveLot('12345');
    assert.equal(lot?.id, 'LOT-12345');
    assert.equal(lot?.disposition, 'UnRestricted');
    assert.equal(catalog.workOrder(lot?.workOrderId ?? '')?.status, 'closed');
    assert.equal(catalog.results({ lotId: 'LOT-12345', test: 'PH', statuses: ['final'] }).at(-1)?.value, '7.1');
  });

  it('runs a tablet order on TP-101 now, and LINE-2 is cleaning', () => {
    const running = catalog.workOrdersOnLine('LINE-1', 'running');
    assert.equal(running.length, 1);
    assert.equal(catalog.lot(running[0]?.lotId ?? '')?.productId, 'PRD-IBU400');
    assert.equal(catalog.equipment('TP-101')?.state, 'running');
    assert.equal(catalog.equipment('TP-201')?.state, 'cleaning');
  });
});

describe('demo plant: the values tell the story', () => {
  it('has exactly one ASSAY OOS, 94.1 %, with a closed deviation', () => {
    const oos = finalOf('ASSAY').filter((r) => Number(r.value) < 95 || Number(r.value) > 105);
    assert.deepEqual(oos.map((r) => r.value), ['94.1']);
    const deviation = catalog.deviationsForLot(oos[0]?.lotId ?? '').find((d) => d.test === 'ASSAY');
    assert.equal(deviation?.status, 'closed');
    assert.equal(catalog.lot(oos[0]?.lotId ?? '')?.disposition, 'Restricted');
  });

  it('has a few assay values in the review bands', () => {
    const review = finalOf('ASSAY').filter((r) => (Number(r.value) >= 95 && Number(r.value) < 98) || (Number(r.value) > 102 && Number(r.value) <= 105));
    assert.ok(review.length >= 2 && review.length <= 5, `${review.length} review-band values`);
  });

  it('has censored and text results as a LIMS reports them', () => {
    assert.ok(finalOf('RS').some((r) => r.value === '< 0.05' && r.numeric === undefined));
    assert.ok(finalOf('TAMC').some((r) => r.value === '< 10' && r.numeric === undefined));
    assert.ok(finalOf('APPEAR').every((r) => r.value === 'conforms'));
  });

  it('keeps every other numeric final result within its specification', () => {
    for (const result of final) {
      const spec = catalog.specification(result.specificationId ?? '');
      if (result.numeric === undefined || !spec || result.value === '94.1') continue;
      assert.ok(spec.lsl === undefined || result.numeric >= spec.lsl, `${result.id} ${result.test} ${result.value}`);
      assert.ok(spec.usl === undefined || result.numeric <= spec.usl, `${result.id} ${result.test} ${result.value}`);
    }
  });

  it('drifts TP-101 hardness upward within spec, enough for the run rules to fire', () => {
    const series = catalog.finalSeries('PRD-IBU400', 'HARD', 'LINE-1').map((r) => Number(r.value));
    const baseline = series.slice(0, catalog.specFor('PRD-IBU400', 'HARD')?.spc?.baseline);
    const center = baseline.reduce((a, b) => a + b, 0) / baseline.length;
    const movingRanges = baseline.slice(1).map((v, i) => Math.abs(v - (baseline[i] ?? v)));
    const sigma = movingRanges.reduce((a, b) => a + b, 0) / movingRanges.length / 1.128;
    const recent = series.slice(-20);
    assert.ok(Math.max(...series) < 14 && Math.min(...series) > 8, 'in spec');
    assert.ok(recent.some((v) => v > center + 3 * sigma), 'WE1: a point beyond the upper control limit');
    let run = 0;
    let longest = 0;
    for (const v of recent) {
      run = v > center ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    assert.ok(longest >= 9, `WE4/Nelson 2: ${longest} in a row above the center line`);
    const other = catalog.finalSeries('PRD-IBU400', 'HARD', 'LINE-2').map((r) => Number(r.value)).slice(-20);
    assert.ok(!other.some((v) => v > center + 3 * sigma), 'TP-201 does not drift');
  });

  it('retracts and retests the PHM-03 results, keeping both in the history', () => {
    const history = catalog.resultsForLot('LOT-24-0308', 'PH');
    const retracted = history.filter((r) => r.status === 'retracted');
    assert.equal(retracted.length, 4);
    for (const result of retracted) {
      const retestId = /retested as (R-\d+)/.exec(result.comment ?? '')?.[1];
      const retest = catalog.result(retestId ?? '');
      assert.equal(retest?.sampleId, result.sampleId);
      assert.equal(retest?.status, 'final');
    }
  });
});

describe('demo plant generator', () => {
  it('is deterministic and matches the committed file', () => {
    const generated = `${JSON.stringify(buildDemoPlant(), null, 2)}\n`;
    assert.equal(generated, readFileSync(DEMO_PLANT_FILE, 'utf8'), 'run: node --import tsx data/generate-demo-plant.ts');
  });

  it('gives another plant with another seed', () => {
    assert.notDeepEqual(buildDemoPlant(1).results.map((r) => r.value), plant.results.map((r) => r.value));
  });
});
