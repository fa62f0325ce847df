import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { porterStem } from '../../../server/rag/stem';

describe('porter stemmer', () => {
  // Pairs from Porter's published vocabulary/output lists.
  const cases: [string, string][] = [
    ['caresses', 'caress'], ['ponies', 'poni'], ['cats', 'cat'], ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'],
    ['motoring', 'motor'], ['hopping', 'hop'], ['filing', 'file'], ['happy', 'happi'], ['relational', 'relat'],
    ['conditional', 'condit'], ['generalization', 'gener'], ['electrical', 'electr'], ['adjustment', 'adjust'],
    ['adoption', 'adopt'], ['controll', 'control'], ['rate', 'rate'], ['cease', 'ceas'],
  ];
  for (const [word, stem] of cases) it(`${word} -> ${stem}`, () => assert.equal(porterStem(word), stem));

  it('conflates a word family', () => {
    assert.equal(porterStem('validation'), porterStem('validated'));
    assert.equal(porterStem('investigations'), porterStem('investigating'));
  });

  it('leaves short words and numbers alone', () => {
    assert.equal(porterStem('is'), 'is');
    assert.equal(porterStem('211.100'), '211.100');
  });
});
