// Anderson-Darling normality test: A² against SciPy 1.17.1 (scipy.stats.anderson, dist='norm'), the
// p-value against the published critical values of A*² (D'Agostino & Stephens 1986, Table 4.7, case 3).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { andersonDarling, andersonDarlingPValue } from '../../../server/domain/quality/normality';
import { assertClose, loadFixture } from './quality-reference';

const series = (file: string): number[] => loadFixture<{ input: { values: number[] } }>(file).input.values;
const bimodal = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0 : 10) + ((i * 7) % 5) / 100);
const b5 = [102, 101.4, 100.8, 100.2, 99.7, 98.8, 98.5, 98, 97.1, 96.6, 96.1];

describe('Anderson-Darling A²', () => {
  const cases: [string, number[], number][] = [
    ['TEP XMEAS(9)', series('capability_tep_xmeas09.json'), 10.389087149359057],
    ['TEP XMEAS(21)', series('capability_tep_xmeas21.json'), 0.44420417367928167],
    ['synthetic USL-only series', series('capability_synthetic_usl_only.json'), 0.45908860933170814],
    ['bimodal 0/10', bimodal, 6.96505004232759],
    ['exp1 batch b5', b5, 0.16409713364524414],
  ];
  for (const [label, values, expected] of cases) {
    it(`${label}: A² = ${expected} (SciPy)`, () => {
      const r = andersonDarling(values);
      assertClose(r.statistic, expected, 1e-9, 'A²');
      const n = values.length;
      assertClose(r.adjusted, r.statistic * (1 + 0.75 / n + 2.25 / (n * n)), 1e-15, 'A*²');
    });
  }
  it('rejects normality for the autocorrelated TEP XMEAS(9) and the bimodal series, not for XMEAS(21)', () => {
    assert.equal(andersonDarling(series('capability_tep_xmeas09.json')).normal, false);
    assert.equal(andersonDarling(bimodal).normal, false);
    const x21 = andersonDarling(series('capability_tep_xmeas21.json'));
    assert.equal(x21.normal, true);
    assert.ok(x21.pValue > 0.05 && x21.pValue < 0.5);
  });
  it('needs at least 8 varying values', () => {
    assert.throws(() => andersonDarling([1, 2, 3, 4, 5, 6, 7]), RangeError);
    assert.throws(() => andersonDarling([1, 1, 1, 1, 1, 1, 1, 1]), RangeError);
  });
});

describe('Anderson-Darling p-value', () => {
  it('matches the published critical values of A*²: 0.631 (10%), 0.752 (5%), 0.873 (2.5%), 1.035 (1%)', () => {
    for (const [critical, level] of [[0.631, 0.1], [0.752, 0.05], [0.873, 0.025], [1.035, 0.01]] as const) {
      assertClose(andersonDarlingPValue(critical), level, 0.02, `p(${critical})`);
    }
  });
  it('falls as A*² grows, across the four pieces of the approximation', () => {
    const grid = [0.05, 0.15, 0.2, 0.3, 0.34, 0.5, 0.6, 1, 3, 9.9];
    const p = grid.map(andersonDarlingPValue);
    for (let i = 1; i < p.length; i++) assert.ok((p[i] as number) < (p[i - 1] as number), `p(${grid[i]}) < p(${grid[i - 1]})`);
    assert.equal(andersonDarlingPValue(12), 3.7e-24);
  });
});
