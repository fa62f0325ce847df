import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkPages } from '../../../server/rag/chunker';

const sentence = (i: number) => `Sentence number ${i} explains one more step of the sampling procedure in plain words.`;

describe('chunker', () => {
  it('keeps the page of every chunk and never crosses a page', () => {
    const pages = [1, 2, 3].map((page) => ({ page, text: Array.from({ length: 30 }, (_, i) => sentence(page * 100 + i)).join(' ') }));
    const chunks = chunkPages(pages, { maxChars: 400, overlapChars: 100, minChars: 100 });
    for (const chunk of chunks) {
      const numbers = [...chunk.text.matchAll(/number (\d+)/g)].map((m) => Math.floor(Number(m[1]) / 100));
      assert.ok(numbers.every((p) => p === chunk.page), `chunk on page ${chunk.page} holds text of pages ${numbers}`);
      assert.ok(chunk.text.length <= 400);
    }
    assert.deepEqual([...new Set(chunks.map((c) => c.page))], [1, 2, 3]);
    assert.deepEqual(chunks.map((c) => c.seq), chunks.map((_, i) => i));
  });

  it('repeats the last sentence of a chunk at the start of the next one', () => {
    const text = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const [first, second] = chunkPages([{ page: 1, text }], { maxChars: 400, overlapChars: 100, minChars: 100 });
    assert.ok(first && second);
    const lastOfFirst = first.text.split(/(?<=\.) /).at(-1) ?? '';
    assert.ok(second.text.startsWith(lastOfFirst), 'overlap missing');
  });

  it('starts a chunk at a heading and carries the section to the next page', () => {
    const body = Array.from({ length: 6 }, (_, i) => sentence(i)).join(' ');
    const pages = [
      { page: 1, text: `## 1. Purpose\n${body}\n## 2. Calibration\n${body}` },
      { page: 2, text: body },
    ];
    const chunks = chunkPages(pages, { markdown: true, maxChars: 900, minChars: 200 });
    assert.deepEqual(chunks.map((c) => [c.page, c.section]), [[1, '1. Purpose'], [1, '2. Calibration'], [2, '2. Calibration']]);
  });

  it('recognises numbered and capitalised headings in PDF text', () => {
    const body = Array.from({ length: 5 }, (_, i) => sentence(i)).join('\n');
    const chunks = chunkPages([{ page: 1, text: `II. BACKGROUND\n${body}\n§ 211.100 Written procedures; deviations.\n${body}` }], { minChars: 100 });
    assert.deepEqual(chunks.map((c) => c.section), ['II. BACKGROUND', '§ 211.100 Written procedures; deviations.']);
  });

  it('keeps a small table whole in one chunk', () => {
    const table = ['| Buffer | pH |', '|---|---|', '| Phthalate | 4.01 |', '| Phosphate | 7.00 |', '| Borate | 10.01 |'].join('\n');
    const before = Array.from({ length: 4 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkPages([{ page: 1, text: `${before}\n\n${table}\n\n${before}` }], { markdown: true, maxChars: 380, overlapChars: 90, minChars: 100 });
    const holding = chunks.filter((c) => c.text.includes('Phthalate'));
    assert.equal(holding.length, 1);
    assert.ok(holding[0]?.text.includes(table));
  });

  it('splits a large table by rows and repeats its header', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `| LOT-${i} | 7.${i % 10} | conforms |`);
    const table = ['| Lot | pH | Result |', '|---|---|---|', ...rows].join('\n');
    const chunks = chunkPages([{ page: 1, text: table }], { markdown: true, maxTableChars: 600, maxChars: 700 });
    assert.ok(chunks.length > 2);
    for (const chunk of chunks) assert.ok(chunk.text.startsWith('| Lot | pH | Result |\n|---|---|---|'));
    assert.equal(chunks.map((c) => c.text).join('\n').match(/LOT-\d+/g)?.length, 60);
  });

  it('drops running headers and page numbers from chunks', () => {
    const pages = [1, 2, 3, 4].map((page) => ({ page, text: `Contains Nonbinding Recommendations\n${page}\n${sentence(page)} ${sentence(page + 10)}` }));
    const chunks = chunkPages(pages);
    assert.ok(chunks.every((c) => !c.text.includes('Nonbinding') && !/^\d+\n/.test(c.text)));
    assert.equal(chunks.length, 4);
  });

  it('leaves contents entries out and does not carry their headings to the next page', () => {
    const contents = ['Contents', 'I. INTRODUCTION ............ 1', 'II. BACKGROUND ............ 2', 'III. THE LABORATORY PHASE', '....................... 3'].join('\n');
    const chunks = chunkPages([{ page: 1, text: contents }, { page: 2, text: sentence(1) }]);
    assert.ok(chunks.every((c) => !c.text.includes('....')));
    assert.equal(chunks.find((c) => c.page === 2)?.section, undefined);
  });
});
