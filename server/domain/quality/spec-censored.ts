// Censored results ("< 0.05", "< LOQ", "ND", "> 100") against limits: a verdict only when every value the
// bound allows gives the same verdict after USP 7.20 rounding; otherwise the result cannot be evaluated.
import { compareDecimal, roundingThreshold } from './rounding';

/** The values a censored result allows: (-∞, bound) / (-∞, bound] or (bound, ∞) / [bound, ∞). */
export interface CensoredRange {
  side: 'below' | 'above';
  boundText: string;
  inclusive: boolean;
}

export type LimitCheck = 'pass' | 'fail' | 'indeterminate';

/**
 * An upper limit (NMT) fails a value once it rounds above the limit, i.e. from limit + ½ unit up.
 * "< b" passes every value when b <= threshold (b itself excluded), "<= b" when b < threshold.
 */
export function censoredAgainstUpper(range: CensoredRange, limit: number, decimals: number): LimitCheck {
  const threshold = roundingThreshold(limit, decimals, 'upper');
  const c = compareDecimal(range.boundText, threshold);
  if (range.side === 'below') return c < 0 || (c === 0 && !range.inclusive) ? 'pass' : 'indeterminate';
  return c >= 0 ? 'fail' : 'indeterminate';
}

/**
 * A lower limit (NLT) fails a value that rounds below the limit, i.e. below limit - ½ unit.
 * "> b" passes every value when b >= threshold; "< b" fails every value when b <= threshold.
 */
export function censoredAgainstLower(range: CensoredRange, limit: number, decimals: number): LimitCheck {
  const threshold = roundingThreshold(limit, decimals, 'lower');
  const c = compareDecimal(range.boundText, threshold);
  if (range.side === 'above') return c >= 0 ? 'pass' : 'indeterminate';
  return c < 0 || (c === 0 && !range.inclusive) ? 'fail' : 'indeterminate';
}

/** Both limits together: any certain failure decides; a pass needs every present limit to pass. */
export function censoredAgainstLimits(
  range: CensoredRange,
  limits: { lsl?: number; usl?: number },
  decimals: number,
): { check: LimitCheck; decidedBy: 'lsl' | 'usl' | 'limits' } {
  const upper = limits.usl === undefined ? 'pass' : censoredAgainstUpper(range, limits.usl, decimals);
  const lower = limits.lsl === undefined ? 'pass' : censoredAgainstLower(range, limits.lsl, decimals);
  if (upper === 'fail') return { check: 'fail', decidedBy: 'usl' };
  if (lower === 'fail') return { check: 'fail', decidedBy: 'lsl' };
  if (upper === 'pass' && lower === 'pass') return { check: 'pass', decidedBy: 'limits' };
  return { check: 'indeterminate', decidedBy: upper === 'indeterminate' ? 'usl' : 'lsl' };
}

/** True when every allowed value is strictly beyond `level` on the given side (alert/action flags). */
export function censoredBeyond(range: CensoredRange, level: number, side: 'high' | 'low'): boolean {
  const c = compareDecimal(range.boundText, level);
  if (side === 'high') return range.side === 'above' && c >= 0;
  return range.side === 'below' && c <= 0;
}
