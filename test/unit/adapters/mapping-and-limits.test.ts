// Small pieces the adapters rely on: LIMS limits to specifications (SENAITE shoulders as
// review bands), reported values, the id map's precedence, backoff growth, OData filters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../../server/adapters/http/backoff';
import { limitOf, numericOf, utcIso } from '../../../server/adapters/lims/shared/reported-value';
import { specFromLimits } from '../../../server/adapters/lims/shared/spec-from-limits';
import { StaticIdMap } from '../../../server/mapping/id-map';
import { applyFilter, ODataError } from '../../../simulators/http/opcenter/odata';

const base = { id: 's', version: '1', productId: 'PRD-IBU400', test: 'ASSAY', keyword: 'Assay', unit: '%', kind: 'numeric' as const, decimals: 1, method: 'HPLC' };

describe('specFromLimits', () => {
  it('reads SENAITE shoulders as the assay bands: release inside, review in the shoulders, hold beyond', () => {
    const spec = specFromLimits({ ...base, min: 98, max: 102, warnMin: 95, warnMax: 105 });
    assert.deepEqual([spec.lsl, spec.usl], [95, 105]);
    assert.deepEqual(spec.bands?.map((b) => [b.min, b.max, b.disposition]), [[98, 102, 'release'], [95, 98, 'review'], [undefined, 95, 'hold'], [102, 105, 'review'], [105, undefined, 'hold']]);
    assert.equal(spec.bands?.[1]?.label, '95.0–98.0 %: review');
  });

  it('keeps a plain range as limits without bands, and one-sided limits one-sided', () => {
    const ph = specFromLimits({ ...base, test: 'PH', unit: '', min: 6.5, max: 7.5 });
    assert.deepEqual([ph.lsl, ph.usl, ph.bands], [6.5, 7.5, undefined]);
    const rs = specFromLimits({ ...base, test: 'RS', decimals: 2, max: 0.5, loq: 0.05 });
    assert.deepEqual([rs.lsl, rs.usl, rs.loq], [undefined, 0.5, 0.05]);
  });
});

describe('reported values', () => {
  it('gives a number only for plain numbers', () => {
    assert.equal(numericOf('7.1'), 7.1);
    assert.equal(numericOf(' -0.5 '), -0.5);
    assert.equal(numericOf('< 0.05'), undefined);
    assert.equal(numericOf('conforms'), undefined);
    assert.equal(numericOf(''), undefined);
    assert.equal(limitOf('6.5'), 6.5);
    assert.equal(limitOf(''), undefined);
    assert.equal(limitOf(7), 7);
    assert.equal(utcIso('2024-05-03T10:15:00+00:00'), '2024-05-03T10:15:00.000Z');
  });
});

describe('StaticIdMap', () => {
  it('maps both ways, prefers a system row over a * row, and falls back to the id itself', () => {
    const map = new StaticIdMap([
      { system: '*', kind: 'lot', qloopId: 'B-1', mesId: 'ANY-1' },
      { system: 'plex', kind: 'lot', qloopId: 'B-1', mesId: 'PLEX-1' },
    ]);
    assert.equal(map.toMes('plex', 'lot', 'B-1'), 'PLEX-1');
    assert.equal(map.toMes('sap-dm', 'lot', 'B-1'), 'ANY-1');
    assert.equal(map.fromMes('plex', 'lot', 'PLEX-1'), 'B-1');
    assert.equal(map.toMes('plex', 'lot', 'LOT-XYZ789'), 'LOT-XYZ789');
    assert.equal(map.toMes('plex', 'work-order', 'B-1'), 'B-1', 'kinds do not mix');
    assert.deepEqual([map.has('plex', 'lot', 'B-1'), map.has('plex', 'lot', 'B-2')], [true, false]);
  });
});

describe('backoff', () => {
  it('grows exponentially up to the cap, with jitter inside [half, full]', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0)), [50, 100, 200, 400, 500]);
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1)), [100, 200, 400, 800, 1_000]);
  });
});

describe('OData $filter in the Opcenter simulator', () => {
  const rows = [{ NId: "O'Brien", Qty: 3, Status: { StatusNId: 'Hold' } }, { NId: 'LOT-1', Qty: 4, Status: { StatusNId: 'Active' } }];
  it('supports eq on strings (quote escaping), numbers and nested paths, joined with and', () => {
    assert.deepEqual(applyFilter(rows, "NId eq 'O''Brien'").map((r) => r.Qty), [3]);
    assert.deepEqual(applyFilter(rows, "Qty eq 4 and Status/StatusNId eq 'Active'").map((r) => r.NId), ['LOT-1']);
    assert.throws(() => applyFilter(rows, 'Qty gt 3'), ODataError);
  });
});
