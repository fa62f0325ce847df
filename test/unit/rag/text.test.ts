import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanExtractedText, contentTokens, repairHyphenation, stripLineNumbers, tokenize } from '../../../server/rag/text';

describe('hyphenation repair', () => {
  it('keeps the hyphen of a compound split at a line end', () => {
    assert.equal(cleanExtractedText('Investigating Out-of-\nSpecification (OOS)'), 'Investigating Out-of-Specification (OOS)');
  });

  it('repairs the glued form some extractors produce', () => {
    assert.equal(repairHyphenation('Investigating Out-ofSpecification results'), 'Investigating Out-of-Specification results');
  });

  it('drops a syllable hyphen when the joined word occurs elsewhere in the text', () => {
    const text = 'manufacturing records.\nThe manu-\nfacturing site';
    assert.equal(cleanExtractedText(text), 'manufacturing records.\nThe manufacturing site');
  });

  it('keeps the hyphen of an unknown lower-case compound', () => {
    assert.equal(cleanExtractedText('tested in-\nprocess samples'), 'tested in-process samples');
  });

  it('normalises ligatures and non-breaking spaces', () => {
    assert.equal(cleanExtractedText('speci\ufb01cation\u00a0limit  \nnext'), 'specification limit\nnext');
  });
});

describe('tokens', () => {
  it('lower-cases, folds accents and keeps section numbers whole', () => {
    assert.deepEqual(tokenize('§ 211.100 Écart; OOS-Results'), ['211.100', 'ecart', 'oos', 'results']);
  });

  it('drops stopwords and single letters but keeps digits', () => {
    assert.deepEqual(contentTokens('What is the phase 2 of a Q9 review?'), ['phase', '2', 'q9', 'review']);
  });
});

describe('line numbers of draft guidance', () => {
  it('strips trailing line numbers and numbered blank lines when most lines carry one', () => {
    const page = 'ICH Q9(R1) Guideline\n1\n1. INTRODUCTION\t1\nRisk management principles are\t2\nused in many areas\t3\n4\nof business.\t5';
    assert.equal(stripLineNumbers(page), 'ICH Q9(R1) Guideline\n1. INTRODUCTION\nRisk management principles are\nused in many areas\nof business.');
  });

  it('leaves a page alone when only a few lines end in a number', () => {
    const page = 'Table 1\nBuffer\t4.01\nThe slope is checked daily and recorded.\nThe offset is checked too.\nSee section\t5';
    assert.equal(stripLineNumbers(page), page);
  });
});
