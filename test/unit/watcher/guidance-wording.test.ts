// A rewording of the guidance may change words, never facts: numbers, dates, ids and the rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedFacts, factsOf } from '../../../server/watcher/guidance-wording';

const deterministic =
  'pH 9.8 is above the upper limit 7.5 (6.5–7.5). Lot LOT-XYZ789 (WO-1001, LINE-3), sample BATCH-2024-001-05, finalized 2024-05-03 10:15 UTC. Rule: spec.usl. SOP: SOP-QC-002, SOP-QA-010. Now: A hold is proposed (P-12) and waits for QA\'s e-signature.';

describe('guidance rewording check', () => {
  it('finds the facts: dates, identifiers, the rule and the plain numbers', () => {
    const facts = factsOf(deterministic);
    assert.deepEqual([...facts.dates], ['2024-05-03 10:15']);
    assert.deepEqual([...facts.ids], ['LOT-XYZ789', 'WO-1001', 'LINE-3', 'BATCH-2024-001-05', 'SOP-QC-002', 'SOP-QA-010', 'P-12']);
    assert.deepEqual([...facts.rules], ['spec.usl']);
    assert.deepEqual([...facts.numbers], ['9.8', '7.5', '6.5']);
  });

  it('accepts other words around the same facts', () => {
    const reworded = 'Stop using lot LOT-XYZ789 (WO-1001 on LINE-3): its pH is 9.8, above 7.5 (limits 6.5–7.5), sample BATCH-2024-001-05 of 2024-05-03 10:15 UTC. Rule spec.usl; see SOP-QC-002 and SOP-QA-010. Hold P-12 waits for QA to sign.';
    assert.equal(changedFacts(deterministic, reworded), undefined);
  });

  it('names a changed, left-out or added number, id or rule', () => {
    assert.equal(changedFacts(deterministic, deterministic.replace('pH 9.8', 'pH 9.9')), 'numbers left out: 9.8; numbers added: 9.9');
    assert.match(changedFacts(deterministic, deterministic.replace(' (P-12)', '')) ?? '', /ids left out: P-12/);
    assert.match(changedFacts(deterministic, `${deterministic} Also open P-13.`) ?? '', /ids added: P-13/);
    assert.match(changedFacts(deterministic, deterministic.replace('spec.usl', 'spec.lsl')) ?? '', /rules left out: spec\.usl; rules added: spec\.lsl/);
    assert.match(changedFacts(deterministic, deterministic.replace('9.8', '9.80')) ?? '', /numbers added: 9\.80/, 'a rounded figure is part of the verdict');
  });
});
