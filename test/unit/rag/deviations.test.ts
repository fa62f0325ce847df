import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { parseCsv } from '../../../server/rag/parsers/csv';
import { deviationsFromCsv, deviationsFromJson } from '../../../server/rag/parsers/deviations';
import { SourceError } from '../../../server/rag/parsers/source-error';

const fixture = (name: string) => fs.readFileSync(new URL(`../../fixtures/documents/deviations/${name}`, import.meta.url), 'utf8');

describe('deviation reports', () => {
  it('reads a CSV export, one document per row', () => {
    const docs = deviationsFromCsv(fixture('deviations-export.csv'));
    assert.deepEqual(docs.map((d) => d.meta.id), ['DEV-2024-101', 'DEV-2024-102']);
    const first = docs[0];
    assert.equal(first?.meta.type, 'deviation');
    assert.deepEqual(first?.meta.equipment, ['TK-07']);
    assert.match(first?.pages[0]?.text ?? '', /^DEV-2024-101 — Viscosity below limit on tank 7\n/);
    assert.match(first?.pages[0]?.text ?? '', /Root cause: Agitator speed set to 80 rpm/);
  });

  it('reads an object with a deviations array, nested CAPA included', () => {
    const [doc] = deviationsFromJson(fixture('qms-export.json'));
    assert.equal(doc?.meta.id, 'DEV-2024-103');
    assert.deepEqual(doc?.meta.products, ['PRD-IBU400']);
    assert.match(doc?.pages[0]?.text ?? '', /CAPA: action: Re-tune the controller/);
    assert.deepEqual((doc?.record as { id: string }).id, 'DEV-2024-103');
  });

  it('takes the products of a plant dataset report from its lots', () => {
    const plant = { lots: [{ id: 'LOT-1', productId: 'PRD-A' }, { id: 'LOT-2', productId: 'PRD-B' }], deviations: [{ id: 'DEV-1', title: 'x', lotIds: ['LOT-2', 'LOT-9'] }, { id: 'DEV-2', product: 'PRD-C', lotIds: ['LOT-1'] }] };
    assert.deepEqual(deviationsFromJson(JSON.stringify(plant)).map((d) => d.meta.products), [['PRD-B'], ['PRD-C']]);
  });

  it('names the record that lacks an id', () => {
    assert.throws(() => deviationsFromJson('[{"id":"DEV-1"},{"title":"no id"}]'), (e: Error) => e instanceof SourceError && /deviations\[1\]: missing the deviation id/.test(e.message));
    assert.throws(() => deviationsFromJson('{"lots": []}'), /not a deviation export/);
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    assert.deepEqual(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n'), [{ a: 'x, y', b: 'say "hi"\nthere' }]);
    assert.deepEqual(parseCsv('a;b\r\n1;2\r\n'), [{ a: '1', b: '2' }]);
  });
});
