// Hold reason codes (SOP-QA-010 §5.1): which cause a hold has, which code the plant writes for
// it, and the plant file's table and holds checked at load.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEMO_PLANT_FILE, holdCause, HoldReasonCodes, loadPlant, PlantCatalog, PlantDataError, SOP_QA_010_HOLD_REASONS, validatePlant } from '../../../server/plant';

const demoText = readFileSync(DEMO_PLANT_FILE, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const demo = (): Record<string, any> => JSON.parse(demoText);

function issues(value: unknown): Array<{ path: string; message: string }> {
  try {
    validatePlant(value, 'test plant');
  } catch (error) {
    assert.ok(error instanceof PlantDataError, String(error));
    return [...error.issues];
  }
  assert.fail('the plant was accepted');
}

describe('hold cause (SOP-QA-010 §5.1, §5.4, §5.5)', () => {
  it('is an OOS for a failed check, microbiological for a failed microbial count, whatever else fired', () => {
    assert.equal(holdCause({ evaluation: { outcome: 'fail', disposition: 'hold', raisedBy: ['spec.usl', 'spc.we1'] } }), 'oos');
    assert.equal(holdCause({ evaluation: { outcome: 'fail', disposition: 'hold', microbiological: true } }), 'microbiological');
  });

  it('is a trend for an SPC or OOT signal, review for a review band result, requested without an evaluation', () => {
    assert.equal(holdCause({ evaluation: { outcome: 'pass', disposition: 'review', raisedBy: ['spc.we4'] } }), 'trend');
    assert.equal(holdCause({ evaluation: { outcome: 'pass', disposition: 'review', raisedBy: ['oot.regression'] } }), 'trend');
    assert.equal(holdCause({ evaluation: { outcome: 'pass', disposition: 'review', raisedBy: ['spec.band'] } }), 'review');
    assert.equal(holdCause({}), 'requested');
    assert.equal(holdCause({ evaluation: { outcome: 'pass', disposition: 'release', raisedBy: [] } }), 'requested');
  });
});

describe('the plant\'s hold reason codes', () => {
  const catalog = new PlantCatalog(loadPlant(DEMO_PLANT_FILE));

  it('are SOP-QA-010\'s HR-01..HR-08 at RVP1, written out in the demo plant', () => {
    assert.deepEqual(catalog.dataset.holdReasons, SOP_QA_010_HOLD_REASONS);
    assert.deepEqual(catalog.holdReasons().codes(), ['HR-01', 'HR-02', 'HR-03', 'HR-04', 'HR-05', 'HR-06', 'HR-07', 'HR-08']);
    const codes = catalog.holdReasons();
    assert.deepEqual((['oos', 'trend', 'review', 'requested', 'microbiological'] as const).map((c) => codes.codeFor(c)), ['HR-01', 'HR-02', 'HR-03', 'HR-04', 'HR-05']);
  });

  it('give a watcher hold HR-01, or HR-05 on a test counted in cfu, and a person\'s hold HR-04', () => {
    const codes = catalog.holdReasons();
    assert.equal(codes.forHold({ evaluationId: 'EV-1', productId: 'PRD-PARA-SUS', test: 'PH' }), 'HR-01');
    assert.equal(codes.forHold({ evaluationId: 'EV-2', productId: 'PRD-PARA-SUS', test: 'TAMC' }), 'HR-05');
    assert.equal(codes.forHold({ productId: 'PRD-PARA-SUS', test: 'TAMC' }), 'HR-04');
    // Without the plant (no spec units), a microbial count cannot be told apart: it stays an OOS.
    assert.equal(new HoldReasonCodes().forHold({ evaluationId: 'EV-2', productId: 'PRD-PARA-SUS', test: 'TAMC' }), 'HR-01');
  });

  it('give HR-05 to a failed cfu result with no catalog spec (judged on the LIMS limits), by the result\'s own unit', () => {
    const codes = catalog.holdReasons();
    assert.equal(codes.forHold({ evaluationId: 'EV-3', productId: 'PRD-IBU400', test: 'TAMC' }), 'HR-01', 'tablets have no TAMC spec in the catalog');
    assert.equal(codes.forHold({ evaluationId: 'EV-3', productId: 'PRD-IBU400', test: 'TAMC', unit: 'CFU/g' }), 'HR-05');
    assert.equal(new HoldReasonCodes().forHold({ evaluationId: 'EV-4', test: 'TYMC', unit: 'cfu per 100 mL' }), 'HR-05');
    assert.equal(codes.forHold({ evaluationId: 'EV-5', productId: 'PRD-IBU400', test: 'ASSAY', unit: '%' }), 'HR-01');
  });

  it('send the code already on the proposal: the one a person chose, or the watcher fixed when proposing', () => {
    const codes = catalog.holdReasons();
    assert.equal(codes.forHold({ holdReasonCode: 'HR-06' }), 'HR-06');
    assert.equal(codes.forHold({ holdReasonCode: 'HR-05', evaluationId: 'EV-1', productId: 'PRD-PARA-SUS', test: 'PH' }), 'HR-05');
  });

  it('take a person\'s code from the table in its spelling, default HR-04, and refuse one the table lacks, listing the table', () => {
    const codes = catalog.holdReasons();
    assert.equal(codes.requestedCode('hr-07 '), 'HR-07');
    assert.equal(codes.requestedCode(), 'HR-04');
    assert.equal(codes.requestedCode(''), 'HR-04');
    assert.throws(() => codes.requestedCode('HR-99'), /hold reason code "HR-99" is not in the plant's table; use one of HR-01 \(OOS result \(suspected or confirmed\)\), .*HR-08 \(Labelling or line clearance finding\)$/);
  });

  it('put the demo holds under the SOP\'s codes: deviations HR-04, the FBD-101 excursion HR-06, the OOS HR-01', () => {
    const held = catalog.lots().flatMap((lot) => lot.holds.map((h) => [h.id, h.reasonCode]));
    assert.deepEqual(held.sort(), [
      ['HOLD-LOT-24-0105-1', 'HR-06'],
      ['HOLD-LOT-24-0110-1', 'HR-04'],
      ['HOLD-LOT-24-0114-1', 'HR-01'],
      ['HOLD-LOT-24-0303-1', 'HR-04'],
    ]);
  });

  it('refuse a table with a code twice, a cause twice or a cause without a code, naming where', () => {
    const plant = demo();
    plant.holdReasons[1].code = 'HR-01';
    plant.holdReasons[2].usedFor = ['review', 'oos'];
    plant.holdReasons[3].usedFor = [];
    const found = issues(plant);
    assert.deepEqual(found.filter((i) => i.path.startsWith('holdReasons')), [
      { path: 'holdReasons[1].code', message: 'duplicate hold reason code "HR-01" (first at holdReasons[0])' },
      { path: 'holdReasons[2].usedFor[1]', message: '"oos" already has code "HR-01"; each cause gets exactly one' },
      { path: 'holdReasons', message: 'no code is used for "requested": add each to one code\'s usedFor (causes: oos, microbiological, trend, review, requested)' },
    ]);
  });

  it('refuse a hold whose code is not in the table, listing the codes', () => {
    const plant = demo();
    const lot = plant.lots.findIndex((l: { id: string }) => l.id === 'LOT-24-0114');
    plant.lots[lot].holds[0].reasonCode = 'OOS';
    assert.deepEqual(issues(plant), [{ path: `lots[${lot}].holds[0].reasonCode`, message: 'unknown hold reason code "OOS"; the codes of holdReasons are HR-01, HR-02, HR-03, HR-04, HR-05, HR-06, HR-07, HR-08' }]);
    delete plant.holdReasons;
    assert.match(issues(plant)[0]?.message ?? '', /codes of SOP-QA-010 \(no holdReasons in the file\) are HR-01, /);
  });

  it('accept a site\'s own table and hold a lot with it', () => {
    const plant = demo();
    plant.holdReasons = [
      { code: 'QH-OOS', reason: 'Out of specification', usedFor: ['oos', 'microbiological'] },
      { code: 'QH-QA', reason: 'QA evaluation', usedFor: ['trend', 'review', 'requested'] },
      { code: 'QH-DEV', reason: 'Deviation' },
    ];
    for (const lot of plant.lots) for (const hold of lot.holds) hold.reasonCode = hold.reasonCode === 'HR-01' ? 'QH-OOS' : 'QH-DEV';
    const codes = new PlantCatalog(validatePlant(plant, 'site plant')).holdReasons();
    assert.deepEqual([codes.forHold({ evaluationId: 'EV-1', productId: 'PRD-PARA-SUS', test: 'TAMC' }), codes.forHold({})], ['QH-OOS', 'QH-QA']);
  });

  it('refuse an empty table and an unknown cause', () => {
    const plant = demo();
    plant.holdReasons = [];
    assert.match(issues(plant)[0]?.message ?? '', /list at least one hold reason code/);
    plant.holdReasons = [{ code: 'X', reason: 'x', usedFor: ['oss'] }];
    assert.equal(issues(plant)[0]?.path, 'holdReasons[0].usedFor[0]');
  });
});
