// OOT invariants (fast-check): verdicts do not change when results are shifted or positively scaled
// (the intervals move with them), and mirroring the results flips the direction of an OOT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { byTimePointOot, regressionOot, slopeOot } from '../../../server/domain/quality/oot';
import type { OotVerdictBase } from '../../../server/domain/quality/oot';

const runs = { numRuns: 200 };
const value = fc.integer({ min: -20_000, max: 20_000 }).map((v) => v / 100);
const times = [0, 1, 2, 3, 6, 9, 12, 18, 24, 36];
const trend = fc
  .array(fc.tuple(fc.constantFrom(...times), value), { minLength: 3, maxLength: 14 })
  .map((pairs) => pairs.map(([x, y]) => ({ x, y })))
  .filter((points) => new Set(points.map((p) => p.x)).size >= 2);
const affine = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 2000 }).map((s) => s / 100));

/** Far enough from a bound that floating-point noise in the moved interval cannot flip the verdict. */
function clearOfBounds(v: OotVerdictBase): boolean {
  if (!v.interval) return true;
  const width = v.interval.upper - v.interval.lower;
  return Math.min(Math.abs(v.observed - v.interval.lower), Math.abs(v.observed - v.interval.upper)) > 1e-9 * Math.max(width, 1);
}

describe('OOT invariants', () => {
  it('regression OOT: y -> a + b·y (b > 0) keeps the verdict; the interval maps the same way', () => {
    fc.assert(
      fc.property(trend, fc.constantFrom(...times), value, affine, (points, x0, y0, [a, b]) => {
        const before = regressionOot(points, x0, y0);
        fc.pre(clearOfBounds(before));
        const after = regressionOot(points.map((p) => ({ x: p.x, y: a + b * p.y })), x0, a + b * y0);
        assert.equal(after.outcome, before.outcome);
        assert.equal(after.direction, before.direction);
        if (before.interval && after.interval) {
          const tol = 1e-7 * (Math.abs(a) + b * (Math.abs(before.interval.upper) + 1));
          assert.ok(Math.abs(after.interval.upper - (a + b * before.interval.upper)) <= tol);
        }
      }),
      runs,
    );
  });
  it('regression OOT: shifting time (x -> x + c) keeps the verdict', () => {
    fc.assert(
      fc.property(trend, fc.constantFrom(...times), value, fc.integer({ min: -100, max: 100 }), (points, x0, y0, c) => {
        const before = regressionOot(points, x0, y0);
        fc.pre(clearOfBounds(before));
        const after = regressionOot(points.map((p) => ({ x: p.x + c, y: p.y })), x0 + c, y0);
        assert.equal(after.outcome, before.outcome);
      }),
      runs,
    );
  });
  it('regression OOT: mirroring y flips above and below', () => {
    const flip = { above: 'below', below: 'above' } as const;
    fc.assert(
      fc.property(trend, fc.constantFrom(...times), value, (points, x0, y0) => {
        const before = regressionOot(points, x0, y0);
        fc.pre(clearOfBounds(before));
        const after = regressionOot(points.map((p) => ({ x: p.x, y: -p.y })), x0, -y0);
        assert.equal(after.outcome, before.outcome);
        assert.equal(after.direction, before.direction === null ? null : flip[before.direction]);
      }),
      runs,
    );
  });
  it('by-time-point OOT: shifting and positive scaling keep the verdict', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 3, maxLength: 30 }), value, affine, (historical, y0, [a, b]) => {
        const before = byTimePointOot(historical, y0);
        fc.pre(clearOfBounds(before));
        const after = byTimePointOot(historical.map((h) => a + b * h), a + b * y0);
        assert.equal(after.outcome, before.outcome);
        assert.equal(after.direction, before.direction);
      }),
      runs,
    );
  });
  it('slope OOT: shifting y and positive scaling keep the verdict', () => {
    fc.assert(
      fc.property(fc.array(value.map((v) => v / 100), { minLength: 3, maxLength: 12 }), trend, affine, (slopes, points, [a, b]) => {
        const before = slopeOot(slopes, points);
        fc.pre(clearOfBounds(before));
        // y -> a + b·y scales every slope by b; the shift a drops out of a slope.
        const after = slopeOot(slopes.map((s) => b * s), points.map((p) => ({ x: p.x, y: a + b * p.y })));
        assert.equal(after.outcome, before.outcome);
        assert.equal(after.direction, before.direction);
      }),
      runs,
    );
  });
  it('an OOT verdict is never given without an interval, and cannot-evaluate always says why', () => {
    fc.assert(
      fc.property(trend, fc.constantFrom(...times), value, (points, x0, y0) => {
        const v = regressionOot(points, x0, y0);
        if (v.outcome === 'cannot-evaluate') assert.ok(v.reason && v.interval === null && !v.oot);
        else assert.ok(v.interval && v.oot === (y0 < v.interval.lower || y0 > v.interval.upper));
      }),
      runs,
    );
  });
});
