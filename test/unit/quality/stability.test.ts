// ICH Q1E shelf life against R expirest::expirest_osle (LeBlond 2011 data sets exp1 and exp2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shelfLife } from '../../../server/domain/quality/stability';
import type { ShelfLifeReport, StabilityModelName } from '../../../server/domain/quality/stability';
import { R_UNIROOT_TOL } from '../../../server/domain/quality/root-finding';
import { assertClose, assertNear, loadFixture } from './quality-reference';

interface StabilityFixture {
  input: { batches: string[]; rows: { Batch: string; Month: number; value: number }[]; spec_limit: number; ivl_side: 'lower' | 'upper'; alpha: number; alpha_pool: number };
  expected: {
    poolability: {
      p_value_batch: number;
      p_value_batch_x_time: number;
      common_slope: boolean;
      common_intercept_raw: boolean;
      decision: 'cics' | 'dics' | 'dids';
      leblond_F_batch_vs_cics: number;
      leblond_F_batch_x_time: number;
    };
    spec_limit_used: number;
    shelf_life_months: number;
    POI_all_models: Record<StabilityModelName, number>;
    worst_case_intercepts: Record<StabilityModelName, number>;
    coefficients: Record<'cics' | 'dics' | 'dids.pmse', Record<string, number>>;
  };
}

const FILES = ['exp1_b2b5b7', 'exp1_b3b4b5', 'exp1_b4b5b8', 'exp1_all', 'exp2'];
const MODELS: StabilityModelName[] = ['cics', 'dics', 'dids.pmse', 'dids'];

function run(fixture: StabilityFixture, rootFinder: 'exact' | 'uniroot'): ShelfLifeReport {
  const rows = fixture.input.rows.map((r) => ({ batch: r.Batch, time: r.Month, value: r.value }));
  return shelfLife(rows, { specLimit: fixture.input.spec_limit, side: fixture.input.ivl_side, alpha: fixture.input.alpha, alphaPool: fixture.input.alpha_pool, rootFinder });
}

for (const name of FILES) {
  describe(`shelf life reproduces stability_expirest_${name}.json`, () => {
    const fixture = loadFixture<StabilityFixture>(`stability_expirest_${name}.json`);
    const e = fixture.expected;
    const report = run(fixture, 'uniroot');
    const exact = run(fixture, 'exact');

    it('ANCOVA p-values, LeBlond F values and the pooling decision', () => {
      const pool = report.poolability;
      assert.ok(pool);
      assertClose(pool.pBatch, e.poolability.p_value_batch, 1e-9, 'p batch');
      assertClose(pool.pInteraction, e.poolability.p_value_batch_x_time, 1e-9, 'p batch x time');
      assertClose(pool.leblondF.batch, e.poolability.leblond_F_batch_vs_cics, 1e-9, 'F batch');
      assertClose(pool.leblondF.interaction, e.poolability.leblond_F_batch_x_time, 1e-9, 'F batch x time');
      assert.equal(pool.commonSlope, e.poolability.common_slope);
      assert.equal(pool.commonIntercept, e.poolability.common_intercept_raw);
      assert.equal(pool.decision, e.poolability.decision);
      assert.equal(report.model, e.poolability.decision);
      assert.equal(report.specLimit, e.spec_limit_used);
    });

    it('the POI of all four models and the shelf life, with R uniroot (to 1e-9 months)', () => {
      for (const m of MODELS) assertNear(report.poi[m], e.POI_all_models[m], 1e-9, `POI ${m}`);
      assertNear(report.shelfLife, e.shelf_life_months, 1e-9, 'shelf life');
    });

    it('the exact crossing is within uniroot tolerance of expirest', () => {
      for (const m of MODELS) assertNear(exact.poi[m], e.POI_all_models[m], R_UNIROOT_TOL, `exact POI ${m}`);
      assert.equal(exact.model, report.model);
    });

    it('worst-case intercepts of all four models', () => {
      for (const m of MODELS) assertClose(report.worstCase[m].intercept, e.worst_case_intercepts[m], 1e-9, `worst case ${m}`);
    });

    it('coefficients of cics, dics and dids.pmse (R treatment contrasts, first batch the reference)', () => {
      for (const m of ['cics', 'dics', 'dids.pmse'] as const) {
        const coef = e.coefficients[m];
        for (const line of report.models[m].lines) {
          const isReference = line.batch === fixture.input.batches[0];
          const intercept = (coef['(Intercept)'] as number) + (isReference ? 0 : (coef[`Batch${line.batch}`] ?? 0));
          const slope = (coef.Month as number) + (isReference ? 0 : (coef[`Batch${line.batch}:Month`] ?? 0));
          assertClose(line.intercept, intercept, 1e-9, `${m} ${line.batch} intercept`);
          assertClose(line.slope, slope, 1e-9, `${m} ${line.batch} slope`);
        }
      }
    });

    it('explains the decision and the shelf life', () => {
      assert.equal(report.explanation.rule, 'stability.shelf-life');
      assert.equal(report.explanation.numbers.shelfLife, report.shelfLife);
      assert.match(report.explanation.text, new RegExp(`model ${e.poolability.decision}\\)`));
    });
  });
}

describe('shelf life: published values and edge cases', () => {
  it('the exact dids POI for exp1 b4/b5/b8 equals JMP (15.844877978, LeBlond 2011 Table IX)', () => {
    const report = run(loadFixture<StabilityFixture>('stability_expirest_exp1_b4b5b8.json'), 'exact');
    assertNear(report.poi.dids, 15.844877978, 1e-8, 'JMP');
    assert.equal(report.worstCase.dids.batch, 'b8');
  });
  it('LeBlond 2011 published POIs: 26 (cics), 23.4 (dics), 15.8 (dids)', () => {
    const published: [string, number][] = [['exp1_b2b5b7', 26], ['exp1_b3b4b5', 23.4], ['exp1_b4b5b8', 15.8]];
    for (const [file, value] of published) {
      const report = run(loadFixture<StabilityFixture>(`stability_expirest_${file}.json`), 'exact');
      assertNear(report.shelfLife, value, 0.05, file);
    }
  });
  it('a single batch has nothing to pool and is reported as dids', () => {
    const rows = [0, 3, 6, 9, 12, 18].map((time) => ({ batch: 'b1', time, value: 101 - 0.3 * time + (time % 2 ? 0.2 : -0.1) }));
    const report = shelfLife(rows, { specLimit: 95, side: 'lower' });
    assert.equal(report.poolability, null);
    assert.equal(report.model, 'dids');
    assert.ok(report.shelfLife !== null && report.shelfLife > 0);
    assertNear(report.poi.cics, report.poi.dids as number, 1e-9, 'cics = dids for one batch');
  });
  it('a bound that never meets the limit gives no shelf life, with the reason', () => {
    const rows = ['a', 'b', 'c'].flatMap((batch, i) => [0, 3, 6, 12].map((time) => ({ batch, time, value: 100 + 0.01 * time + 0.1 * i + (time % 2 ? 0.05 : 0) })));
    const report = shelfLife(rows, { specLimit: 95, side: 'lower' });
    assert.equal(report.shelfLife, null);
    assert.match(report.reason ?? '', /does not meet the limit/);
    assert.match(report.explanation.text, /No shelf life/);
  });
  it('rejects a batch with fewer than 3 results', () => {
    assert.throws(() => shelfLife([{ batch: 'a', time: 0, value: 1 }, { batch: 'a', time: 1, value: 2 }], { specLimit: 0, side: 'lower' }), RangeError);
  });
});

describe('root finding', () => {
  it('Brent zeroin finds √2 and refuses a bracket without a sign change', async () => {
    const { brentZeroin, firstCrossing } = await import('../../../server/domain/quality/root-finding');
    assertNear(brentZeroin((x) => x * x - 2, 0, 2, 1e-12), Math.SQRT2, 1e-11, 'zeroin');
    assert.equal(brentZeroin((x) => x * x + 1, -1, 1), null);
    // The earliest of two crossings, not just any root.
    assertNear(firstCrossing((x) => Math.sin(x), -1, 10), 0, 1e-11, 'first crossing');
    assert.equal(firstCrossing(() => -1, 0, 10), null);
  });
});
