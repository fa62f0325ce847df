// Capability against the qcc processCapability fixtures (TEP XMEAS 9 and 21, a USL-only series).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capability, averageMovingRange } from '../../../server/domain/quality/capability';
import { assertClose, loadFixture } from './quality-reference';

interface CapabilityFixture {
  input: { values: number[]; LSL: number | null; USL: number | null };
  expected: {
    n: number;
    mean: number;
    'sigma_within_MRbar_over_1.128': number;
    MRbar: number;
    sigma_overall_sd: number;
    Cp: number | null;
    Cpl: number | null;
    Cpu: number | null;
    Cpk: number | null;
    Pp: number | null;
    Ppl: number | null;
    Ppu: number | null;
    Ppk: number | null;
    Cpk_bissell_95ci: [number, number];
    Ppk_bissell_95ci: [number, number];
    qcc_processCapability_within: { Cp_ci95_chisq: [number | null, number | null]; Cp_k_ci95: [number | null, number | null] };
    obs_below_LSL: number | null;
    obs_above_USL: number | null;
  };
}

const files = ['capability_tep_xmeas09.json', 'capability_tep_xmeas21.json', 'capability_synthetic_usl_only.json'];

for (const file of files) {
  describe(`capability reproduces ${file}`, () => {
    const fixture = loadFixture<CapabilityFixture>(file);
    const { values, LSL, USL } = fixture.input;
    const e = fixture.expected;
    const report = capability(values, { ...(LSL !== null ? { lsl: LSL } : {}), ...(USL !== null ? { usl: USL } : {}) });

    it('n, mean, MRbar, sigma within and overall', () => {
      assert.equal(report.n, e.n);
      assertClose(report.mean, e.mean, 1e-12, 'mean');
      assertClose(report.mrBar, e.MRbar, 1e-12, 'MRbar');
      assertClose(averageMovingRange(values), e.MRbar, 1e-12, 'averageMovingRange');
      assertClose(report.sigmaWithin, e['sigma_within_MRbar_over_1.128'], 1e-12, 'sigmaWithin');
      assertClose(report.sigmaOverall, e.sigma_overall_sd, 1e-12, 'sigmaOverall');
    });

    it('Cp, Cpl, Cpu, Cpk, Pp, Ppl, Ppu, Ppk (null where a one-sided spec leaves them undefined)', () => {
      assertClose(report.cp, e.Cp, 1e-9, 'Cp');
      assertClose(report.cpl, e.Cpl, 1e-9, 'Cpl');
      assertClose(report.cpu, e.Cpu, 1e-9, 'Cpu');
      assertClose(report.cpk, e.Cpk, 1e-9, 'Cpk');
      assertClose(report.pp, e.Pp, 1e-9, 'Pp');
      assertClose(report.ppl, e.Ppl, 1e-9, 'Ppl');
      assertClose(report.ppu, e.Ppu, 1e-9, 'Ppu');
      assertClose(report.ppk, e.Ppk, 1e-9, 'Ppk');
    });

    it('Bissell 95% intervals for Cpk and Ppk', () => {
      assert.ok(report.cpkInterval && report.ppkInterval);
      assertClose(report.cpkInterval[0], e.Cpk_bissell_95ci[0], 1e-9, 'Cpk lower');
      assertClose(report.cpkInterval[1], e.Cpk_bissell_95ci[1], 1e-9, 'Cpk upper');
      assertClose(report.ppkInterval[0], e.Ppk_bissell_95ci[0], 1e-9, 'Ppk lower');
      assertClose(report.ppkInterval[1], e.Ppk_bissell_95ci[1], 1e-9, 'Ppk upper');
    });

    it("qcc's chi-square interval for Cp", () => {
      const [lower, upper] = e.qcc_processCapability_within.Cp_ci95_chisq;
      if (lower === null || upper === null) {
        assert.equal(report.cpInterval, null);
      } else {
        assertClose(report.cpInterval?.[0], lower, 1e-9, 'Cp chisq lower');
        assertClose(report.cpInterval?.[1], upper, 1e-9, 'Cp chisq upper');
      }
    });

    it('observed counts outside the limits (strict)', () => {
      assert.equal(report.observedBelowLsl, e.obs_below_LSL);
      assert.equal(report.observedAboveUsl, e.obs_above_USL);
    });

    it('explains the verdict with the numbers', () => {
      assert.equal(report.explanation.rule, 'capability.cpk');
      assert.equal(report.explanation.numbers.cpk, report.cpk);
      assert.match(report.explanation.text, new RegExp(`^Cpk ${(e.Cpk as number).toFixed(2)} \\(95% CI`));
    });
  });
}

describe('capability warnings and options', () => {
  const fixture = loadFixture<CapabilityFixture>('capability_synthetic_usl_only.json');
  it('warns under 30 points', () => {
    const report = capability(fixture.input.values.slice(0, 20), { usl: 0.25 });
    assert.ok(report.warnings.some((w) => w.code === 'few-points'));
    assert.ok(!capability(fixture.input.values, { usl: 0.25 }).warnings.some((w) => w.code === 'few-points'));
  });
  it('warns when Anderson-Darling rejects normality', () => {
    // A strongly bimodal series: half at 0, half at 10, with a little jitter.
    const bimodal = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0 : 10) + ((i * 7) % 5) / 100);
    const report = capability(bimodal, { lsl: -5, usl: 15 });
    assert.equal(report.normality?.normal, false);
    assert.ok(report.warnings.some((w) => w.code === 'normality-rejected'));
    assert.match(report.explanation.text, /Normality rejected/);
  });
  it('a given sigmaWithin replaces MRbar/1.128', () => {
    const report = capability(fixture.input.values, { usl: 0.25, sigmaWithin: 0.02 });
    assert.equal(report.sigmaWithinMethod, 'given');
    assert.equal(report.mrBar, null);
    assertClose(report.cpu, (0.25 - report.mean) / 0.06, 1e-12, 'cpu with given sigma');
  });
  it('no limits: every index is null and a warning says why', () => {
    const report = capability(fixture.input.values);
    assert.equal(report.cpk, null);
    assert.equal(report.ppk, null);
    assert.ok(report.warnings.some((w) => w.code === 'no-spec-limits'));
  });
  it('constant values: indices are null, not Infinity', () => {
    const report = capability([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], { lsl: 4, usl: 6 });
    assert.equal(report.cpk, null);
    assert.ok(report.warnings.some((w) => w.code === 'no-variation'));
  });
  it('rejects fewer than 2 values and inverted limits', () => {
    assert.throws(() => capability([1]), RangeError);
    assert.throws(() => capability([1, 2, 3], { lsl: 5, usl: 4 }), RangeError);
  });
});
