// Capability invariants (fast-check): the indices follow their definitions, and are unchanged when the
// data and the limits are shifted or positively scaled together; mirroring swaps the lower and upper sides.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capability } from '../../../server/domain/quality/capability';
import type { CapabilityReport } from '../../../server/domain/quality/capability';
import { assertClose } from './quality-reference';

// Varying series of plant-like values (3 decimals, so a shift cannot swamp the spread; at least two
// distinct neighbours, so MRbar > 0) and limits around them.
const series = fc
  .array(fc.integer({ min: -100_000, max: 100_000 }).map((v) => v / 1000), { minLength: 8, maxLength: 60 })
  .filter((x) => x.some((v, i) => i > 0 && v !== x[i - 1]));
const case_ = fc.tuple(series, fc.double({ min: 0.1, max: 300, noNaN: true }), fc.double({ min: 0.1, max: 300, noNaN: true }));
const runs = { numRuns: 200 };
const INDEX_KEYS = ['cp', 'cpl', 'cpu', 'cpk', 'pp', 'ppl', 'ppu', 'ppk'] as const;

function limitsFor(x: number[], below: number, above: number) {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return { lsl: mean - below, usl: mean + above };
}

function sameIndices(a: CapabilityReport, b: CapabilityReport, rel: number): void {
  for (const key of INDEX_KEYS) assertClose(b[key], a[key], rel, key);
}

describe('capability definitions', () => {
  it('cpk = min(cpl, cpu), cpk <= cp, cp = (cpl + cpu)/2, and the same for the P indices', () => {
    fc.assert(
      fc.property(case_, ([x, below, above]) => {
        const r = capability(x, limitsFor(x, below, above));
        const [cp, cpl, cpu, cpk] = [r.cp as number, r.cpl as number, r.cpu as number, r.cpk as number];
        assert.equal(cpk, Math.min(cpl, cpu));
        assert.ok(cpk <= cp + 1e-12 * Math.abs(cp));
        assertClose(cp, (cpl + cpu) / 2, 1e-9, 'cp');
        assert.equal(r.ppk, Math.min(r.ppl as number, r.ppu as number));
        assert.ok((r.ppk as number) <= (r.pp as number) * (1 + 1e-12));
        assertClose((r.cp as number) * r.sigmaWithin, (r.pp as number) * r.sigmaOverall, 1e-9, 'cp·σw = pp·σo');
      }),
      runs,
    );
  });
  it('one-sided specs define only their side; cpk equals it', () => {
    fc.assert(
      fc.property(case_, ([x, below, above]) => {
        const { lsl, usl } = limitsFor(x, below, above);
        const upper = capability(x, { usl });
        assert.equal(upper.cp, null);
        assert.equal(upper.cpl, null);
        assert.equal(upper.cpk, upper.cpu);
        assert.equal(upper.ppk, upper.ppu);
        const lower = capability(x, { lsl });
        assert.equal(lower.pp, null);
        assert.equal(lower.cpk, lower.cpl);
      }),
      runs,
    );
  });
  it('the Bissell interval is centred on cpk and widens with |cpk|', () => {
    fc.assert(
      fc.property(case_, ([x, below, above]) => {
        const r = capability(x, limitsFor(x, below, above));
        const [lo, hi] = r.cpkInterval as [number, number];
        assertClose((lo + hi) / 2, r.cpk as number, 1e-9, 'centre');
        assert.ok(lo < (r.cpk as number) && (r.cpk as number) < hi);
      }),
      runs,
    );
  });
});

describe('capability invariances', () => {
  it('shifting data and limits together leaves every index unchanged', () => {
    fc.assert(
      fc.property(case_, fc.double({ min: -1000, max: 1000, noNaN: true }), ([x, below, above], shift) => {
        const limits = limitsFor(x, below, above);
        const a = capability(x, limits);
        const b = capability(x.map((v) => v + shift), { lsl: limits.lsl + shift, usl: limits.usl + shift });
        sameIndices(a, b, 1e-6);
      }),
      runs,
    );
  });
  it('positive scaling of data and limits leaves every index unchanged', () => {
    fc.assert(
      fc.property(case_, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), ([x, below, above], scale) => {
        const limits = limitsFor(x, below, above);
        const a = capability(x, limits);
        const b = capability(x.map((v) => v * scale), { lsl: limits.lsl * scale, usl: limits.usl * scale });
        sameIndices(a, b, 1e-9);
      }),
      runs,
    );
  });
  it('mirroring (x -> -x, limits swapped) swaps cpl and cpu and keeps cpk', () => {
    fc.assert(
      fc.property(case_, ([x, below, above]) => {
        const { lsl, usl } = limitsFor(x, below, above);
        const a = capability(x, { lsl, usl });
        const b = capability(x.map((v) => -v), { lsl: -usl, usl: -lsl });
        assertClose(b.cpl, a.cpu, 1e-9, 'cpl');
        assertClose(b.cpu, a.cpl, 1e-9, 'cpu');
        assertClose(b.cpk, a.cpk, 1e-9, 'cpk');
      }),
      runs,
    );
  });
});
