import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reciprocalRankFusion } from '../../../server/rag/fusion';
import { ftsMatchExpression } from '../../../server/rag/keyword-query';

describe('reciprocal rank fusion', () => {
  it('favours what both lists rank high', () => {
    const fused = reciprocalRankFusion([[1, 2, 3], [3, 1, 4]]);
    assert.deepEqual(fused.map((f) => f.id), [1, 3, 2, 4]);
    assert.ok(Math.abs((fused[0]?.score ?? 0) - (1 / 61 + 1 / 62)) < 1e-12);
  });

  it('keeps a one-list order when the other is empty', () => {
    assert.deepEqual(reciprocalRankFusion([[], [7, 5, 9]]).map((f) => f.id), [7, 5, 9]);
  });
});

describe('FTS5 match expression', () => {
  it('quotes content words, ORs them and expands GMP abbreviations', () => {
    assert.equal(ftsMatchExpression('What is an OOS result?'), '"oos" OR "out of specification" OR "result"');
  });

  it('turns FTS5 syntax in a question into plain terms', () => {
    assert.equal(ftsMatchExpression('NEAR(pump seal) AND "valve" *'), '"near" OR "pump" OR "seal" OR "valve"');
    assert.equal(ftsMatchExpression('the of a'), undefined);
  });

  describe('on a large index', () => {
    const postings: Record<string, number> = { ph: 400, meter: 900, calibration: 1200, slope: 150, quality: 60000, system: 4000, product: 3000 };
    const scale = { chunks: 100_000, postings: (t: string) => postings[t] ?? 0 };

    it('keeps every term while the index is within the budget', () => {
      assert.equal(ftsMatchExpression('pH meter calibration slope', { ...scale, chunks: 1200 }), '"ph" OR "meter" OR "calibration" OR "slope"');
    });

    it('scores the rarest terms that fit the posting budget, in question order', () => {
      assert.equal(ftsMatchExpression('pH meter calibration slope', scale), '"ph" OR "meter" OR "slope"');
    });

    it('looks for a lone common word in section headings only', () => {
      assert.equal(ftsMatchExpression('the quality of it', scale), 'section : ("quality")');
    });

    it('gives up on common words when vector search can carry the question', () => {
      assert.equal(ftsMatchExpression('quality system of the product', { ...scale, commonWords: 'skip' }), undefined);
      assert.equal(ftsMatchExpression('pH meter slope', { ...scale, commonWords: 'skip' }), '"ph" OR "meter" OR "slope"');
    });

    it('requires the rarest common terms together when even the rarest is too common', () => {
      assert.equal(ftsMatchExpression('quality system of the product', scale), '"system" AND "product"');
    });
  });
});

