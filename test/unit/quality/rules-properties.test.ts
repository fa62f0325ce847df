// Invariants of the run rules (fast-check): shift/scale invariance, mirror symmetry, monotone invariance of
// trend and alternation, "all" ⊇ "completing", and the one-point check agreeing with the batch.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { symmetricLimits } from '../../../server/domain/quality/charts/zones';
import { evaluateRules, evaluateRulesAt } from '../../../server/domain/quality/rules/evaluate-rules';
import type { RuleVariant, RuleViolation } from '../../../server/domain/quality/rules/evaluate-rules';
import { RULE_NAMES } from '../../../server/domain/quality/rules/catalog';

// Integer series with centre 0 and sigma 10: the zone lines are integers, so values land exactly on them
// (testing the strict comparisons) and integer affine maps stay exact in floating point.
const segment = fc.oneof(
  fc.tuple(fc.integer({ min: -30, max: 30 }), fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 1, maxLength: 12 })).map(([level, noise]) => noise.map((e) => level + e)),
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 9 }).map((steps) => steps.map((_, i) => -20 + steps.slice(0, i + 1).reduce((a, b) => a + b, 0))),
  fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 16 }).map((sizes) => sizes.map((size, i) => (i % 2 === 0 ? size : -size))),
);
const series = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.flat());
const variant = fc.constantFrom<RuleVariant>('qcc', 'rspc');
const CENTER = 0;
const SIGMA = 10;
const zones = symmetricLimits(CENTER, SIGMA).zones;
const runs = { numRuns: 200 };

const key = (v: RuleViolation) => `${v.rule}@${v.index}[${v.window.start}-${v.window.end}]`;
const flagKeys = (x: number[], z = zones, v: RuleVariant = 'qcc', flag: 'completing' | 'all' = 'completing') =>
  evaluateRules(x, z, RULE_NAMES, { variant: v, flag }).flags.map((f) => `${f.rule}@${f.index}`);

describe('rule invariants', () => {
  it('flags are unchanged when data and limits are shifted and positively scaled', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -10_000, max: 10_000 }), variant, (x, a, b, v) => {
        const moved = symmetricLimits(a * CENTER + b, a * SIGMA).zones;
        const y = x.map((value) => a * value + b);
        assert.deepEqual(flagKeys(y, moved, v), flagKeys(x, zones, v));
        assert.deepEqual(flagKeys(y, moved, v, 'all'), flagKeys(x, zones, v, 'all'));
      }),
      runs,
    );
  });

  it('mirroring the data about the centre swaps above and below and keeps every flag', () => {
    const swap = { above: 'below', below: 'above', rising: 'falling', falling: 'rising' } as const;
    fc.assert(
      fc.property(series, variant, (x, v) => {
        const original = evaluateRules(x, zones, RULE_NAMES, { variant: v }).violations;
        const mirrored = evaluateRules(x.map((value) => 2 * CENTER - value), zones, RULE_NAMES, { variant: v }).violations;
        assert.deepEqual(mirrored.map(key), original.map(key));
        original.forEach((o, i) => {
          const m = mirrored[i] as RuleViolation;
          assert.equal(m.side, o.side ? swap[o.side] : undefined);
          assert.equal(m.direction, o.direction ? swap[o.direction] : undefined);
          assert.deepEqual(m.points, o.points);
        });
      }),
      runs,
    );
  });

  it('trend and alternation flags survive any strictly monotone transform', () => {
    const transforms = [(t: number) => t ** 3 + 7 * t, (t: number) => Math.exp(t / 7), (t: number) => -5 * t + 2];
    fc.assert(
      fc.property(series, fc.constantFrom(0, 1, 2), fc.constantFrom('completing', 'all'), (x, which, flag) => {
        const f = transforms[which] as (t: number) => number;
        const pick = (values: number[]) =>
          evaluateRules(values, zones, ['nelson3', 'nelson4', { rule: 'nelson3', length: 3 }], { flag }).flags.map((g) => `${g.rule}@${g.index}`);
        assert.deepEqual(pick(x.map(f)), pick(x));
      }),
      runs,
    );
  });

  it('every completing flag is also flagged under "all"', () => {
    fc.assert(
      fc.property(series, variant, (x, v) => {
        const all = new Set(flagKeys(x, zones, v, 'all'));
        for (const k of flagKeys(x, zones, v)) assert.ok(all.has(k), k);
      }),
      runs,
    );
  });

  it('the one-point check at the newest index equals the batch result there', () => {
    fc.assert(
      fc.property(series, variant, (x, v) => {
        const batch = evaluateRules(x, zones, RULE_NAMES, { variant: v }).violations;
        for (let i = 0; i < x.length; i++) {
          const expected = batch.filter((b) => b.index === i).map(key).sort();
          assert.deepEqual(evaluateRulesAt(x, i, zones, RULE_NAMES, { variant: v }).map(key).sort(), expected);
        }
      }),
      { numRuns: 100 },
    );
  });
});
