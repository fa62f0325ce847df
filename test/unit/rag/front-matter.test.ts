import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontMatterError, parseFrontMatter, splitFrontMatter } from '../../../server/rag/front-matter';

describe('front matter', () => {
  it('reads scalars, quoted strings, flow and block lists', () => {
    const { fields, body } = splitFrontMatter(
      '---\nid: SOP-QC-001\ntitle: "pH: measurement"\nrevision: 3 # current\nproducts: [PRD-A, "PRD-B"]\nequipment:\n  - PHM-03\n  - TK-07\n---\n# Body\n',
    );
    assert.deepEqual(fields, { id: 'SOP-QC-001', title: 'pH: measurement', revision: '3', products: ['PRD-A', 'PRD-B'], equipment: ['PHM-03', 'TK-07'] });
    assert.equal(body, '# Body\n');
  });

  it('joins folded scalars', () => {
    assert.deepEqual(parseFrontMatter('summary: >\n  first line\n  second line'), { summary: 'first line second line' });
  });

  it('returns the whole text as body when there is no front matter', () => {
    const split = splitFrontMatter('# Title\ntext');
    assert.deepEqual(split.fields, {});
    assert.equal(split.body, '# Title\ntext');
  });

  it('names the bad line', () => {
    assert.throws(() => parseFrontMatter('id: X\nnot a pair'), (err: Error) => err instanceof FrontMatterError && /line 3/.test(err.message));
  });
});
