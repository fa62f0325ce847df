// Rounding and specification invariants (fast-check): USP 7.20 rounding equals exact integer rounding,
// a verdict is "pass" exactly when the rounded value is within the limits, and a censored result
// ("< b", "> b") only gets a verdict that every concrete value it allows would also get.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TestSpecification } from '../../../server/domain/types';
import { roundHalfUp } from '../../../server/domain/quality/rounding';
import { evaluateSpec } from '../../../server/domain/quality/spec';

const runs = { numRuns: 300 };

/** m / 10^scale as plain decimal text, e.g. (9795n, 2) -> "97.95". */
function decimalText(m: bigint, scale: number): string {
  const negative = m < 0n;
  const digits = (negative ? -m : m).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Exact half-up rounding (by magnitude) in integers, the reference for roundHalfUp. */
function referenceRound(m: bigint, scale: number, decimals: number): string {
  if (scale <= decimals) return decimalText(m * 10n ** BigInt(decimals - scale), decimals);
  const negative = m < 0n;
  const magnitude = negative ? -m : m;
  const unit = 10n ** BigInt(scale - decimals);
  let q = magnitude / unit;
  if ((magnitude % unit) * 2n >= unit) q += 1n;
  return decimalText(negative && q !== 0n ? -q : q, decimals);
}

const mantissa = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
const scale = fc.integer({ min: 0, max: 7 });
const decimals = fc.integer({ min: 0, max: 5 });

describe('USP 7.20 rounding', () => {
  it('equals exact integer half-up rounding on the decimal text', () => {
    fc.assert(
      fc.property(mantissa, scale, decimals, (m, s, d) => {
        assert.equal(roundHalfUp(decimalText(m, s), d).roundedText, referenceRound(m, s, d));
      }),
      runs,
    );
  });
  it('a number rounds like the decimal text it prints as', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), scale, decimals, (m, s, d) => {
        const text = decimalText(m, s);
        const x = Number(text);
        fc.pre(String(x) === String(Number(text)) && Number(String(x)) === x);
        assert.equal(roundHalfUp(x, d).roundedText, roundHalfUp(String(x), d).roundedText);
      }),
      runs,
    );
  });
});

const spec = (lsl: number, usl: number, d: number): TestSpecification => ({
  id: 'S', version: '1', productId: 'P', test: 'Assay', keyword: 'k', unit: '%', kind: 'numeric', method: 'm', lsl, usl, decimals: d,
});
// Limits and results on a 0.001 grid, decimals 0..2.
const grid = fc.integer({ min: 0, max: 200_000 }).map((v) => v / 1000);
const sides = fc.constantFrom('both' as const, 'nmt' as const, 'nlt' as const);
const boundChoice = fc.oneof(
  grid.map((value) => ({ kind: 'free' as const, value, sign: 0, nudge: 0 })),
  fc.record({
    kind: fc.constantFrom('upper' as const, 'lower' as const),
    value: fc.constant(0),
    sign: fc.constantFrom(-1, 1),
    nudge: fc.constantFrom(0, 0.0001, -0.0001),
  }),
);

describe('specification verdicts', () => {
  it('pass exactly when lsl <= rounded <= usl; fail holds the lot', () => {
    fc.assert(
      fc.property(grid, grid, grid, fc.integer({ min: 0, max: 2 }), (a, b, x, d) => {
        fc.pre(a < b);
        const s = spec(Number(roundHalfUp(a, d).roundedText), Number(roundHalfUp(b, d).roundedText), d);
        fc.pre((s.lsl as number) < (s.usl as number));
        const v = evaluateSpec(s, x);
        const r = v.rounded as number;
        assert.equal(v.outcome, r >= (s.lsl as number) && r <= (s.usl as number) ? 'pass' : 'fail');
        assert.equal(v.disposition === 'hold', v.outcome === 'fail');
      }),
      runs,
    );
  });
  it('a censored result gets pass or fail only if every concrete value it allows gets the same', () => {
    fc.assert(
      fc.property(grid, grid, boundChoice, fc.integer({ min: 0, max: 2 }), fc.constantFrom('<', '<=', '>', '>='), sides, (a, b, choice, d, op, side) => {
        fc.pre(a < b);
        const twoSided = spec(Number(roundHalfUp(a, d).roundedText), Number(roundHalfUp(b, d).roundedText), d);
        fc.pre((twoSided.lsl as number) < (twoSided.usl as number));
        const s = { ...twoSided, ...(side === 'nmt' ? { lsl: undefined } : side === 'nlt' ? { usl: undefined } : {}) };
        // Half the cases put the bound on or next to a rounding threshold (limit ± half a unit).
        const bound =
          choice.kind === 'free'
            ? choice.value
            : Math.round(((choice.kind === 'upper' ? (twoSided.usl as number) : (twoSided.lsl as number)) + choice.sign * 0.5 * 10 ** -d + choice.nudge) * 1e4) / 1e4;
        const censored = evaluateSpec(s, `${op} ${bound}`);
        if (censored.outcome === 'cannot-evaluate') return;
        // Concrete values the bound allows, on a grid finer than the spec's decimals.
        const below = op.startsWith('<');
        const inclusive = op.endsWith('=');
        const steps = [0, 0.0001, 0.0004, 0.0005, 0.001, 0.005, 0.01, 0.5, 1, 10, 100];
        for (const step of steps) {
          if (step === 0 && !inclusive) continue;
          const concrete = Math.round((below ? bound - step : bound + step) * 1e4) / 1e4;
          if (concrete < 0) continue;
          assert.equal(evaluateSpec(s, concrete).outcome, censored.outcome, `${op} ${bound} vs ${concrete}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
