// Specification evaluation: USP 7.20 rounding, limits, bands, alert/action levels, non-numeric results.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestSpecification } from '../../../server/domain/types';
import { evaluateSpec } from '../../../server/domain/quality/spec';

const base = { version: '1', productId: 'P-1', keyword: 'k', method: 'HPLC', kind: 'numeric' as const };

const potency: TestSpecification = {
  ...base,
  id: 'SPEC-POT',
  test: 'Assay',
  unit: '%',
  lsl: 95.0,
  usl: 105.0,
  decimals: 1,
  bands: [
    { min: 98, max: 102, disposition: 'release', label: 'Release' },
    { min: 95, max: 98, disposition: 'review', label: 'Review' },
    { max: 95, disposition: 'hold', label: 'Hold' },
  ],
};
const assay: TestSpecification = { ...base, id: 'SPEC-AS', test: 'Assay', unit: '%', lsl: 98.0, usl: 102.0, decimals: 1 };
const ph: TestSpecification = { ...base, id: 'SPEC-PH', test: 'pH', unit: '', lsl: 6.5, usl: 7.5, decimals: 1 };
const impurity: TestSpecification = { ...base, id: 'SPEC-IMP', test: 'Impurity A', unit: '%', usl: 0.5, decimals: 2, loq: 0.05 };
const dissolution: TestSpecification = { ...base, id: 'SPEC-DIS', test: 'Dissolution', unit: '%', lsl: 80, decimals: 0 };
const appearance: TestSpecification = { ...base, id: 'SPEC-APP', test: 'Appearance', unit: '', kind: 'text', decimals: 0, acceptedText: ['conforms', 'complies'] };

describe('USP 7.20 rounding before comparison', () => {
  it('97.95 rounds to 98.0 and passes 98.0–102.0 (binary floating point would give 97.9)', () => {
    for (const reported of [97.95, '97.95']) {
      const v = evaluateSpec(assay, reported);
      assert.equal(v.outcome, 'pass');
      assert.equal(v.rawText, '97.95');
      assert.equal(v.roundedText, '98.0');
      assert.equal(v.rounded, 98);
      assert.equal(v.raw, 97.95);
      assert.match(v.explanation.text, /^Assay 97\.95 % \(rounded to 98\.0 % per USP 7\.20\) meets the specification \(98\.0–102\.0 %\)/);
    }
  });
  it('97.94 and 97.949999 round to 97.9 and fail on the lower limit', () => {
    for (const reported of [97.94, 97.949999, '97.949999']) {
      const v = evaluateSpec(assay, reported);
      assert.equal(v.outcome, 'fail');
      assert.equal(v.roundedText, '97.9');
      assert.equal(v.decidedBy, 'lsl');
      assert.equal(v.disposition, 'hold');
      assert.equal(v.explanation.rule, 'spec.lsl');
    }
  });
  it('102.04 rounds to 102.0 and passes; 102.05 rounds to 102.1 and fails on the upper limit', () => {
    assert.equal(evaluateSpec(assay, 102.04).outcome, 'pass');
    const v = evaluateSpec(assay, 102.05);
    assert.equal(v.outcome, 'fail');
    assert.equal(v.decidedBy, 'usl');
    assert.equal(v.roundedText, '102.1');
  });
  it('pads the rounded value to the spec decimals and accepts a trailing unit', () => {
    const v = evaluateSpec(assay, ' 99 % ');
    assert.equal(v.roundedText, '99.0');
    assert.equal(v.outcome, 'pass');
  });
});

describe('two- and one-sided limits', () => {
  it('explains an out-of-specification pH in plain English', () => {
    const v = evaluateSpec(ph, 9.8);
    assert.equal(v.outcome, 'fail');
    assert.equal(v.explanation.text, 'pH 9.8 is above the upper specification limit 7.5 (6.5–7.5): out of specification.');
    assert.deepEqual(v.explanation.values, [9.8]);
    assert.equal(v.explanation.limits.usl, 7.5);
    assert.equal(v.explanation.limits.lsl, 6.5);
  });
  it('limits are inclusive: 6.5 and 7.5 pass, 6.44 fails, 7.54 passes', () => {
    assert.equal(evaluateSpec(ph, 6.5).outcome, 'pass');
    assert.equal(evaluateSpec(ph, 7.5).outcome, 'pass');
    assert.equal(evaluateSpec(ph, 6.44).outcome, 'fail');
    assert.equal(evaluateSpec(ph, 7.54).outcome, 'pass');
  });
  it('NMT only: 0.50 passes, 0.505 rounds to 0.51 and fails', () => {
    const pass = evaluateSpec(impurity, 0.5);
    assert.equal(pass.outcome, 'pass');
    assert.equal(pass.disposition, 'release');
    assert.equal(pass.limits.lsl, null);
    const fail = evaluateSpec(impurity, 0.505);
    assert.equal(fail.outcome, 'fail');
    assert.equal(fail.roundedText, '0.51');
    assert.match(fail.explanation.text, /NMT 0\.50 %/);
  });
  it('NLT only: 79.5 rounds to 80 and passes, 79.4 fails', () => {
    assert.equal(evaluateSpec(dissolution, 79.5).outcome, 'pass');
    const v = evaluateSpec(dissolution, 79.4);
    assert.equal(v.outcome, 'fail');
    assert.equal(v.decidedBy, 'lsl');
    assert.match(v.explanation.text, /NLT 80 %/);
  });
});

describe('disposition bands (98–102 release, 95–98 review, below 95 hold)', () => {
  it('the shared edge 98.0 belongs to release, the band listed first', () => {
    const v = evaluateSpec(potency, 98.0);
    assert.equal(v.disposition, 'release');
    assert.equal(v.band?.label, 'Release');
    assert.equal(v.decidedBy, 'band');
  });
  it('97.95 rounds into release; 97.94 is review', () => {
    assert.equal(evaluateSpec(potency, 97.95).disposition, 'release');
    const v = evaluateSpec(potency, 97.94);
    assert.equal(v.disposition, 'review');
    assert.equal(v.outcome, 'pass');
    assert.match(v.explanation.text, /review band "Review"/);
  });
  it('the shared edge 95.0 belongs to review; 94.9 fails the spec and holds', () => {
    assert.equal(evaluateSpec(potency, 95.0).disposition, 'review');
    const v = evaluateSpec(potency, 94.9);
    assert.equal(v.disposition, 'hold');
    assert.equal(v.outcome, 'fail');
  });
  it('inside the limits but in no band goes to review', () => {
    const v = evaluateSpec(potency, 103.0);
    assert.equal(v.outcome, 'pass');
    assert.equal(v.disposition, 'review');
    assert.equal(v.band, null);
  });
  it('bands without limits decide alone: a hold band fails, outside every band cannot be evaluated', () => {
    const bandsOnly: TestSpecification = { ...potency, lsl: undefined, usl: undefined };
    assert.equal(evaluateSpec(bandsOnly, 99).outcome, 'pass');
    const hold = evaluateSpec(bandsOnly, 90);
    assert.equal(hold.outcome, 'fail');
    assert.equal(hold.disposition, 'hold');
    const outside = evaluateSpec(bandsOnly, 110);
    assert.equal(outside.outcome, 'cannot-evaluate');
    assert.equal(outside.roundedText, '110.0');
  });
});

describe('alert and action limits', () => {
  const withLevels: TestSpecification = { ...assay, alertLimits: { low: 98.5, high: 101.5 }, actionLimits: { low: 98.2, high: 101.8 } };
  it('a value on the alert limit is not an excursion; beyond it raises the alert flag only', () => {
    const on = evaluateSpec(withLevels, 101.5);
    assert.equal(on.alert, false);
    const v = evaluateSpec(withLevels, 101.6);
    assert.equal(v.alert, true);
    assert.equal(v.action, false);
    assert.equal(v.disposition, 'release');
    assert.match(v.explanation.text, /alert limits 98\.5\/101\.5/);
  });
  it('beyond the action limit inside the spec goes to review', () => {
    const v = evaluateSpec(withLevels, 98.1);
    assert.equal(v.outcome, 'pass');
    assert.equal(v.action, true);
    assert.equal(v.alert, true);
    assert.equal(v.disposition, 'review');
    assert.equal(v.decidedBy, 'action-limit');
  });
});

describe('non-numeric results', () => {
  it('"< LOQ" against an NMT above the LOQ passes, with the LOQ in the explanation', () => {
    for (const reported of ['<LOQ', '< LOQ', 'BLQ', 'below LOQ']) {
      const v = evaluateSpec(impurity, reported);
      assert.equal(v.outcome, 'pass', reported);
      assert.equal(v.raw, null);
      assert.match(v.explanation.text, /below the LOQ 0\.05 %/);
    }
  });
  it('"ND" and "not detected" pass an NMT when the spec has an LOQ', () => {
    for (const reported of ['ND', 'n.d.', 'not detected', 'None detected']) assert.equal(evaluateSpec(impurity, reported).outcome, 'pass', reported);
  });
  it('"< LOQ" and "ND" without an LOQ on the spec cannot be evaluated, with the reason', () => {
    const noLoq: TestSpecification = { ...impurity, loq: undefined };
    for (const reported of ['< LOQ', 'ND']) {
      const v = evaluateSpec(noLoq, reported);
      assert.equal(v.outcome, 'cannot-evaluate');
      assert.equal(v.disposition, 'review');
      assert.match(v.reason ?? '', /no LOQ/);
    }
  });
  it('"< LOQ" with the LOQ above the NMT cannot be evaluated', () => {
    const v = evaluateSpec({ ...impurity, loq: 0.6 }, '<LOQ');
    assert.equal(v.outcome, 'cannot-evaluate');
  });
  it('"< 0.05" passes NMT 0.50; "< 0.505" still passes (everything below rounds to 0.50); "< 0.506" cannot be evaluated', () => {
    assert.equal(evaluateSpec(impurity, '< 0.05').outcome, 'pass');
    assert.equal(evaluateSpec(impurity, '< 0.505').outcome, 'pass');
    assert.equal(evaluateSpec(impurity, '<= 0.505').outcome, 'cannot-evaluate');
    assert.equal(evaluateSpec(impurity, '< 0.506').outcome, 'cannot-evaluate');
  });
  it('"> 100" passes NLT 80 and fails NMT 0.50', () => {
    assert.equal(evaluateSpec(dissolution, '> 100').outcome, 'pass');
    const v = evaluateSpec(impurity, '> 100');
    assert.equal(v.outcome, 'fail');
    assert.equal(v.decidedBy, 'usl');
  });
  it('"< LOQ" against an NLT whose limit is above the LOQ fails', () => {
    const v = evaluateSpec({ ...dissolution, loq: 5 }, '<LOQ');
    assert.equal(v.outcome, 'fail');
    assert.equal(v.decidedBy, 'lsl');
  });
  it('"TNTC" cannot be evaluated and asks for a re-plate', () => {
    const v = evaluateSpec({ ...impurity, test: 'TAMC', unit: 'CFU/g', usl: 1000, decimals: 0 }, 'TNTC');
    assert.equal(v.outcome, 'cannot-evaluate');
    assert.match(v.reason ?? '', /TNTC/);
  });
  it('"conforms" on a numeric spec cannot be evaluated; garbage and empty results neither', () => {
    for (const reported of ['conforms', 'complies', '98,5', 'n/a', '', '  ']) {
      const v = evaluateSpec(assay, reported);
      assert.equal(v.outcome, 'cannot-evaluate', JSON.stringify(reported));
      assert.notEqual(v.disposition, 'release');
      assert.ok(v.reason);
    }
  });
  it('NaN and Infinity numbers cannot be evaluated', () => {
    assert.equal(evaluateSpec(assay, NaN).outcome, 'cannot-evaluate');
    assert.equal(evaluateSpec(assay, Infinity).outcome, 'cannot-evaluate');
  });
});

describe('text specifications', () => {
  it('accepted answers pass, case and punctuation aside', () => {
    for (const reported of ['conforms', 'Complies', 'CONFORMS.']) {
      const v = evaluateSpec(appearance, reported);
      assert.equal(v.outcome, 'pass', reported);
      assert.equal(v.decidedBy, 'accepted-text');
    }
  });
  it('a recognised negative answer fails and holds', () => {
    const v = evaluateSpec(appearance, 'Does not conform');
    assert.equal(v.outcome, 'fail');
    assert.equal(v.disposition, 'hold');
  });
  it('an unknown answer or a number cannot be evaluated', () => {
    assert.equal(evaluateSpec(appearance, 'slightly yellow').outcome, 'cannot-evaluate');
    assert.equal(evaluateSpec(appearance, '7.2').outcome, 'cannot-evaluate');
  });
  it('without acceptedText the USP defaults apply', () => {
    assert.equal(evaluateSpec({ ...appearance, acceptedText: undefined }, 'passes').outcome, 'pass');
  });
});
