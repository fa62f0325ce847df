// Inbox keys and what makes two deliveries under one result_id the same result (a redelivery)
// rather than an amendment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amendmentKeys, catalogTestNames, inboxKey, retractionKey, sameMeasurement, type IncomingResult } from '../../../server/watcher/incoming-result';

const result = (extra: Partial<IncomingResult> = {}): IncomingResult => ({ resultId: 'R-9', sampleId: 'S-1', test: 'PH', value: '7.0', finalizedAt: '2024-05-03T10:15:00.000Z', ...extra });

describe('inbox keys', () => {
  it('keep results, retractions and amendments apart, whatever the result_id reads', () => {
    assert.equal(inboxKey(result()), 'R-9');
    assert.equal(inboxKey(result({ status: 'retracted' })), retractionKey('R-9'));
    assert.equal(inboxKey(result({ resultId: 'retracted:R-9' })), 'final:retracted:R-9');
    assert.equal(inboxKey(result({ resultId: 'final:R-9' })), 'final:final:R-9');
    assert.equal(inboxKey(result({ resultId: 'amended:R-9:abc' })), 'final:amended:R-9:abc');
    const keys = amendmentKeys('R-9', 4, 'abc');
    const finals = ['R-9', 'retracted:R-9', 'final:R-9', 'amended:R-9:4:abc', 'amended:R-9:4:abc:withdrawal', 'retracted-again:R-9:4'].map((id) => inboxKey(result({ resultId: id })));
    for (const key of [retractionKey('R-9'), retractionKey('R-9', 4), keys.value, keys.withdrawal]) assert.ok(!finals.includes(key), key);
    assert.notEqual(retractionKey('R-9', 4), retractionKey('R-9:4'), 'a corrected retraction never takes the key of another result');
  });

  it('an amendment back to an earlier value has a key of its own (the predecessor is part of it)', () => {
    assert.notEqual(amendmentKeys('R-9', 4, 'abc').value, amendmentKeys('R-9', 9, 'abc').value);
    assert.notEqual(amendmentKeys('R-9', 4, 'abc').withdrawal, amendmentKeys('R-9', 9, 'abc').withdrawal);
  });
});

describe('same measurement', () => {
  it('is a redelivery when only times or comments differ, or a field only one delivery carries', () => {
    assert.ok(sameMeasurement(result(), result({ finalizedAt: '2024-05-03T12:00:00.000Z', comment: 'again' })));
    assert.ok(sameMeasurement(result(), result({ test: 'ph', value: ' 7.0 ' })));
    assert.ok(sameMeasurement(result({ unit: 'pH' }), result()), 'a poll may carry the unit the webhook left out');
    assert.ok(sameMeasurement(result({ specMin: 6.5 }), result()));
  });

  it('is an amendment when the value, the unit, a limit, the lot, the sample or the test differs', () => {
    assert.ok(!sameMeasurement(result(), result({ value: '9.8' })));
    assert.ok(!sameMeasurement(result({ unit: 'CFU/mL' }), result({ unit: 'CFU/L' })));
    assert.ok(!sameMeasurement(result({ specMax: 7.5 }), result({ specMax: 8.5 })));
    assert.ok(!sameMeasurement(result({ lotId: 'LOT-1' }), result({ lotId: 'LOT-2' })));
    assert.ok(!sameMeasurement(result(), result({ sampleId: 'S-2' })));
    assert.ok(!sameMeasurement(result(), result({ test: 'ASSAY' })));
  });
});

describe('same measurement across spellings', () => {
  it('compares numbers as numbers: 7.1 from the webhook is "7.10" from the poll', () => {
    assert.ok(sameMeasurement(result({ value: '7.1' }), result({ value: '7.10' })));
    assert.ok(sameMeasurement(result({ value: '100' }), result({ value: '1e2' })));
    assert.ok(!sameMeasurement(result({ value: '7.1' }), result({ value: '7.11' })));
    assert.ok(!sameMeasurement(result({ value: '<0.5' }), result({ value: '<0.50' })), 'a text value compares as text');
  });

  it("takes a test's name and its catalog keyword (the LIMS's test code) for the same test, in any case", () => {
    const names = catalogTestNames([{ test: 'DISSO', keyword: 'Dissolution' }, { test: 'PH', keyword: 'pH' }]);
    assert.ok(sameMeasurement(result({ test: 'DISSO' }), result({ test: 'dissolution' }), names));
    assert.ok(!sameMeasurement(result({ test: 'DISSO' }), result({ test: 'PH' }), names));
    assert.ok(!sameMeasurement(result({ test: 'DISSO' }), result({ test: 'dissolution' })), 'without the catalog, case only');
    assert.equal(names('Hardness'), 'HARDNESS', 'a name the catalog does not know compares by case');
  });
});
